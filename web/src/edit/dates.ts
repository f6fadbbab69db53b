/**
 * Fuzzy dates checked as they are typed, with the gateway's own rules (src/domain/edtf.ts, the
 * same module the importer runs), and their bounds said in words: "2016~" is "2015-01-01 to
 * 2017-12-31, approximate". Pure, so that it can be tested alone.
 */
import { EdtfError, type FuzzyDateValue, parseEdtf } from "../../../src/domain/edtf";

/** What a date field holds: nothing (unknown), an open end, a date with its bounds, or a mistake said in words. */
export type DateCheck =
  | { kind: "unknown"; words: string }
  | { kind: "open"; words: string }
  | { kind: "date"; value: FuzzyDateValue; words: string }
  | { kind: "error"; words: string };

/** How sure a date is, in words (its EDTF qualifier). */
function sureness(value: FuzzyDateValue): string {
  if (value.approximate && value.uncertain) return ", approximate and uncertain";
  if (value.approximate) return ", approximate";
  if (value.uncertain) return ", uncertain";
  return "";
}

/** A date's bounds in words: one day when it is one, else the first and last days it may mean. */
export function boundsInWords(value: FuzzyDateValue): string {
  const span = value.earliest === value.latest ? value.earliest : `${value.earliest} to ${value.latest}`;
  return `${span}${sureness(value)}`;
}

/**
 * Checks what a date field holds. `open` says whether `..` (goes on today) is allowed: a step's
 * end, not its start nor a publication date. Empty is unknown.
 */
export function checkDate(text: string, { open }: { open: boolean }): DateCheck {
  if (text === "") return { kind: "unknown", words: "unknown" };
  if (text === "..") return open ? { kind: "open", words: "goes on today" } : { kind: "error", words: '".." means an open end; this date is a date or unknown (leave it empty)' };
  try {
    const value = parseEdtf(text);
    return { kind: "date", value, words: boundsInWords(value) };
  } catch (error) {
    if (error instanceof EdtfError) return { kind: "error", words: error.message };
    throw error;
  }
}

/** Whether a step's end comes before its start (the importer refuses it): said in words, or null. */
export function orderProblem(start: DateCheck, end: DateCheck): string | null {
  if (start.kind === "date" && end.kind === "date" && end.value.latest < start.value.earliest) return `ends (${end.value.edtf}) before it starts (${start.value.edtf})`;
  return null;
}
