import { type BodyMatch, BodyText, bodySha256 } from "../domain/body-text";
import { type FuzzyDateValue } from "../domain/edtf";
import { anchor, locateSections, parseDate, parseStepDates, sectionAt } from "../domain/passages";
import { SourceKind } from "../sources/source-kind";
import { type Bundle, type BundleCompany, type BundlePerson, type BundleTopic, bundleSchema } from "./bundle.schema";
import { formatPath, type ProblemList } from "../domain/problems";
import { findUnstorableText } from "../domain/storable-text";

/** Reads the file a bundle's `bodyFile` names; absent where bundles must carry their body inline. */
export type BundleBodyReader = ((name: string) => Promise<string>) | null;

/** A bundle checked on its own (no database yet): every span found, every date parsed. */
export interface PreparedBundle {
  file: string;
  source: PreparedSource;
  people: BundlePerson[];
  companies: BundleCompany[];
  topics: BundleTopic[];
  careerSteps: PreparedCareerStep[];
  quotes: PreparedQuote[];
}

export interface PreparedSource {
  slug: string;
  title: string;
  kind: SourceKind;
  url: string | null;
  publisher: string | null;
  publishedOn: FuzzyDateValue | null;
  narrator: string | null;
  body: string;
  bodySha256: string;
  sections: string[];
  /** The body may correct the stored one (a new revision), with this note. */
  revise: boolean;
  revisionNote: string | null;
}

export interface PreparedCareerStep {
  /** Index in the bundle's `careerSteps`, for error paths. */
  index: number;
  person: string;
  company: string;
  /** What the bundle states as it is stored (`title`), by property: the importer writes each to its column (career-step.columns.ts). */
  stated: Record<string, unknown>;
  start: FuzzyDateValue | null;
  end: FuzzyDateValue | null;
  endOpen: boolean;
  evidence: BodyMatch | null;
}

export interface PreparedQuote {
  /** Index in the bundle's `quotes`, for error paths. */
  index: number;
  speaker: string;
  /** The body's exact text at the span (after typography folding, the body's characters win). */
  text: string;
  start: number;
  end: number;
  prefix: string;
  suffix: string;
  section: string | null;
  topics: string[];
  companies: string[];
}

/**
 * Validates a bundle's shape, reads its body, and anchors every quote and evidence passage.
 * Every problem found goes to `problems`, not just the first. Returns null when the shape or
 * the body is unusable; otherwise the bundle (without the parts that failed), so that its
 * references can still be checked and reported along with everything else.
 */
export async function prepareBundle(
  data: unknown,
  readBody: BundleBodyReader,
  problems: ProblemList,
): Promise<PreparedBundle | null> {
  for (const { path, message } of findUnstorableText(data)) problems.error(formatPath(path), message);
  const parsed = parseShape(data, problems);
  if (parsed === null) return null;
  const bundle = parsed;

  checkUniqueSlugs(bundle, problems);
  const body = await loadBody(bundle, readBody, problems);
  const publishedOn = parseDate(bundle.source.publishedOn, "source.publishedOn", problems);
  if (body === null) return null;

  const text = new BodyText(body);
  const headings = locateSections(text, bundle.source.sections, problems);
  const careerSteps = bundle.careerSteps.map((step, index) => {
    const path = `careerSteps[${index}]`;
    const { start, end, endOpen } = parseStepDates(step.start, step.end, path, problems);
    const evidence =
      step.evidence == null ? null : anchor(text, step.evidence, step.occurrence, `${path}.evidence`, problems);
    if (step.evidence == null && step.occurrence !== undefined) {
      problems.error(`${path}.occurrence`, "an occurrence needs evidence to pick from");
    }
    return {
      index,
      person: step.person,
      company: step.company,
      stated: statedFields(step),
      start,
      end,
      endOpen,
      evidence,
    } satisfies PreparedCareerStep;
  });

  const quotes: PreparedQuote[] = [];
  const quoteAtSpan = new Map<string, number>();
  bundle.quotes.forEach((quote, index) => {
    const path = `quotes[${index}]`;
    checkNoDuplicates(quote.topics, `${path}.topics`, problems);
    checkNoDuplicates(quote.companies, `${path}.companies`, problems);
    const match = anchor(text, quote.text, quote.occurrence, `${path}.text`, problems);
    if (match === null) return;
    const key = `${match.start}:${match.end}`;
    const twin = quoteAtSpan.get(key);
    if (twin !== undefined) {
      problems.error(`${path}.text`, `the same passage as quotes[${twin}] (span [${match.start}, ${match.end}))`);
      return;
    }
    quoteAtSpan.set(key, index);
    quotes.push({
      index,
      speaker: quote.speaker,
      text: match.text,
      start: match.start,
      end: match.end,
      prefix: text.prefix(match.start, 32),
      suffix: text.suffix(match.end, 32),
      section: sectionAt(headings, match.start),
      topics: quote.topics,
      companies: quote.companies,
    });
  });

  return {
    file: problems.file,
    source: {
      slug: bundle.source.slug,
      title: bundle.source.title,
      kind: bundle.source.kind,
      url: bundle.source.url ?? null,
      publisher: bundle.source.publisher ?? null,
      publishedOn,
      narrator: bundle.source.narrator ?? null,
      body,
      bodySha256: bodySha256(body),
      sections: bundle.source.sections,
      revise: bundle.source.revise ?? false,
      revisionNote: bundle.source.revisionNote ?? null,
    },
    people: bundle.people,
    companies: bundle.companies,
    topics: bundle.topics,
    careerSteps,
    quotes,
  };
}

/**
 * Checks the bundle's shape. Unknown keys are reported and then set aside, so that a typo does
 * not hide the bundle's other problems; any other shape error stops the checks here.
 */
function parseShape(data: unknown, problems: ProblemList): Bundle | null {
  const parsed = bundleSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const unknownKeys = parsed.error.issues.filter((issue) => issue.code === "unrecognized_keys");
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.error(formatPath([...issue.path, key]), "unknown key");
    } else {
      problems.error(formatPath(issue.path), issue.message);
    }
  }
  if (unknownKeys.length < parsed.error.issues.length) return null;
  const withoutUnknownKeys = structuredClone(data) as Record<PropertyKey, unknown>;
  for (const issue of unknownKeys) {
    const owner = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)[key], withoutUnknownKeys) as Record<string, unknown>;
    for (const key of issue.keys) delete owner[key];
  }
  const again = bundleSchema.safeParse(withoutUnknownKeys);
  return again.success ? again.data : null;
}

async function loadBody(bundle: Bundle, readBody: BundleBodyReader, problems: ProblemList): Promise<string | null> {
  let raw: string;
  if (bundle.source.body !== undefined) {
    raw = bundle.source.body;
  } else if (readBody === null) {
    problems.error("source.bodyFile", "this bundle cannot read files: send the text in source.body");
    return null;
  } else {
    try {
      raw = await readBody(bundle.source.bodyFile ?? "");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      problems.error("source.bodyFile", `cannot read "${bundle.source.bodyFile}": ${reason}`);
      return null;
    }
  }
  const path = bundle.source.body !== undefined ? "source.body" : "source.bodyFile";
  // A BOM is an encoding artefact, not text; the database stores bodies in NFC.
  const body = raw.replace(/^\uFEFF/, "").normalize("NFC");
  if (body.trim() === "") {
    problems.error(path, "the body is empty");
    return null;
  }
  if (body !== raw.replace(/^\uFEFF/, "")) problems.warn(path, "the text was not in Unicode NFC; stored it normalized");
  return body;
}

function checkUniqueSlugs(bundle: Bundle, problems: ProblemList): void {
  for (const list of ["people", "companies", "topics"] as const) {
    const seen = new Map<string, number>();
    bundle[list].forEach((item, index) => {
      const first = seen.get(item.slug);
      if (first !== undefined) problems.error(`${list}[${index}].slug`, `"${item.slug}" is already declared at ${list}[${first}]`);
      else seen.set(item.slug, index);
    });
  }
}

function checkNoDuplicates(slugs: string[], path: string, problems: ProblemList): void {
  slugs.forEach((slug, index) => {
    if (slugs.indexOf(slug) !== index) problems.error(`${path}[${index}]`, `"${slug}" is listed twice`);
  });
}

/** A step's fields that are stored as stated (`title`): all but those the import computes from (people, dates, evidence). */
function statedFields(step: Bundle["careerSteps"][number]): Record<string, unknown> {
  const { person, company, start, end, evidence, occurrence, ...stated } = step;
  return stated;
}
