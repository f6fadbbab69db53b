import { type BodyMatch, type BodyText } from "./body-text";
import { EdtfError, type FuzzyDateValue, parseEdtf } from "./edtf";
import { type ProblemList } from "./problems";

/**
 * The checks a bundle and an editor's mutation share: finding a passage in a body, the section
 * it stands under, and reading fuzzy dates. Problems go to a ProblemList under the path given,
 * so a bundle says `quotes[3].text` and a mutation `input.text`.
 */

/** The longest passage shown in an error message. */
const MAX_SHOWN = 160;

/**
 * Finds a passage in the body: verbatim first; failing that, once after folding typography
 * (a warning, storing the body's own characters); failing that, an error showing the nearest passage.
 */
export function anchor(
  body: BodyText,
  wanted: string,
  occurrence: number | undefined,
  path: string,
  problems: ProblemList,
): BodyMatch | null {
  const needle = wanted.normalize("NFC");
  // Only as many occurrences as the choice needs: the one asked for, or two to tell that there is more than one.
  const needed = occurrence ?? 2;
  const exact = body.findExact(needle, needed);
  if (exact.length > 0) return pick(exact, occurrence, path, problems, () => body.countExact(needle));

  const folded = body.findFolded(needle, needed);
  if (folded.length > 0) {
    const match = pick(folded, occurrence, path, problems, () => body.findFolded(needle).length);
    if (match) {
      problems.warn(
        path,
        `not found verbatim; matched after folding typography (white space, quotes, dashes, ellipsis) and stored the body's text "${shorten(match.text)}"`,
      );
    }
    return match;
  }

  const nearest = body.nearest(needle);
  problems.error(
    path,
    nearest
      ? `not found verbatim in the body; nearest passage [${nearest.start}, ${nearest.end}): "${shorten(nearest.text)}"`
      : "not found verbatim in the body",
  );
  return null;
}

/** The match `occurrence` names among the first ones found; `countAll` counts every occurrence, for a message. */
function pick(matches: BodyMatch[], occurrence: number | undefined, path: string, problems: ProblemList, countAll: () => number): BodyMatch | null {
  const occurrencePath = path.replace(/\.[a-z]+$/, ".occurrence");
  if (occurrence === undefined) {
    if (matches.length === 1) return matches[0] ?? null;
    const count = countAll();
    problems.error(path, `found ${count} times in the body; say which with occurrence: 1 to ${count}`);
    return null;
  }
  const match = matches[occurrence - 1];
  if (!match) problems.error(occurrencePath, `occurrence ${occurrence} asked for, but the text is found ${matches.length} time(s)`);
  return match ?? null;
}

/** Where each listed heading stands: a line of its own, in the order listed. */
export function locateSections(body: BodyText, sections: string[], problems: ProblemList): Array<{ heading: string; start: number }> {
  const located: Array<{ heading: string; start: number }> = [];
  let after = -1;
  sections.forEach((heading, index) => {
    let line: { start: number; end: number } | undefined;
    for (const span of body.spansOf(heading.normalize("NFC"))) {
      if (span.start > after && isWholeLine(body, span)) {
        line = span;
        break;
      }
    }
    if (!line) {
      problems.error(`source.sections[${index}]`, `heading "${shorten(heading)}" not found in the body as a line of its own (after the headings before it)`);
      return;
    }
    after = line.start;
    located.push({ heading: body.slice(line.start, line.end), start: line.start });
  });
  return located;
}

function isWholeLine(body: BodyText, match: { start: number; end: number }): boolean {
  const before = match.start === 0 ? "\n" : body.slice(match.start - 1, match.start);
  const after = match.end === body.length ? "\n" : body.slice(match.end, match.end + 1);
  return /[\r\n]/.test(before) && /[\r\n]/.test(after);
}

/** The section a span stands under: the last listed heading that starts before it. */
export function sectionAt(headings: Array<{ heading: string; start: number }>, start: number): string | null {
  let section: string | null = null;
  for (const heading of headings) if (heading.start < start) section = heading.heading;
  return section;
}

/** Parses an EDTF date, or reports why it cannot be read under `path`; null when absent. */
export function parseDate(value: string | null | undefined, path: string, problems: ProblemList): FuzzyDateValue | null {
  if (value == null) return null;
  try {
    return parseEdtf(value);
  } catch (error) {
    if (!(error instanceof EdtfError)) throw error;
    problems.error(path, `"${value}" is not a date we can read: ${error.message}`);
    return null;
  }
}

/** A career step's dates: an EDTF start, and an EDTF end or ".." for a step that goes on. */
export interface StepDates {
  start: FuzzyDateValue | null;
  end: FuzzyDateValue | null;
  /** The end is "..": the step goes on. Distinct from an unknown end (no end date, not open). */
  endOpen: boolean;
}

/** Reads a step's start and end (absent or null: unknown); problems go under `${path}.start` and `.end`. */
export function parseStepDates(start: string | null | undefined, end: string | null | undefined, path: string, problems: ProblemList): StepDates {
  const prefix = path === "" ? "" : `${path}.`;
  const startDate = start === ".." ? null : parseDate(start, `${prefix}start`, problems);
  if (start === "..") problems.error(`${prefix}start`, '".." means an open end; a start is a date or unknown (omit it)');
  const endOpen = end === "..";
  const endDate = endOpen ? null : parseDate(end, `${prefix}end`, problems);
  if (startDate && endDate && endDate.latest < startDate.earliest) {
    problems.error(`${prefix}end`, `ends (${endDate.edtf}) before it starts (${startDate.edtf})`);
  }
  return { start: startDate, end: endDate, endOpen };
}

/** A text cut to MAX_SHOWN code points, for messages. */
export function shorten(text: string): string {
  const points = [...text];
  return points.length <= MAX_SHOWN ? text : `${points.slice(0, MAX_SHOWN - 1).join("")}…`;
}
