import { type EntityManager, QueryFailedError } from "typeorm";
import { readStepColumn, STEP_COLUMN_TYPES, STEP_COLUMNS } from "../career-steps/career-step.columns";
import { dateColumns } from "../db/date-columns";
import { type PreparedBundle } from "./prepare-bundle";
import { type Problem, ProblemList } from "../domain/problems";

/** What one import did to one kind of row. */
export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export const COUNTED_KINDS = ["sources", "people", "companies", "topics", "careerSteps", "quotes"] as const;
export type CountedKind = (typeof COUNTED_KINDS)[number];

/** What importing one bundle did. */
export interface BundleReport {
  file: string;
  source: string;
  counts: Record<CountedKind, Counts>;
}

/** The bundles were rejected as a whole; nothing was written. */
export class ImportRejectedError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`import rejected: ${problems.length} problem(s)`);
    this.name = "ImportRejectedError";
  }
}

/** Serializes imports: two imports racing on the same slugs would otherwise collide mid-way. */
const IMPORT_LOCK = "select pg_advisory_xact_lock(hashtext('interview-graph:import'))";

/**
 * Checks prepared bundles against each other and the database, then (when nothing and no
 * `earlierErrors` are wrong) writes them, making the database match them: upserts people,
 * companies and topics by slug; upserts each source by slug and makes its career steps and
 * quotes exactly those of the bundle, keeping the ids of what did not change. A row whose
 * values are already right is not written at all, so importing twice changes nothing.
 *
 * Runs in the caller's transaction (`manager`), which a rejection must roll back: see
 * ingest.ts. Every statement runs on that transaction's connection: on the embedded database a
 * second connection would wait for the transaction to end, forever.
 */
export async function importBundles(manager: EntityManager, bundles: PreparedBundle[], earlierErrors: Problem[] = []): Promise<BundleReport[]> {
  try {
    await manager.query(IMPORT_LOCK);
    const sql = new ImportSql(manager);
    const known = await sql.loadKnown(bundles);
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

interface PersonRow { id: string; slug: string; name: string; headline: string | null }
interface CompanyRow { id: string; slug: string; name: string; website: string | null }
interface TopicRow { id: string; slug: string; name: string }
interface SourceRow {
  id: string;
  slug: string;
  title: string;
  kind: string;
  url: string | null;
  publisher: string | null;
  published_edtf: string | null;
  published_earliest: string | null;
  published_latest: string | null;
  published_precision: string | null;
  narrator_id: string | null;
  body_sha256: string;
  sections: string[];
}

/** The rows the import reads before it writes, by slug; filled in as rows are created. */
interface Known {
  people: Map<string, PersonRow>;
  companies: Map<string, CompanyRow>;
  topics: Map<string, TopicRow>;
  sources: Map<string, SourceRow>;
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
    if (stored && stored.body_sha256 !== bundle.source.bodySha256) {
      problems.error(
        "source.body",
        `differs from the body already stored for source "${bundle.source.slug}" (sha256 ${stored.body_sha256.slice(0, 12)}…, this one ${bundle.source.bodySha256.slice(0, 12)}…): a body never changes in place; import the new text as a new source`,
      );
    }
    all.push(...problems.errors);
  }
  return all;
}

async function writeBundle(sql: ImportSql, bundle: PreparedBundle, known: Known): Promise<BundleReport> {
  const counts = Object.fromEntries(COUNTED_KINDS.map((kind) => [kind, { created: 0, updated: 0, unchanged: 0, removed: 0 }])) as Record<
    CountedKind,
    Counts
  >;
  await sql.upsertBySlug("people", ["name", "headline"], bundle.people.map((p) => ({ slug: p.slug, name: p.name, headline: p.headline ?? null })), known.people, counts.people);
  await sql.upsertBySlug("companies", ["name", "website"], bundle.companies.map((c) => ({ slug: c.slug, name: c.name, website: c.website ?? null })), known.companies, counts.companies);
  await sql.upsertBySlug("topics", ["name"], bundle.topics.map((t) => ({ slug: t.slug, name: t.name })), known.topics, counts.topics);

  const idOf = (map: Map<string, { id: string }>, slug: string): string => {
    const row = map.get(slug);
    if (!row) throw new Error(`internal: "${slug}" was checked but not loaded`);
    return row.id;
  };
  const source = bundle.source;
  const { id: sourceId, created } = await sql.upsertSource(
    {
      slug: source.slug,
      title: source.title,
      kind: source.kind,
      url: source.url,
      publisher: source.publisher,
      ...dateColumns("published", source.publishedOn),
      narrator_id: source.narrator === null ? null : idOf(known.people, source.narrator),
      body: source.body,
      body_sha256: source.bodySha256,
      sections: source.sections,
    },
    known.sources,
    counts.sources,
  );

  // A source created just now has no steps or quotes yet: nothing stored to pair with.
  await sql.syncCareerSteps(
    sourceId,
    created,
    bundle.careerSteps.map((step) => ({
      person_id: idOf(known.people, step.person),
      company_id: idOf(known.companies, step.company),
      title: step.title,
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
  return { file: bundle.file, source: source.slug, counts };
}

type Row = Record<string, unknown>;

interface StepRow extends Row {
  person_id: string;
  company_id: string;
}

interface QuoteRow extends Row {
  speaker_id: string;
  text: string;
  span_start: number;
  span_end: number;
  prefix: string;
  suffix: string;
  section: string | null;
  topic_ids: string[];
  company_ids: string[];
}

function changed(existing: object, desired: object, columns: readonly string[]): string[] {
  const value = (row: object, column: string) => JSON.stringify((row as Row)[column] ?? null);
  return columns.filter((column) => value(existing, column) !== value(desired, column));
}

/** The import's SQL, every statement on the transaction's connection, batched where rows are many. */
class ImportSql {
  constructor(private readonly manager: EntityManager) {}

  private query<T = Row>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.manager.query<T[]>(sql, parameters);
  }

  async loadKnown(bundles: PreparedBundle[]): Promise<Known> {
    const slugs = (pick: (bundle: PreparedBundle) => string[]) => [...new Set(bundles.flatMap(pick))];
    const people = slugs((b) => [
      ...b.people.map((p) => p.slug),
      ...(b.source.narrator ? [b.source.narrator] : []),
      ...b.careerSteps.map((s) => s.person),
      ...b.quotes.map((q) => q.speaker),
    ]);
    const companies = slugs((b) => [...b.companies.map((c) => c.slug), ...b.careerSteps.map((s) => s.company), ...b.quotes.flatMap((q) => q.companies)]);
    const topics = slugs((b) => [...b.topics.map((t) => t.slug), ...b.quotes.flatMap((q) => q.topics)]);
    const bySlug = <T extends { slug: string }>(rows: T[]) => new Map(rows.map((row) => [row.slug, row]));
    return {
      people: bySlug(await this.query<PersonRow>("select id, slug, name, headline from people where slug = any($1)", [people])),
      companies: bySlug(await this.query<CompanyRow>("select id, slug, name, website from companies where slug = any($1)", [companies])),
      topics: bySlug(await this.query<TopicRow>("select id, slug, name from topics where slug = any($1)", [topics])),
      sources: bySlug(
        await this.query<SourceRow>(
          `select id, slug, title, kind, url, publisher, published_edtf, to_char(published_earliest, 'YYYY-MM-DD') as published_earliest, to_char(published_latest, 'YYYY-MM-DD') as published_latest,
                  published_precision, narrator_id, body_sha256, sections
             from sources where slug = any($1)`,
          [bundles.map((bundle) => bundle.source.slug)],
        ),
      ),
    };
  }

  /** Inserts the new slugs in one statement and updates only the rows whose values differ. */
  async upsertBySlug<T extends { id: string; slug: string }>(
    table: "people" | "companies" | "topics",
    columns: string[],
    declared: Array<Row & { slug: string }>,
    known: Map<string, T>,
    counts: Counts,
  ): Promise<void> {
    const fresh = declared.filter((row) => !known.has(row.slug));
    for (const row of declared) {
      const existing = known.get(row.slug);
      if (!existing) continue;
      const differing = changed(existing, row, columns);
      if (differing.length === 0) {
        counts.unchanged += 1;
        continue;
      }
      await this.query(
        `update ${table} set ${differing.map((column, i) => `${column} = $${i + 2}`).join(", ")} where id = $1`,
        [existing.id, ...differing.map((column) => row[column])],
      );
      Object.assign(existing, row);
      counts.updated += 1;
    }
    if (fresh.length === 0) return;
    const all = ["slug", ...columns];
    const inserted = await this.query<T>(
      `insert into ${table} (${all.join(", ")})
         select * from unnest(${all.map((_, i) => `$${i + 1}::text[]`).join(", ")})
       returning id, slug, ${columns.join(", ")}`,
      all.map((column) => fresh.map((row) => row[column] ?? null)),
    );
    for (const row of inserted) known.set(row.slug, row);
    counts.created += inserted.length;
  }

  async upsertSource(desired: Row & { slug: string; body: string }, known: Map<string, SourceRow>, counts: Counts): Promise<{ id: string; created: boolean }> {
    const columns = [
      "title",
      "kind",
      "url",
      "publisher",
      "published_edtf",
      "published_earliest",
      "published_latest",
      "published_precision",
      "narrator_id",
      "sections",
    ];
    const existing = known.get(desired.slug);
    if (!existing) {
      const all = ["slug", "body", "body_sha256", ...columns];
      const [row] = await this.query<{ id: string }>(
        `insert into sources (${all.join(", ")}) values (${all.map((_, i) => `$${i + 1}`).join(", ")}) returning id`,
        all.map((column) => desired[column] ?? null),
      );
      if (!row) throw new Error("internal: insert returned no row");
      counts.created += 1;
      return { id: row.id, created: true };
    }
    const differing = changed(existing, desired, columns);
    if (differing.length === 0) counts.unchanged += 1;
    else {
      await this.query(
        `update sources set ${differing.map((column, i) => `${column} = $${i + 2}`).join(", ")} where id = $1`,
        [existing.id, ...differing.map((column) => desired[column])],
      );
      counts.updated += 1;
    }
    return { id: existing.id, created: false };
  }

  /**
   * Makes the source's career steps those of the bundle. A step keeps its id when an identical
   * one is stored, else when a stored step of the same person and company is left to pair with.
   */
  async syncCareerSteps(sourceId: string, newSource: boolean, desired: StepRow[], counts: Counts): Promise<void> {
    const existing = newSource
      ? []
      : await this.query<StepRow & { id: string }>(
          `select id, ${STEP_COLUMNS.map((column) => readStepColumn(column)).join(", ")}
             from career_steps where source_id = $1 order by evidence_start nulls last, id`,
          [sourceId],
        );
    const { pairs, toInsert, toRemove } = pairUp(existing, desired, STEP_COLUMNS, (row) => `${String(row.person_id)}/${String(row.company_id)}`);
    for (const [stored, wanted] of pairs) {
      const differing = changed(stored, wanted, STEP_COLUMNS);
      if (differing.length === 0) {
        counts.unchanged += 1;
        continue;
      }
      await this.query(
        `update career_steps set ${differing.map((column, i) => `${column} = $${i + 2}`).join(", ")} where id = $1`,
        [stored.id, ...differing.map((column) => wanted[column])],
      );
      counts.updated += 1;
    }
    await this.removeRows("career_steps", toRemove, counts);
    if (toInsert.length === 0) return;
    await this.query(
      `insert into career_steps (source_id, ${STEP_COLUMNS.join(", ")})
         select $1, * from unnest(${STEP_COLUMNS.map((column, i) => `$${i + 2}::${STEP_COLUMN_TYPES[column]}[]`).join(", ")})`,
      [sourceId, ...STEP_COLUMNS.map((column) => toInsert.map((row) => row[column] ?? null))],
    );
    counts.created += toInsert.length;
  }

  /** Makes the source's quotes those of the bundle. A quote is its span: same span, same quote. */
  async syncQuotes(sourceId: string, newSource: boolean, desired: QuoteRow[], counts: Counts): Promise<void> {
    const existing = newSource
      ? []
      : await this.query<QuoteRow & { id: string }>(
          `select q.id, q.speaker_id, q.text, q.span_start, q.span_end, q.prefix, q.suffix, q.section,
                  array(select topic_id::text from quote_topics where quote_id = q.id order by 1) as topic_ids,
                  array(select company_id::text from quote_companies where quote_id = q.id order by 1) as company_ids
             from quotes q where q.source_id = $1`,
          [sourceId],
        );
    const columns = ["speaker_id", "section"] as const;
    const { pairs, toInsert, toRemove } = pairUp(existing, desired, [], (row) => `${String(row.span_start)}:${String(row.span_end)}`);
    const links = { topics: { add: [] as Link[], drop: [] as Link[] }, companies: { add: [] as Link[], drop: [] as Link[] } };
    const relinked: string[] = [];
    for (const [stored, wanted] of pairs) {
      const differing = changed(stored, wanted, columns);
      const topicDiff = diffLinks(stored.id, stored.topic_ids, wanted.topic_ids);
      const companyDiff = diffLinks(stored.id, stored.company_ids, wanted.company_ids);
      if (differing.length > 0) {
        await this.query(
          `update quotes set ${differing.map((column, i) => `${column} = $${i + 2}`).join(", ")} where id = $1`,
          [stored.id, ...differing.map((column) => wanted[column])],
        );
      }
      links.topics.add.push(...topicDiff.add);
      links.topics.drop.push(...topicDiff.drop);
      links.companies.add.push(...companyDiff.add);
      links.companies.drop.push(...companyDiff.drop);
      const linksChanged = topicDiff.add.length + topicDiff.drop.length + companyDiff.add.length + companyDiff.drop.length > 0;
      // A change of topics or companies is a change of the quote: its version must rise too.
      if (linksChanged && differing.length === 0) relinked.push(stored.id);
      if (linksChanged || differing.length > 0) counts.updated += 1;
      else counts.unchanged += 1;
    }
    if (relinked.length > 0) await this.query("update quotes set updated_at = now() where id = any($1::uuid[])", [relinked]);
    await this.removeRows("quotes", toRemove, counts);

    if (toInsert.length > 0) {
      const inserted = await this.query<{ id: string; span_start: number; span_end: number }>(
        `insert into quotes (source_id, speaker_id, text, span_start, span_end, prefix, suffix, section)
           select $1, * from unnest($2::uuid[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[])
         returning id, span_start, span_end`,
        [
          sourceId,
          ...(["speaker_id", "text", "span_start", "span_end", "prefix", "suffix", "section"] as const).map((column) =>
            toInsert.map((row) => row[column]),
          ),
        ],
      );
      const idBySpan = new Map(inserted.map((row) => [`${row.span_start}:${row.span_end}`, row.id]));
      for (const row of toInsert) {
        const id = idBySpan.get(`${row.span_start}:${row.span_end}`);
        if (id === undefined) throw new Error("internal: an inserted quote came back without its span");
        links.topics.add.push(...row.topic_ids.map((other): Link => [id, other]));
        links.companies.add.push(...row.company_ids.map((other): Link => [id, other]));
      }
      counts.created += toInsert.length;
    }
    await this.writeLinks("quote_topics", "topic_id", links.topics);
    await this.writeLinks("quote_companies", "company_id", links.companies);
  }

  private async writeLinks(table: string, column: string, links: { add: Link[]; drop: Link[] }): Promise<void> {
    if (links.drop.length > 0) {
      await this.query(
        `delete from ${table} where (quote_id, ${column}) in (select * from unnest($1::uuid[], $2::uuid[]))`,
        [links.drop.map(([quote]) => quote), links.drop.map(([, other]) => other)],
      );
    }
    if (links.add.length > 0) {
      await this.query(`insert into ${table} (quote_id, ${column}) select * from unnest($1::uuid[], $2::uuid[])`, [
        links.add.map(([quote]) => quote),
        links.add.map(([, other]) => other),
      ]);
    }
  }

  private async removeRows(table: "quotes" | "career_steps", rows: Array<{ id: string }>, counts: Counts): Promise<void> {
    if (rows.length === 0) return;
    await this.query(`delete from ${table} where id = any($1::uuid[])`, [rows.map((row) => row.id)]);
    counts.removed += rows.length;
  }
}

type Link = [quoteId: string, otherId: string];

function diffLinks(quoteId: string, stored: string[], wanted: string[]): { add: Link[]; drop: Link[] } {
  return {
    add: wanted.filter((id) => !stored.includes(id)).map((id): Link => [quoteId, id]),
    drop: stored.filter((id) => !wanted.includes(id)).map((id): Link => [quoteId, id]),
  };
}

/**
 * Pairs stored rows with wanted ones: identical rows first (so a re-import is a no-op whatever
 * the order), then rows of the same key in order. Unpaired stored rows go, unpaired wanted come.
 */
function pairUp<S extends Row & { id: string }, W extends Row>(
  stored: S[],
  wanted: W[],
  columns: readonly string[],
  keyOf: (row: Row) => string,
): { pairs: Array<[S, W]>; toInsert: W[]; toRemove: S[] } {
  const free = new Set(stored);
  const pairs: Array<[S, W]> = [];
  const take = (candidates: Map<string, S[]>, key: string): S | undefined => {
    const list = candidates.get(key) ?? [];
    let candidate = list.shift();
    while (candidate && !free.has(candidate)) candidate = list.shift();
    if (candidate) free.delete(candidate);
    return candidate;
  };
  const group = (key: (row: Row) => string) => {
    const groups = new Map<string, S[]>();
    for (const row of stored) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
    return groups;
  };
  const valuesOf = (row: Row) => JSON.stringify(columns.map((column) => row[column] ?? null));
  const twins = group(valuesOf);
  const unpaired: W[] = [];
  for (const row of wanted) {
    const twin = columns.length > 0 ? take(twins, valuesOf(row)) : undefined;
    if (twin) pairs.push([twin, row]);
    else unpaired.push(row);
  }
  const sameKey = group(keyOf);
  const toInsert: W[] = [];
  for (const row of unpaired) {
    const match = take(sameKey, keyOf(row));
    if (match) pairs.push([match, row]);
    else toInsert.push(row);
  }
  return { pairs, toInsert, toRemove: [...free] };
}
