import { type EntityManager, QueryFailedError } from "typeorm";
import { STATED_STEP_COLUMNS } from "../career-steps/career-step.columns";
import { dateColumns } from "../db/date-columns";
import { valuesByColumn } from "../db/entity-columns";
import { type Problem, ProblemList } from "../domain/problems";
import { type Counts, ImportStatements, type Known, type ReferredSlugs, SLUGGED, STATED_SOURCE_COLUMNS } from "./import-statements";
import { type PreparedBundle } from "./prepare-bundle";
import { type Revision } from "./revise-source";
import { reanchorHere, type Reanchorer } from "./re-anchoring";

export const COUNTED_KINDS = ["sources", "people", "companies", "topics", "careerSteps", "quotes"] as const;
export type CountedKind = (typeof COUNTED_KINDS)[number];

/** What importing one bundle did. */
export interface BundleReport {
  file: string;
  source: string;
  counts: Record<CountedKind, Counts>;
  /** The correction the bundle made to its source's body (`source.revise: true`); null when none. */
  revision: Revision | null;
}

/** The bundles were rejected as a whole; nothing was written. */
export class ImportRejectedError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`import rejected: ${problems.length} problem(s)`);
    this.name = "ImportRejectedError";
  }
}

/**
 * Checks prepared bundles against each other and the database, then (when nothing and no
 * `earlierErrors` are wrong) writes them, making the database match them: upserts people,
 * companies and topics by slug; upserts each source by slug and makes its career steps and
 * quotes exactly those of the bundle, keeping the ids of what did not change (pairing.ts). A row
 * whose values are already right is not written at all, so importing twice changes nothing. The
 * statements are import-statements.ts's; this module decides what they are given.
 *
 * Runs in the caller's transaction (`manager`), which a rejection must roll back: see
 * ingest.ts. Every statement runs on that transaction's connection: on the embedded database a
 * second connection would wait for the transaction to end, forever.
 */
export async function importBundles(manager: EntityManager, bundles: PreparedBundle[], earlierErrors: Problem[] = [], reanchorWith: Reanchorer = reanchorHere): Promise<BundleReport[]> {
  try {
    const sql = new ImportStatements(manager, reanchorWith);
    await sql.lock();
    const known = await sql.loadKnown(referredSlugs(bundles));
    // Earlier errors do not stop the checks against the database: report everything at once.
    rejectIfAny([...earlierErrors, ...checkAcrossBundles(bundles), ...checkAgainstDatabase(bundles, known)]);
    const reports: BundleReport[] = [];
    for (const bundle of bundles) reports.push(await writeBundle(sql, bundle, known));
    return reports;
  } catch (error) {
    if (error instanceof QueryFailedError) {
      // A check we do not make in code caught something: report it like any other problem.
      const { constraint } = error.driverError as { constraint?: string };
      throw new ImportRejectedError([
        { file: bundles.map((bundle) => bundle.file).join(", "), path: "", message: `the database refused the import: ${error.message}${constraint ? ` (${constraint})` : ""}` },
      ]);
    }
    throw error;
  }
}

function rejectIfAny(problems: Problem[]): void {
  if (problems.length > 0) throw new ImportRejectedError(problems);
}

/** One source per bundle, and no two bundles of one call declaring the same slug differently. */
function checkAcrossBundles(bundles: PreparedBundle[]): Problem[] {
  const problems: Problem[] = [];
  const sources = new Map<string, string>();
  for (const bundle of bundles) {
    const other = sources.get(bundle.source.slug);
    if (other !== undefined) {
      problems.push({ file: bundle.file, path: "source.slug", message: `"${bundle.source.slug}" is also the source of ${other}` });
    }
    sources.set(bundle.source.slug, bundle.file);
  }
  for (const list of ["people", "companies", "topics"] as const) {
    const declared = new Map<string, { file: string; json: string }>();
    for (const bundle of bundles) {
      bundle[list].forEach((item, index) => {
        const json = declarationKey(item);
        const first = declared.get(item.slug);
        if (first && first.json !== json) {
          problems.push({ file: bundle.file, path: `${list}[${index}]`, message: `"${item.slug}" is declared differently in ${first.file}` });
        }
        if (!first) declared.set(item.slug, { file: bundle.file, json });
      });
    }
  }
  return problems;
}

/** A declaration compared by value: key order and null vs missing do not matter. */
function declarationKey(item: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(item).sort().map((key) => [key, item[key] ?? null]));
}

/** Every slug the bundles declare or refer to, by kind: what the import reads before it writes. */
function referredSlugs(bundles: PreparedBundle[]): ReferredSlugs {
  const slugs = (pick: (bundle: PreparedBundle) => string[]) => [...new Set(bundles.flatMap(pick))];
  return {
    people: slugs((b) => [...b.people.map((p) => p.slug), ...(b.source.narrator ? [b.source.narrator] : []), ...b.careerSteps.map((s) => s.person), ...b.quotes.map((q) => q.speaker)]),
    companies: slugs((b) => [...b.companies.map((c) => c.slug), ...b.careerSteps.map((s) => s.company), ...b.quotes.flatMap((q) => q.companies)]),
    topics: slugs((b) => [...b.topics.map((t) => t.slug), ...b.quotes.flatMap((q) => q.topics)]),
    sources: slugs((b) => [b.source.slug]),
  };
}

/** References must name something declared in the call or already stored; a body never changes. */
function checkAgainstDatabase(bundles: PreparedBundle[], known: Known): Problem[] {
  const declared = {
    people: new Set(bundles.flatMap((bundle) => bundle.people.map((person) => person.slug))),
    companies: new Set(bundles.flatMap((bundle) => bundle.companies.map((company) => company.slug))),
    topics: new Set(bundles.flatMap((bundle) => bundle.topics.map((topic) => topic.slug))),
  };
  const exists = (list: keyof typeof declared, slug: string) => declared[list].has(slug) || known[list].has(slug);
  const nouns = { people: "person", companies: "company", topics: "topic" } as const;
  const all: Problem[] = [];
  for (const bundle of bundles) {
    const problems = new ProblemList(bundle.file);
    const check = (list: keyof typeof declared, slug: string, path: string) => {
      if (!exists(list, slug)) problems.error(path, `unknown ${nouns[list]} "${slug}": declare it under ${list} or import it first`);
    };
    if (bundle.source.narrator !== null) check("people", bundle.source.narrator, "source.narrator");
    for (const step of bundle.careerSteps) {
      check("people", step.person, `careerSteps[${step.index}].person`);
      check("companies", step.company, `careerSteps[${step.index}].company`);
    }
    for (const quote of bundle.quotes) {
      check("people", quote.speaker, `quotes[${quote.index}].speaker`);
      quote.topics.forEach((topic, i) => check("topics", topic, `quotes[${quote.index}].topics[${i}]`));
      quote.companies.forEach((company, i) => check("companies", company, `quotes[${quote.index}].companies[${i}]`));
    }
    const stored = known.sources.get(bundle.source.slug);
    if (stored && stored.body_sha256 !== bundle.source.bodySha256 && !bundle.source.revise) {
      problems.error(
        "source.body",
        `differs from the body already stored for source "${bundle.source.slug}" (sha256 ${stored.body_sha256.slice(0, 12)}…, this one ${bundle.source.bodySha256.slice(0, 12)}…): a body never changes in place; say \`revise: true\` under source to make it the next revision (its quotes and career steps are carried over), or import the new text as a new source`,
      );
    }
    all.push(...problems.errors);
  }
  return all;
}

async function writeBundle(sql: ImportStatements, bundle: PreparedBundle, known: Known): Promise<BundleReport> {
  const counts = Object.fromEntries(COUNTED_KINDS.map((kind) => [kind, { created: 0, updated: 0, unchanged: 0, removed: 0 }])) as Record<
    CountedKind,
    Counts
  >;
  for (const kind of ["people", "companies", "topics"] as const) {
    const declared = bundle[kind].map((item) => ({ slug: item.slug, ...valuesByColumn(SLUGGED[kind].columns, item) }));
    await sql.upsertBySlug(kind, declared, known[kind], counts[kind]);
  }

  const idOf = (map: Map<string, { id: string }>, slug: string): string => {
    const row = map.get(slug);
    if (!row) throw new Error(`internal: "${slug}" was checked but not loaded`);
    return row.id;
  };
  const source = bundle.source;
  // A new body (checked: the bundle says `revise: true`) is a correction: the stored quotes and
  // steps move to the new text first, where the bundle's own then pair with them.
  const { id: sourceId, created, revision } = await sql.upsertSource(
    {
      ...valuesByColumn(STATED_SOURCE_COLUMNS, source),
      slug: source.slug,
      ...dateColumns("published", source.publishedOn),
      narrator_id: source.narrator === null ? null : idOf(known.people, source.narrator),
      body: source.body,
      body_sha256: source.bodySha256,
      sections: source.sections,
    },
    known.sources,
    counts.sources,
    source.revisionNote,
  );

  // A source created just now has no steps or quotes yet: nothing stored to pair with.
  await sql.syncCareerSteps(
    sourceId,
    created,
    bundle.careerSteps.map((step) => ({
      ...valuesByColumn(STATED_STEP_COLUMNS, step.stated),
      person_id: idOf(known.people, step.person),
      company_id: idOf(known.companies, step.company),
      ...dateColumns("start", step.start),
      ...dateColumns("end", step.end),
      end_open: step.endOpen,
      evidence_start: step.evidence?.start ?? null,
      evidence_end: step.evidence?.end ?? null,
    })),
    counts.careerSteps,
  );

  await sql.syncQuotes(
    sourceId,
    created,
    bundle.quotes.map((quote) => ({
      speaker_id: idOf(known.people, quote.speaker),
      text: quote.text,
      span_start: quote.start,
      span_end: quote.end,
      prefix: quote.prefix,
      suffix: quote.suffix,
      section: quote.section,
      topic_ids: quote.topics.map((slug) => idOf(known.topics, slug)).sort(),
      company_ids: quote.companies.map((slug) => idOf(known.companies, slug)).sort(),
    })),
    counts.quotes,
  );
  return { file: bundle.file, source: source.slug, counts, revision };
}
