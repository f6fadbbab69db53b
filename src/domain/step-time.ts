/**
 * A career step in time, read from its fuzzy dates' bounds: when it possibly and when it
 * certainly ran, whether that overlaps a period, and how long it can have lasted.
 *
 * Every interval here is of whole days, inclusive at both ends, as ISO `YYYY-MM-DD` strings
 * (which compare as the days do); `null` at an end is unbounded. The database answers `during`
 * with the same rules over its own columns (migrations/…-step-intervals.ts): this module is what
 * those rules mean, and what the tests compare the database's answers with.
 */
import { type DateBounds, EdtfError, monthsBetween, parseEdtf } from "./edtf";

/** How sure an answer must be that a step overlaps a period. */
export enum Certainty {
  /** The step may have overlapped it, as far as its dates' bounds say. */
  POSSIBLY = "POSSIBLY",
  /** The step overlapped it whatever its fuzzy dates turn out to mean. */
  CERTAINLY = "CERTAINLY",
}

/** Days from `from` to `to`, inclusive; `null` is unbounded at that end. */
export interface DayInterval {
  from: string | null;
  to: string | null;
}

/** What a step's time is made of: its start and end bounds (null when unknown), and whether it goes on. */
export interface StepDates {
  start: DateBounds | null;
  end: DateBounds | null;
  /** EDTF "..": the step goes on today. */
  endOpen: boolean;
}

const PERIOD_EXAMPLES = `a date ("2019", "2019-03", "2019-03-15") or an interval ("2016/2019", "2023/..", "../2019")`;

/**
 * The period of a `during` argument: an EDTF date (the days it may mean: "2019" is 2019-01-01 to
 * 2019-12-31, "2016~" is 2015 to 2017) or an interval of two (from the first day of its start to
 * the last of its end), either end of which may be open (`..`).
 *
 * @throws EdtfError saying what an accepted value looks like.
 */
export function parsePeriod(input: string): DayInterval {
  const parts = input.split("/");
  if (parts.length > 2) throw new EdtfError(`a period has at most one "/": expected ${PERIOD_EXAMPLES}`);
  if (parts.length === 1) {
    if (input === "..") throw new EdtfError(`".." alone is not a period: expected ${PERIOD_EXAMPLES}`);
    const date = readDate(input);
    return { from: date.earliest, to: date.latest };
  }
  const [startText = "", endText = ""] = parts;
  if (startText === "" || endText === "") throw new EdtfError(`an interval's end may be open (".."), not empty: expected ${PERIOD_EXAMPLES}`);
  const from = startText === ".." ? null : readDate(startText).earliest;
  const to = endText === ".." ? null : readDate(endText).latest;
  if (from !== null && to !== null && to < from) throw new EdtfError(`the period ends (${endText}) before it starts (${startText})`);
  return { from, to };
}

function readDate(text: string): DateBounds {
  try {
    return parseEdtf(text);
  } catch (error) {
    if (error instanceof EdtfError) throw new EdtfError(`"${text}" is not a date we can read (${error.message}): expected ${PERIOD_EXAMPLES}`);
    throw error;
  }
}

/**
 * The days a step possibly ran: from its start's earliest bound (unbounded when the start is
 * unknown) to its end's latest bound, or to `today` when it goes on or its end is unknown.
 * Null when that is empty (a step that may only begin after today and has no end).
 */
export function possibleInterval(step: StepDates, today: string): DayInterval | null {
  return nonEmpty({ from: step.start?.earliest ?? null, to: step.end?.latest ?? today });
}

/**
 * The days a step certainly ran: from its start's latest bound to its end's earliest bound, or to
 * `today` when it goes on. Null (none) when its start or its end is unknown, or when those bounds
 * cross (a fuzzy start and end that may meet).
 */
export function certainInterval(step: StepDates, today: string): DayInterval | null {
  if (step.start === null) return null;
  if (step.endOpen) return nonEmpty({ from: step.start.latest, to: today });
  if (step.end === null) return null;
  return nonEmpty({ from: step.start.latest, to: step.end.earliest });
}

function nonEmpty(interval: DayInterval): DayInterval | null {
  return interval.from !== null && interval.to !== null && interval.to < interval.from ? null : interval;
}

/** Whether two intervals share a day. */
export function overlaps(a: DayInterval, b: DayInterval): boolean {
  return (a.to === null || b.from === null || b.from <= a.to) && (b.to === null || a.from === null || a.from <= b.to);
}

/** Whether a step's possible (POSSIBLY) or certain (CERTAINLY) interval shares a day with `period`. */
export function isDuring(step: StepDates, period: DayInterval, certainty: Certainty, today: string): boolean {
  const interval = certainty === Certainty.CERTAINLY ? certainInterval(step, today) : possibleInterval(step, today);
  return interval !== null && overlaps(interval, period);
}

/** The least and the most a step can have lasted, in whole months; `max` is null when unbounded. */
export interface MonthBounds {
  min: number;
  max: number | null;
}

/**
 * The whole months a step lasted at least (its certain interval; 0 when it has none) and at most
 * (its possible interval; null when it goes on, or its start or end is unknown). Measured as
 * `durationMonths` measures, from day to day ({@link monthsBetween}), so the central estimate
 * always lies between them.
 */
export function durationBounds(step: StepDates, today: string): MonthBounds {
  const certain = certainInterval(step, today);
  const min = certain?.from && certain.to ? monthsBetween(certain.from, certain.to) : 0;
  const max = step.start !== null && step.end !== null ? monthsBetween(step.start.earliest, step.end.latest) : null;
  return { min, max };
}

/** Today in UTC, ISO `YYYY-MM-DD`: what "goes on" runs to. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
