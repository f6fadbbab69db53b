/**
 * The editor's work in progress: a source, its text, and the quotes and career steps made by
 * selecting its words. Pure (no DOM), so that it can be tested alone. A draft becomes a content
 * bundle (the format of content/, body inline) exactly as `npm run ingest` and `importInterview`
 * take it: each selection is written as its words and, when those words stand more than once in
 * the text, the occurrence the selection is (counted as the importer counts, overlapping allowed),
 * so the importer finds the very span that was selected, never another by a guess.
 */

/** The kinds of source the API knows (its SourceKind). */
export const SOURCE_KINDS = ["INTERVIEW", "AS_TOLD_TO_ESSAY", "ARTICLE", "PODCAST", "TALK", "TRANSCRIPT"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A stretch of the draft's text, in UTF-16 code units (as the text box selects), end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

export interface DraftSource {
  slug: string;
  title: string;
  kind: SourceKind;
  url: string;
  publisher: string;
  /** EDTF, or empty for unknown. */
  publishedOn: string;
  /** A person's slug, or empty. */
  narrator: string;
  body: string;
  /** Headings of the text, verbatim, marked as sections. */
  sections: string[];
}

/** A person, company or topic the draft declares (new ones, or existing ones it uses: the bundle declares every slug it names). */
export interface DraftPerson {
  slug: string;
  name: string;
  headline?: string | null;
}

export interface DraftCompany {
  slug: string;
  name: string;
  website?: string | null;
}

export interface DraftTopic {
  slug: string;
  name: string;
}

export interface DraftQuote extends TextRange {
  /** The draft's own id for it (stable across edits; not the API's). */
  key: string;
  speaker: string;
  topics: string[];
  companies: string[];
}

export interface DraftStep {
  key: string;
  /** The passage that supports the step; null when none was selected. */
  evidence: TextRange | null;
  person: string;
  company: string;
  title: string;
  /** EDTF, or empty for unknown. */
  start: string;
  /** EDTF, `..` for ongoing, or empty for unknown. */
  end: string;
}

/** The lists of people, companies and topics a draft names by slug. */
export type EntityList = "people" | "companies" | "topics";

export interface Draft {
  source: DraftSource;
  /** New people, companies and topics: declared in the bundle. Existing ones are named by slug alone (declaring them again would overwrite them). */
  people: DraftPerson[];
  companies: DraftCompany[];
  topics: DraftTopic[];
  /** The names of the existing ones the draft names, by `list:slug`, to show them (not part of the bundle). */
  names: Record<string, string>;
  quotes: DraftQuote[];
  steps: DraftStep[];
}

export function emptyDraft(): Draft {
  return {
    source: { slug: "", title: "", kind: "INTERVIEW", url: "", publisher: "", publishedOn: "", narrator: "", body: "", sections: [] },
    people: [],
    companies: [],
    topics: [],
    names: {},
    quotes: [],
    steps: [],
  };
}

/** What to call a person, company or topic the draft names: its name, new or existing, else its slug. */
export function nameIn(draft: Draft, list: EntityList, slug: string): string {
  const declared: Array<{ slug: string; name: string }> = draft[list];
  return declared.find((each) => each.slug === slug)?.name ?? draft.names[`${list}:${slug}`] ?? slug;
}

/** A text as the gateway stores it: without a byte-order mark, in Unicode NFC, lines ending in `\n` (as a text box gives them). */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").normalize("NFC");
}

/**
 * The slug the API would take for a name: lowercase ASCII letters and digits in words joined by
 * hyphens (accents dropped). Empty when the name has no letter or digit.
 */
export function proposeSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A heading marked from a selection: the whole line it stands on, trimmed; null when the selection spans lines or the line is blank. */
export function headingAt(body: string, range: TextRange): string | null {
  const lineStart = body.lastIndexOf("\n", range.start - 1) + 1;
  const lineEnd = body.indexOf("\n", range.start);
  const end = lineEnd < 0 ? body.length : lineEnd;
  if (range.end > end) return null;
  const line = body.slice(lineStart, end);
  return line.trim() === line && line.length > 0 ? line : null;
}

/** The draft's headings with one more, kept in the order they stand in the text (as the importer wants them). */
export function withHeading(body: string, sections: readonly string[], heading: string): string[] {
  if (sections.includes(heading)) return [...sections];
  const at = (text: string) => rangeOf(body, text)?.start ?? Number.POSITIVE_INFINITY;
  return [...sections, heading].sort((a, b) => at(a) - at(b));
}

/** A selection without the white space at its ends (a double click takes the space after a word); null when nothing is left. */
export function trimRange(body: string, range: TextRange): TextRange | null {
  let { start, end } = range;
  if (start > end) [start, end] = [end, start];
  while (start < end && /\s/.test(body.charAt(start))) start += 1;
  while (end > start && /\s/.test(body.charAt(end - 1))) end -= 1;
  return end > start ? { start, end } : null;
}

/** Where the words at `range` stand among every place they stand in the text (1 for the first), and how many places there are; overlapping counted, as the importer counts. */
export function occurrenceOf(body: string, range: TextRange): { occurrence: number; of: number } {
  const words = body.slice(range.start, range.end);
  let occurrence = 0;
  let of = 0;
  for (let at = body.indexOf(words); at >= 0 && words.length > 0; at = body.indexOf(words, at + 1)) {
    of += 1;
    if (at === range.start) occurrence = of;
  }
  return { occurrence, of };
}

/** The range of the `occurrence`-th place (1 for the first) the words stand in the text; null when they do not stand there so often. */
export function rangeOf(body: string, words: string, occurrence = 1): TextRange | null {
  let seen = 0;
  for (let at = body.indexOf(words); at >= 0 && words.length > 0; at = body.indexOf(words, at + 1)) {
    seen += 1;
    if (seen === occurrence) return { start: at, end: at + words.length };
  }
  return null;
}

/** The words of a passage, and its occurrence when they stand more than once (the bundle's `text`/`evidence` and `occurrence`). */
function passage(body: string, range: TextRange): { words: string; occurrence?: number } {
  const words = body.slice(range.start, range.end);
  const { occurrence, of } = occurrenceOf(body, range);
  return of > 1 ? { words, occurrence } : { words };
}

/** The slugs of a list the draft names: its narrator, its quotes' and steps' people, companies and topics. */
function namedSlugs(draft: Draft, list: EntityList): Set<string> {
  if (list === "people") return new Set([draft.source.narrator, ...draft.quotes.map((quote) => quote.speaker), ...draft.steps.map((step) => step.person)].filter(Boolean));
  if (list === "companies") return new Set([...draft.quotes.flatMap((quote) => quote.companies), ...draft.steps.map((step) => step.company)].filter(Boolean));
  return new Set(draft.quotes.flatMap((quote) => quote.topics));
}

/** The new people, companies or topics the bundle declares: those the draft still names (one made and then let go of is not created). */
export function declaredInUse<L extends EntityList>(draft: Draft, list: L): Draft[L] {
  const named = namedSlugs(draft, list);
  return (draft[list] as Array<{ slug: string }>).filter((each) => named.has(each.slug)) as Draft[L];
}

/** Drops empty optional text, as the bundle wants null for unknown. */
const orNull = (value: string | null | undefined): string | null => (value?.trim() ? value.trim() : null);

/** The content bundle of a draft (JSON form; its YAML is the same keys), body inline. */
export function bundleOf(draft: Draft): Record<string, unknown> {
  const { source } = draft;
  const body = source.body;
  return {
    source: {
      slug: source.slug,
      title: source.title,
      kind: source.kind,
      url: orNull(source.url),
      publisher: orNull(source.publisher),
      publishedOn: orNull(source.publishedOn),
      narrator: orNull(source.narrator),
      body,
      sections: source.sections,
    },
    people: declaredInUse(draft, "people").map((person) => ({ slug: person.slug, name: person.name, ...(orNull(person.headline) ? { headline: orNull(person.headline) } : {}) })),
    companies: declaredInUse(draft, "companies").map((company) => ({ slug: company.slug, name: company.name, ...(orNull(company.website) ? { website: orNull(company.website) } : {}) })),
    topics: declaredInUse(draft, "topics").map((topic) => ({ slug: topic.slug, name: topic.name })),
    careerSteps: draft.steps.map((step) => {
      const evidence = step.evidence ? passage(body, step.evidence) : null;
      return {
        person: step.person,
        company: step.company,
        title: orNull(step.title),
        start: orNull(step.start),
        end: orNull(step.end),
        evidence: evidence?.words ?? null,
        ...(evidence?.occurrence !== undefined ? { occurrence: evidence.occurrence } : {}),
      };
    }),
    quotes: draft.quotes.map((quote) => {
      const { words, occurrence } = passage(body, quote);
      return { speaker: quote.speaker, text: words, ...(occurrence !== undefined ? { occurrence } : {}), topics: quote.topics, companies: quote.companies };
    }),
  };
}

/** Why a bundle cannot be opened as a draft: where, and what. */
export class BundleOpenError extends Error {}

const asText = (value: unknown): string => (typeof value === "string" ? value : "");
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asObject = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * A draft from a bundle (parsed YAML or JSON) whose body is inline: each quote and piece of
 * evidence is found in the body by its words and occurrence, as the importer finds it. A passage
 * that is not there, or a body given as a file, is refused with the place it is at.
 */
export function draftOf(bundle: unknown, newKey: () => string): Draft {
  const root = asObject(bundle);
  const source = asObject(root.source);
  if (typeof source.body !== "string") {
    throw new BundleOpenError(source.bodyFile !== undefined ? "source.bodyFile: this bundle keeps its text in another file; paste the text into source.body, or start a source with it" : "source.body: the bundle has no text");
  }
  const body = normaliseText(source.body);
  const find = (words: unknown, occurrence: unknown, path: string): TextRange => {
    const range = rangeOf(body, normaliseText(asText(words)), typeof occurrence === "number" ? occurrence : 1);
    if (!range) throw new BundleOpenError(`${path}: not found in the text`);
    return range;
  };
  const kind = SOURCE_KINDS.find((each) => each === source.kind);
  if (!kind) throw new BundleOpenError(`source.kind: expected one of ${SOURCE_KINDS.join(", ")}`);
  return {
    source: {
      slug: asText(source.slug),
      title: asText(source.title),
      kind,
      url: asText(source.url),
      publisher: asText(source.publisher),
      publishedOn: asText(source.publishedOn),
      narrator: asText(source.narrator),
      body,
      sections: asList(source.sections).map(asText),
    },
    people: asList(root.people).map((each) => {
      const person = asObject(each);
      return { slug: asText(person.slug), name: asText(person.name), headline: typeof person.headline === "string" ? person.headline : null };
    }),
    companies: asList(root.companies).map((each) => {
      const company = asObject(each);
      return { slug: asText(company.slug), name: asText(company.name), website: typeof company.website === "string" ? company.website : null };
    }),
    topics: asList(root.topics).map((each) => ({ slug: asText(asObject(each).slug), name: asText(asObject(each).name) })),
    names: {},
    steps: asList(root.careerSteps).map((each, index) => {
      const step = asObject(each);
      return {
        key: newKey(),
        evidence: step.evidence == null ? null : find(step.evidence, step.occurrence, `careerSteps[${index}].evidence`),
        person: asText(step.person),
        company: asText(step.company),
        title: asText(step.title),
        start: asText(step.start),
        end: asText(step.end),
      };
    }),
    quotes: asList(root.quotes).map((each, index) => {
      const quote = asObject(each);
      return {
        key: newKey(),
        ...find(quote.text, quote.occurrence, `quotes[${index}].text`),
        speaker: asText(quote.speaker),
        topics: asList(quote.topics).map(asText),
        companies: asList(quote.companies).map(asText),
      };
    }),
  };
}

/** The quotes in the order of the text (the margin's order), ties by their end. */
export function inTextOrder<T extends TextRange>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Whether two ranges share a character. */
export function overlaps(a: TextRange, b: TextRange): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The section a range stands under: the last marked heading that ends before it starts (as the importer decides). */
export function sectionOf(draft: Draft, range: TextRange): string | null {
  let found: { heading: string; at: number } | null = null;
  for (const heading of draft.source.sections) {
    const place = rangeOf(draft.source.body, heading);
    if (place && place.end <= range.start && (!found || place.start > found.at)) found = { heading, at: place.start };
  }
  return found?.heading ?? null;
}

/** The UTF-16 offset (the text box's) of a code-point offset (the API's spans). */
export function unitOffset(body: string, codePoints: number): number {
  let units = 0;
  let points = 0;
  for (const character of body) {
    if (points === codePoints) return units;
    units += character.length;
    points += 1;
  }
  return units;
}
