/**
 * The server's word on a draft (importInterview's dry run), placed where each problem is: on a
 * quote, a career step, a field of the source, or a person, company or topic the draft declares.
 * The server names every problem by its path in the bundle (`bundle.quotes[3].text`); the
 * bundle's lists are the draft's, in the draft's order (draft.ts: the declared ones, those in
 * use), so a path leads back to the item. Pure, so that it can be tested alone.
 */
import { declaredInUse, type Draft } from "./draft";

/** Where a problem is shown. */
export type Place =
  | { kind: "quote"; key: string }
  | { kind: "step"; key: string }
  | { kind: "source"; field: string }
  | { kind: "declared"; list: "people" | "companies" | "topics"; slug: string }
  | { kind: "draft" };

/** One problem or warning, with its place and the field it names there (`text`, `start`, `speaker`…; empty for the item as a whole). */
export interface PlacedProblem {
  place: Place;
  field: string;
  message: string;
  severity: "error" | "warning";
}

const PATH = /^bundle(?:\.(source|quotes|careerSteps|people|companies|topics))?(?:\[(\d+)\])?(?:\.([A-Za-z]+))?/;

/** Places a problem named by its path (`bundle.quotes[3].text`) with its message, the path taken off the message's front. */
export function placeProblem(draft: Draft, path: string, message: string, severity: PlacedProblem["severity"]): PlacedProblem {
  const words = message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
  const match = PATH.exec(path);
  const [, list, index, field = ""] = match ?? [];
  const at = index === undefined ? -1 : Number(index);
  const placed = (place: Place, fieldName = field): PlacedProblem => ({ place, field: fieldName, message: words, severity });
  if (list === "source") return placed({ kind: "source", field: index === undefined ? field : "sections" }, index === undefined ? field : "sections");
  if (list === "quotes" && draft.quotes[at]) return placed({ kind: "quote", key: draft.quotes[at].key });
  if (list === "careerSteps" && draft.steps[at]) return placed({ kind: "step", key: draft.steps[at].key });
  if (list === "people" || list === "companies" || list === "topics") {
    const declared = declaredInUse(draft, list)[at];
    if (declared) return placed({ kind: "declared", list, slug: declared.slug });
  }
  // Anything else (the bundle as a whole, an item the draft no longer has): said whole, path and all.
  return { place: { kind: "draft" }, field: "", message, severity };
}

/** The problems of a rejected bundle (BAD_USER_INPUT's `extensions.problems`), placed. */
export function placeProblems(draft: Draft, problems: ReadonlyArray<{ argumentPath: string; message: string }>): PlacedProblem[] {
  return problems.map((problem) => placeProblem(draft, problem.argumentPath, problem.message, "error"));
}

/** The warnings of an accepted bundle (`bundle.quotes[1].text: not found verbatim…`), placed. */
export function placeWarnings(draft: Draft, warnings: readonly string[]): PlacedProblem[] {
  return warnings.map((warning) => {
    const path = /^(bundle[^ :]*): /.exec(warning)?.[1] ?? "bundle";
    return placeProblem(draft, path, warning, "warning");
  });
}

/** What the workspace calls the fields a problem can name. */
const FIELD_WORDS: Record<string, string> = {
  speaker: "Speaker",
  text: "Words",
  topics: "Topics",
  companies: "Companies",
  person: "Person",
  company: "Company",
  title: "Title",
  start: "Start",
  end: "End",
  evidence: "Evidence",
  occurrence: "Which place in the text",
  name: "Name",
  slug: "Slug",
};

/** A problem in words, said on its item (a card): the field it names first. */
export function problemWords(problem: PlacedProblem): string {
  return problem.field ? `${FIELD_WORDS[problem.field] ?? problem.field}: ${problem.message}` : problem.message;
}

/** Whether a problem stands at a place. */
export function isAt(problem: PlacedProblem, place: Place): boolean {
  return JSON.stringify(problem.place) === JSON.stringify(place);
}
