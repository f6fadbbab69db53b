/**
 * Fuzzy dates as EDTF level-1 strings (https://www.loc.gov/standards/datetime/).
 *
 * Evidence rarely gives exact dates ("almost seven years", "since 2023"), so a date is
 * kept as the string the editor wrote plus inclusive earliest/latest bounds; sorting
 * and overlap use the bounds. Only the subset we can bound honestly is accepted:
 * `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, each optionally followed by one qualifier.
 *
 * All arithmetic is on integers: no `Date`, so no local time zone and no surprises
 * with years below 100 (which `Date.UTC` maps to 19xx).
 */

/** How much of a fuzzy date is known. */
export enum DatePrecision {
  YEAR = "YEAR",
  MONTH = "MONTH",
  DAY = "DAY",
}

/** A parsed EDTF date with its bounds. */
export interface FuzzyDateValue {
  /** The EDTF string; the input itself, since only canonical input is accepted. */
  edtf: string;
  year: number;
  /** 1–12, or null for a year-precision date. */
  month: number | null;
  /** 1–31, or null unless the precision is DAY. */
  day: number | null;
  precision: DatePrecision;
  /** Qualified with `~` (approximate) or `%` (approximate and uncertain). */
  approximate: boolean;
  /** Qualified with `?` (uncertain) or `%` (approximate and uncertain). */
  uncertain: boolean;
  /** First possible day, ISO `YYYY-MM-DD`, inclusive. */
  earliest: string;
  /** Last possible day, ISO `YYYY-MM-DD`, inclusive. */
  latest: string;
}

/** A string that is not a date this module accepts; the message says why in plain words. */
export class EdtfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EdtfError";
  }
}

const EXPECTED = "expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %";

const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/** A calendar day as plain integers; month 1–12, day 1–31. */
interface Ymd {
  y: number;
  m: number;
  d: number;
}

const FIRST_DAY: Ymd = { y: MIN_YEAR, m: 1, d: 1 };
const LAST_DAY: Ymd = { y: MAX_YEAR, m: 12, d: 31 };

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function formatYmd({ y, m, d }: Ymd): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Keeps a day inside 0001-01-01..9999-12-31; widening may step one unit outside. */
function clamp(day: Ymd): Ymd {
  if (day.y < MIN_YEAR) return FIRST_DAY;
  if (day.y > MAX_YEAR) return LAST_DAY;
  return day;
}

function previousDay({ y, m, d }: Ymd): Ymd {
  if (d > 1) return { y, m, d: d - 1 };
  if (m > 1) return { y, m: m - 1, d: daysInMonth(y, m - 1) };
  return { y: y - 1, m: 12, d: 31 };
}

function nextDay({ y, m, d }: Ymd): Ymd {
  if (d < daysInMonth(y, m)) return { y, m, d: d + 1 };
  if (m < 12) return { y, m: m + 1, d: 1 };
  return { y: y + 1, m: 1, d: 1 };
}

/** The month `delta` months away from (y, m), as { y, m }. */
function shiftMonth(y: number, m: number, delta: number): { y: number; m: number } {
  const index = y * 12 + (m - 1) + delta;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

// Strictly the accepted shape, but with any number of qualifiers so that "2016~?"
// can get a more helpful message than the generic one.
const DATE_SHAPE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]*)$/;
// The same shape with X allowed for digits (EDTF's "201X", "2016-XX").
const UNSPECIFIED_SHAPE = /^[\dXx]{4}(?:-[\dXx]{2}(?:-[\dXx]{2})?)?[~?%]*$/;

/**
 * Parses an EDTF level-1 date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 0001–9999),
 * optionally followed by exactly one qualifier: `~` approximate, `?` uncertain,
 * `%` both.
 *
 * Bounds: `earliest` is the first day of the period and `latest` its last day
 * (`2023` → 2023-01-01..2023-12-31, `2024-02` → 2024-02-01..2024-02-29).
 * An approximate date (`~` or `%`) is widened by one unit of its precision on each
 * side, because "about 2016" honestly includes 2015 and 2017:
 * `2016~` → 2015-01-01..2017-12-31, `2023-05~` → 2023-04-01..2023-06-30,
 * `2023-05-10~` → 2023-05-09..2023-05-11. An uncertain date (`?` alone) is not
 * widened: the date itself is doubted, not vague. Bounds are clamped to
 * 0001-01-01..9999-12-31.
 *
 * Rejected with an {@link EdtfError}: empty strings, white space, intervals (`/`),
 * open ends (`..`), unspecified digits (`201X`), seasons (months 21–24), more than one
 * qualifier, and days that are not on the calendar (`2023-02-29`).
 *
 * @throws EdtfError when the input is not such a date; the message says what is wrong.
 */
export function parseEdtf(input: string): FuzzyDateValue {
  if (input.length === 0) throw new EdtfError(`empty string: ${EXPECTED}`);
  if (/\s/.test(input)) throw new EdtfError(`white space is not allowed: ${EXPECTED}`);
  if (input.includes("/")) {
    throw new EdtfError(`intervals (start/end) are not supported: ${EXPECTED}`);
  }
  if (input.includes("..")) {
    throw new EdtfError(`open or unknown ends (..) are not supported here: ${EXPECTED}`);
  }
  if (/[Xx]/.test(input) && UNSPECIFIED_SHAPE.test(input)) {
    throw new EdtfError(`unspecified digits (X) are not supported: ${EXPECTED}`);
  }

  const match = DATE_SHAPE.exec(input);
  if (match === null) throw new EdtfError(EXPECTED);
  const [, yearText, monthText, dayText, qualifiers = ""] = match;
  if (qualifiers.length > 1) {
    throw new EdtfError("only one qualifier is allowed: use % for approximate and uncertain");
  }

  const year = Number(yearText);
  if (year < MIN_YEAR) throw new EdtfError("year 0000 does not exist: years run from 0001 to 9999");

  const month = monthText === undefined ? null : Number(monthText);
  if (month !== null) {
    // EDTF level 1 spells seasons as months 21–24 ("2023-21" is spring 2023).
    if (month >= 21 && month <= 24) throw new EdtfError(`seasons are not supported: ${EXPECTED}`);
    if (month < 1 || month > 12) throw new EdtfError(`month ${monthText} does not exist`);
  }

  const day = dayText === undefined ? null : Number(dayText);
  if (day !== null && month !== null) {
    const length = daysInMonth(year, month);
    if (day < 1 || day > length) {
      throw new EdtfError(
        `day ${dayText} does not exist: ${yearText}-${monthText} has ${length} days`,
      );
    }
  }

  const approximate = qualifiers === "~" || qualifiers === "%";
  const uncertain = qualifiers === "?" || qualifiers === "%";

  let precision: DatePrecision;
  let earliest: Ymd;
  let latest: Ymd;
  if (month === null) {
    precision = DatePrecision.YEAR;
    const y0 = approximate ? year - 1 : year;
    const y1 = approximate ? year + 1 : year;
    earliest = { y: y0, m: 1, d: 1 };
    latest = { y: y1, m: 12, d: 31 };
  } else if (day === null) {
    precision = DatePrecision.MONTH;
    const first = shiftMonth(year, month, approximate ? -1 : 0);
    const last = shiftMonth(year, month, approximate ? 1 : 0);
    earliest = { ...first, d: 1 };
    latest = { ...last, d: daysInMonth(last.y, last.m) };
  } else {
    precision = DatePrecision.DAY;
    const exact: Ymd = { y: year, m: month, d: day };
    earliest = approximate ? previousDay(exact) : exact;
    latest = approximate ? nextDay(exact) : exact;
  }

  return {
    edtf: input,
    year,
    month,
    day,
    precision,
    approximate,
    uncertain,
    earliest: formatYmd(clamp(earliest)),
    latest: formatYmd(clamp(latest)),
  };
}

function parseIsoDate(iso: string): Ymd {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (match !== null) {
    const y = Number(match[1]);
    const m = Number(match[2]);
    const d = Number(match[3]);
    if (y >= MIN_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return { y, m, d };
  }
  throw new EdtfError(
    `expected an ISO date YYYY-MM-DD between 0001-01-01 and 9999-12-31, got "${iso}"`,
  );
}

/** Whether a text is an ISO day on the calendar (`YYYY-MM-DD`, 0001-01-01 to 9999-12-31), as the bounds are written. */
export function isIsoDay(text: string): boolean {
  try {
    parseIsoDate(text);
    return true;
  } catch (error) {
    if (error instanceof EdtfError) return false;
    throw error;
  }
}

/**
 * Whole months from `earliest` to `latest` (ISO `YYYY-MM-DD` dates), rounded down:
 * the largest n such that `earliest` plus n months is on or before `latest`.
 * Adding months keeps the day of the month, clamped to the month's last day
 * (Jan 31 + 1 month = Feb 28), so 2023-01-31 → 2023-02-28 is one month.
 * Negative when `latest` is before `earliest`.
 *
 * @throws EdtfError when either argument is not a valid ISO date.
 */
export function monthsBetween(earliest: string, latest: string): number {
  const from = parseIsoDate(earliest);
  const to = parseIsoDate(latest);
  const months = (to.y - from.y) * 12 + (to.m - from.m);
  // `from` moved by `months` lands in `to`'s month; if past `to`, one month fewer fits.
  const landingDay = Math.min(from.d, daysInMonth(to.y, to.m));
  return landingDay > to.d ? months - 1 : months;
}

/** Days since 1970-01-01 of a calendar day (proleptic Gregorian; integers only). */
function dayNumber({ y, m, d }: Ymd): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The calendar day of a day number (the inverse of {@link dayNumber}). */
function dayOfNumber(days: number): Ymd {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yearOfEra + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** The middle day of inclusive ISO bounds (the earlier of two middle days). */
export function middleDay(earliest: string, latest: string): string {
  const from = dayNumber(parseIsoDate(earliest));
  const to = dayNumber(parseIsoDate(latest));
  return formatYmd(dayOfNumber(Math.floor((from + to) / 2)));
}

/** The bounds of a fuzzy date, as stored. */
export interface DateBounds {
  earliest: string;
  latest: string;
}

/**
 * How many whole months a career step lasted, or null when that cannot be bounded (an unknown
 * start, or an unknown end that is not open).
 *
 * Each end is taken at the middle of its bounds, so a day-precision date counts as itself
 * (exact) and a fuzzy one as its central estimate: "2016~" to "2023~" (2015-01-01..2017-12-31
 * to 2022-01-01..2024-12-31) is 84 months, seven years. An open end runs to `today` (ISO).
 * Never negative.
 */
export function durationMonths(start: DateBounds | null, end: DateBounds | null, endOpen: boolean, today: string): number | null {
  if (start === null || (end === null && !endOpen)) return null;
  const from = middleDay(start.earliest, start.latest);
  const to = end === null ? today : middleDay(end.earliest, end.latest);
  return Math.max(0, monthsBetween(from, to));
}
