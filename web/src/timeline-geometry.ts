/**
 * Where a career timeline's marks go: pure geometry, no DOM, so that it can be tested alone.
 *
 * A step is drawn honestly: the stretch it surely covers is a solid bar; each fuzzy end fades
 * across its bounds (from the earliest day it can mean to the latest); an end that goes on runs
 * to today and ends in an arrow; an unknown end (or start) is a short dashed stub with a "?", so
 * it never looks like either a known date or "still there". Rows may be one person's steps or
 * everyone's at a company: the geometry does not care whose they are.
 */

/** A date as the chart needs it: its inclusive ISO bounds, and whether it is approximate. */
export interface ChartDate {
  earliest: string;
  latest: string;
  approximate: boolean;
  uncertain: boolean;
  edtf: string;
}

export interface ChartStep {
  id: string;
  start: ChartDate | null;
  end: ChartDate | null;
  isCurrent: boolean;
}

/** A horizontal stretch, in chart units. */
export interface Stretch {
  x1: number;
  x2: number;
}

export interface StepShape {
  id: string;
  row: number;
  /** The start's fuzziness, fading in from x1 (its earliest day) to x2 (its latest). Null when unknown. */
  startFade: Stretch | null;
  /** What the step surely covers: from the latest possible start to the earliest possible end (or today). */
  core: Stretch | null;
  /** The end's fuzziness, fading out. Null when it goes on or is unknown. */
  endFade: Stretch | null;
  /** It goes on: the core runs to today and ends in an arrow at x. */
  openEndAt: number | null;
  /** The end is unknown: a dashed stub from x1 to x2. */
  unknownEnd: Stretch | null;
  /** The start is unknown: a dashed stub from x1 to x2. */
  unknownStart: Stretch | null;
}

export interface Tick {
  x: number;
  year: number;
}

export interface TimelineLayout {
  width: number;
  steps: StepShape[];
  ticks: Tick[];
  todayX: number;
  /** The period asked about, when there is one: its open sides run to the chart's edges. */
  period: Stretch | null;
}

/** A period on the axis: its inclusive ISO bounds, null where it is open. */
export interface ChartPeriod {
  earliest: string | null;
  latest: string | null;
}

const DAY_MS = 86_400_000;
/** How far an unknown end or start is drawn, in days: a visible stub, not a claim. */
const STUB_DAYS = 365;

function day(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** The day after an inclusive bound: a bar drawn to `latest` covers that whole day. */
function dayAfter(iso: string): number {
  return day(iso) + 1;
}

/**
 * Lays out steps along a time axis `width` units wide, from half a year before the earliest
 * date to half a year after the latest one (or today), with a tick each year (or every few
 * years on long careers). A period asked about (a company page's) is on the axis too.
 */
export function layoutTimeline(steps: ChartStep[], today: string, width: number, period: ChartPeriod | null = null): TimelineLayout {
  const todayDay = day(today);
  const days: number[] = [todayDay];
  for (const step of steps) {
    for (const date of [step.start, step.end]) {
      if (date) days.push(day(date.earliest), dayAfter(date.latest));
    }
  }
  if (period?.earliest) days.push(day(period.earliest));
  if (period?.latest) days.push(dayAfter(period.latest));
  const from = Math.min(...days) - 183;
  const to = Math.max(...days) + 183;
  const x = (d: number) => ((Math.min(Math.max(d, from), to) - from) / (to - from)) * width;

  const shapes = steps.map((step, row): StepShape => {
    const shape: StepShape = { id: step.id, row, startFade: null, core: null, endFade: null, openEndAt: null, unknownEnd: null, unknownStart: null };
    const startDay = step.start ? { earliest: day(step.start.earliest), latest: dayAfter(step.start.latest) } : null;
    const endDay = step.end ? { earliest: day(step.end.earliest), latest: dayAfter(step.end.latest) } : null;
    if (startDay) shape.startFade = { x1: x(startDay.earliest), x2: x(startDay.latest) };
    if (step.isCurrent) {
      const from = startDay?.latest ?? todayDay - STUB_DAYS;
      shape.core = { x1: x(from), x2: x(todayDay) };
      shape.openEndAt = x(todayDay);
    } else if (endDay) {
      shape.endFade = { x1: x(endDay.earliest), x2: x(endDay.latest) };
      if (startDay && startDay.latest < endDay.earliest) shape.core = { x1: x(startDay.latest), x2: x(endDay.earliest) };
    } else if (startDay) {
      shape.unknownEnd = { x1: x(startDay.latest), x2: x(startDay.latest + STUB_DAYS) };
    }
    if (!startDay) {
      const anchor = endDay?.earliest ?? (step.isCurrent ? todayDay - STUB_DAYS : todayDay);
      shape.unknownStart = { x1: x(anchor - STUB_DAYS), x2: x(anchor) };
    }
    return shape;
  });

  const firstYear = new Date(from * DAY_MS).getUTCFullYear() + 1;
  const lastYear = new Date(to * DAY_MS).getUTCFullYear();
  const spanYears = lastYear - firstYear;
  const every = spanYears > 40 ? 10 : spanYears > 16 ? 5 : spanYears > 8 ? 2 : 1;
  const ticks: Tick[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    if (year % every === 0) ticks.push({ year, x: x(day(`${year}-01-01`)) });
  }
  const band = period && (period.earliest || period.latest) ? { x1: period.earliest ? x(day(period.earliest)) : 0, x2: period.latest ? x(dayAfter(period.latest)) : width } : null;
  return { width, steps: shapes, ticks, todayX: x(todayDay), period: band };
}

/** A fuzzy date in words: "c. 2016" for approximate, "2023?" for uncertain, "May 2023". */
export function describeDate(date: ChartDate | null, unknown = "unknown"): string {
  if (!date) return unknown;
  const [year, month, dayOfMonth] = date.edtf.replace(/[~?%]$/, "").split("-");
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const base = [dayOfMonth ? String(Number(dayOfMonth)) : null, month ? months[Number(month) - 1] : null, year].filter(Boolean).join(" ");
  return `${date.approximate ? "c. " : ""}${base}${date.uncertain ? "?" : ""}`;
}

/** How long a step lasted, from the fewest and most months its dates allow (null: no limit known). */
export function describeDuration(range: { min: number; max: number | null }): string {
  // Whole years rounded outwards, so the words never claim more than the months allow: a least
  // of 47 months is "3 years", a most of 119 is "10 years".
  const words = (months: number, round: (years: number) => number) => (months < 24 ? `${months} month${months === 1 ? "" : "s"}` : `${round(months / 12)} years`);
  const least = (months: number) => words(months, Math.floor);
  const most = (months: number) => words(months, Math.ceil);
  if (range.max === null) return range.min > 0 ? `at least ${least(range.min)}` : "for a time not known";
  if (range.max === 0) return "under a month";
  if (range.min === 0) return `up to ${most(range.max)}`;
  const [low, high] = [least(range.min), most(range.max)];
  if (low === high) return `about ${high}`;
  // "5 to 9 years", not "5 years to 9 years"; "10 months to 3 years" keeps both units.
  return low.endsWith(" years") && high.endsWith(" years") ? `${low.replace(" years", "")} to ${high}` : `${low} to ${high}`;
}
