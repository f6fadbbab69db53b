/**
 * The period a company page asks about: pure, no DOM, so that it can be tested alone.
 *
 * The page's address holds it as the API takes it, an EDTF date or interval of years
 * (`?during=2016/2019`, `2019`, `2023/..`, `../2019`), beside how sure an overlap must be
 * (`&certainty=CERTAINLY`; POSSIBLY when absent). Only what parses here is ever sent: a value
 * half typed, or an address edited by hand into something else, never reaches the API.
 */

/** A stretch of whole years; a null bound is open (no limit on that side). */
export interface Period {
  from: number | null;
  to: number | null;
}

/** Whether a step must possibly or certainly overlap the period (the API's `Certainty`). */
export type Certainty = "POSSIBLY" | "CERTAINLY";

/** What a company page shows, as its address says. */
export interface PeriodChoice {
  /** The period, or null for all time. */
  period: Period | null;
  certainty: Certainty;
  /** The address's `during` when it is not a period of years: shown, never sent. */
  ignored: string | null;
}

const YEAR = /^[0-9]{4}$/;

function year(text: string): number | null {
  return YEAR.test(text) ? Number(text) : null;
}

/**
 * A period of years from its EDTF: "2019", "2016/2019", "2023/..", "../2019". Anything else is
 * null, and so is "../.." (all time is no period) and an interval that ends before it starts.
 */
export function parseDuring(text: string): Period | null {
  const parts = text.trim().split("/");
  if (parts.length === 1) {
    const only = year(parts[0] ?? "");
    return only === null ? null : { from: only, to: only };
  }
  if (parts.length !== 2) return null;
  const [start = "", end = ""] = parts;
  const from = start === ".." ? null : year(start);
  const to = end === ".." ? null : year(end);
  if ((from === null && start !== "..") || (to === null && end !== "..")) return null;
  if (from === null && to === null) return null;
  if (from !== null && to !== null && from > to) return null;
  return { from, to };
}

/** A period's EDTF, as the API and the address take it: a single year stays a year ("2019"). */
export function formatDuring(period: Period): string {
  if (period.from !== null && period.from === period.to) return String(period.from);
  return `${period.from ?? ".."}/${period.to ?? ".."}`;
}

/** What a company page's address asks for (`during` and `certainty` of its query). */
export function choiceOf(params: URLSearchParams): PeriodChoice {
  const during = params.get("during")?.trim() ?? "";
  const period = during ? parseDuring(during) : null;
  return {
    period,
    certainty: params.get("certainty") === "CERTAINLY" ? "CERTAINLY" : "POSSIBLY",
    ignored: during && !period ? during : null,
  };
}

/**
 * The query of a company page's address for a choice: `?during=2016/2019&certainty=CERTAINLY`,
 * its slashes kept readable (a query may hold them); POSSIBLY, the default, is left out.
 */
export function choiceQuery(choice: Pick<PeriodChoice, "period" | "certainty">): string {
  const parts: string[] = [];
  if (choice.period) parts.push(`during=${encodeURIComponent(formatDuring(choice.period)).replace(/%2F/gi, "/")}`);
  if (choice.certainty === "CERTAINLY") parts.push("certainty=CERTAINLY");
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

/** What two year fields ("from", "to"; empty is open) say: a period, all time (null), or what is wrong. */
export function periodOfFields(from: string, to: string): { period: Period | null } | { error: string } {
  const fromText = from.trim();
  const toText = to.trim();
  const fromYear = fromText ? year(fromText) : null;
  const toYear = toText ? year(toText) : null;
  if (fromText && fromYear === null) return { error: "“From” must be a year of four digits, such as 2016, or empty." };
  if (toText && toYear === null) return { error: "“To” must be a year of four digits, such as 2019, or empty." };
  if (fromYear !== null && toYear !== null && fromYear > toYear) return { error: "“From” must not come after “to”." };
  return { period: fromYear === null && toYear === null ? null : { from: fromYear, to: toYear } };
}

/** A period's inclusive ISO bounds, for drawing it on a time axis; null where it is open. */
export function periodBounds(period: Period): { earliest: string | null; latest: string | null } {
  return {
    earliest: period.from === null ? null : `${period.from}-01-01`,
    latest: period.to === null ? null : `${period.to}-12-31`,
  };
}

/** A period in words, after "at X": "during 2019", "during 2016–2019", "from 2023 on", "until 2019"; "" for all time. */
export function describePeriod(period: Period | null): string {
  if (!period) return "";
  if (period.from !== null && period.to !== null) return period.from === period.to ? `during ${period.from}` : `during ${period.from}–${period.to}`;
  return period.from !== null ? `from ${period.from} on` : `until ${period.to}`;
}

/**
 * What a company page's answer says, in a sentence: "Nobody known at OpenAI during 2022.",
 * "Nobody known for certain at Twitter during 2016.", "1 person possibly at Twitter during
 * 2016–2019.", "2 people known at Twitter." (all time: how sure is moot).
 */
export function whoWasThere(company: string, people: number, period: Period | null, certainty: Certainty): string {
  const when = period ? ` ${describePeriod(period)}` : "";
  if (people === 0) return `Nobody known${period && certainty === "CERTAINLY" ? " for certain" : ""} at ${company}${when}.`;
  const who = people === 1 ? "1 person" : `${people} people`;
  if (!period) return `${who} known at ${company}.`;
  return `${who} ${certainty === "CERTAINLY" ? "certainly" : "possibly"} at ${company}${when}.`;
}
