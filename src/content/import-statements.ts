import { type EntityManager } from "typeorm";
import { STEP_COLUMNS } from "../career-steps/career-step.columns";
import { COMPANIES } from "../companies/company.service";
import { dateColumns } from "../db/date-columns";
import { contentColumns, type EntityColumn, readColumn } from "../db/entity-columns";
import { type SluggedTable } from "../db/slugged-writes";
import { PEOPLE } from "../people/person.service";
import { Quote } from "../quotes/quote.entity";
import { Source } from "../sources/source.entity";
import { TOPICS } from "../topics/topic.service";
import { changed, diffLinks, type Link, pairUp, type Row } from "./pairing";
import { reviseBody, type RevisedSource, type Revision } from "./revise-source";
import { reanchorHere, type Reanchorer } from "./re-anchoring";

/** What one import did to one kind of row. */
export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/** The tables of nodes known by slug that bundles declare, with the columns a declaration sets. */
export const SLUGGED = { people: PEOPLE, companies: COMPANIES, topics: TOPICS } as const satisfies Record<string, SluggedTable>;

/** A source's columns the import compares and updates; its slug, body and the body's hash are written once. */
const SOURCE_COLUMNS = contentColumns(Source).filter((column) => !["slug", "body", "body_sha256"].includes(column.column));

/**
 * A source's columns stored as the bundle states them, by property (`title`, `kind`, `url`); the
 * others the import computes (the publication date's columns, the narrator's id).
 */
export const STATED_SOURCE_COLUMNS = SOURCE_COLUMNS.filter((column) => !["narrator_id", ...Object.keys(dateColumns("published", null))].includes(column.column));

/** A quote's columns, but the source it belongs to: a quote is its span in that source. */
const QUOTE_COLUMNS = contentColumns(Quote).filter((column) => column.column !== "source_id");

/** A stored row known by slug: its id, slug and the columns a declaration sets. */
export type SluggedRow = Row & { id: string; slug: string };

export interface SourceRow extends Row {
  id: string;
  slug: string;
  body_sha256: string;
}

export interface StepRow extends Row {
  person_id: string;
  company_id: string;
}

export interface QuoteRow extends Row {
  span_start: number;
  span_end: number;
  topic_ids: string[];
  company_ids: string[];
}

/** The rows the import reads before it writes, by slug; filled in as rows are created. */
export interface Known {
  people: Map<string, SluggedRow>;
  companies: Map<string, SluggedRow>;
  topics: Map<string, SluggedRow>;
  sources: Map<string, SourceRow>;
}

/** The slugs an import refers to, by kind. */
export interface ReferredSlugs {
  people: string[];
  companies: string[];
  topics: string[];
  sources: string[];
}

const names = (columns: readonly EntityColumn[]) => columns.map((column) => column.column);

/**
 * The import's SQL, every statement on the transaction's connection, batched where rows are
 * many. Column lists come from the entities (db/entity-columns.ts): a column added to an entity
 * is read, compared and written here without another list to update.
 */
export class ImportStatements {
  constructor(
    private readonly manager: EntityManager,
    /** How a correction's spans are re-anchored (revise-source.ts). */
    private readonly reanchorWith: Reanchorer = reanchorHere,
  ) {}

  private query<T = Row>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.manager.query<T[]>(sql, parameters);
  }

  /** Takes the import lock: two imports racing on the same slugs would otherwise collide mid-way. */
  async lock(): Promise<void> {
    await this.query("select pg_advisory_xact_lock(hashtext('interview-graph:import'))");
  }

  async loadKnown(slugs: ReferredSlugs): Promise<Known> {
    const bySlug = <T extends { slug: string }>(rows: T[]) => new Map(rows.map((row) => [row.slug, row]));
    const slugged = async (kind: keyof typeof SLUGGED) => {
      const { table, columns } = SLUGGED[kind];
      return bySlug(await this.query<SluggedRow>(`select id, slug, ${columns.map((column) => readColumn(column)).join(", ")} from ${table} where slug = any($1)`, [slugs[kind]]));
    };
    return {
      people: await slugged("people"),
      companies: await slugged("companies"),
      topics: await slugged("topics"),
      sources: bySlug(
        await this.query<SourceRow>(`select id, slug, body_sha256, ${SOURCE_COLUMNS.map((column) => readColumn(column)).join(", ")} from sources where slug = any($1)`, [slugs.sources]),
      ),
    };
  }

  /** Inserts the new slugs in one statement and updates only the rows whose values differ. */
  async upsertBySlug(kind: keyof typeof SLUGGED, declared: Array<Row & { slug: string }>, known: Map<string, SluggedRow>, counts: Counts): Promise<void> {
    const { table, columns } = SLUGGED[kind];
    const fresh = declared.filter((row) => !known.has(row.slug));
    for (const row of declared) {
      const existing = known.get(row.slug);
      if (!existing) continue;
      const differing = changed(existing, row, names(columns));
      if (differing.length === 0) {
        counts.unchanged += 1;
        continue;
      }
      await this.query(`update ${table} set ${differing.map((column, i) => `${column} = $${i + 2}`).join(", ")} where id = $1`, [existing.id, ...differing.map((column) => row[column])]);
      Object.assign(existing, row);
      counts.updated += 1;
    }
    if (fresh.length === 0) return;
    const all = [{ column: "slug", sqlType: "text" }, ...columns];
    const inserted = await this.query<SluggedRow>(
      `insert into ${table} (${all.map(({ column }) => column).join(", ")})
         select * from unnest(${all.map(({ sqlType }, i) => `$${i + 1}::${sqlType}[]`).join(", ")})
       returning id, slug, ${names(columns).join(", ")}`,
      all.map(({ column }) => fresh.map((row) => row[column] ?? null)),
    );
    for (const row of inserted) known.set(row.slug, row);
    counts.created += inserted.length;
  }

  /**
   * Inserts the source with its first revision, or updates the stated columns that differ. A
   * stored source whose body differs gets the desired body as its next revision (revise-source.ts:
   * its quotes and steps are carried over), with `revisionNote`; the caller checked that the
   * bundle asked for it.
   */
  async upsertSource(
    desired: Row & { slug: string; body: string; body_sha256: string; sections: string[] },
    known: Map<string, SourceRow>,
    counts: Counts,
    revisionNote: string | null,
  ): Promise<{ id: string; created: boolean; revision: Revision | null }> {
    const columns = names(SOURCE_COLUMNS);
    const existing = known.get(desired.slug);
    if (!existing) {
      const all = ["slug", "body", "body_sha256", ...columns];
      const [row] = await this.query<{ id: string }>(
        `insert into sources (${all.join(", ")}) values (${all.map((_, i) => `$${i + 1}`).join(", ")}) returning id`,
        all.map((column) => desired[column] ?? null),
      );
      if (!row) throw new Error("internal: insert returned no row");
      // A source is born with its first revision (the database checks, at commit, that its body is one).
      await this.query(`insert into source_revisions (source_id, number, body, body_sha256) select id, revision, body, body_sha256 from sources where id = $1`, [row.id]);
      counts.created += 1;
      return { id: row.id, created: true, revision: null };
    }
    const revision = existing.body_sha256 === desired.body_sha256 ? null : await this.revise(existing.id, desired.body, desired.sections, revisionNote);
    const differing = changed(existing, desired, columns);
    if (differing.length > 0) {
      await this.query(`update sources set ${differing.map((column, i) => `${column} = $${i + 2}`).join(", ")} where id = $1`, [existing.id, ...differing.map((column) => desired[column])]);
    }
    if (differing.length > 0 || revision !== null) counts.updated += 1;
    else counts.unchanged += 1;
    return { id: existing.id, created: false, revision };
  }

  /** Makes `body` the stored source's next revision (revise-source.ts); `sections` are the bundle's, found in the new body. */
  private async revise(sourceId: string, body: string, sections: string[], note: string | null): Promise<Revision> {
    const [source] = await this.query<RevisedSource>("select id, revision, body from sources where id = $1 for update", [sourceId]);
    if (source === undefined) throw new Error("internal: a known source vanished");
    return reviseBody(this.manager, source, body, sections, note, this.reanchorWith);
  }

  /**
   * Makes the source's career steps those of the bundle. A step keeps its id when an identical
   * one is stored, else when a stored step of the same person and company is left to pair with.
   * A bundle states the current text: steps ORPHANED by a correction stay, for an editor to review.
   */
  async syncCareerSteps(sourceId: string, newSource: boolean, desired: StepRow[], counts: Counts): Promise<void> {
    const columns = names(STEP_COLUMNS);
    const existing = newSource
      ? []
      : await this.query<StepRow & { id: string }>(
          `select id, ${STEP_COLUMNS.map((column) => readColumn(column)).join(", ")}
             from career_steps where source_id = $1 and anchor_status is distinct from 'ORPHANED' order by evidence_start nulls last, id`,
          [sourceId],
        );
    const { pairs, toInsert, toRemove } = pairUp(existing, desired, columns, (row) => `${String(row.person_id)}/${String(row.company_id)}`);
    for (const [stored, wanted] of pairs) {
      const differing = changed(stored, wanted, columns);
      if (differing.length === 0) {
        counts.unchanged += 1;
        continue;
      }
      await this.query(`update career_steps set ${differing.map((column, i) => `${column} = $${i + 2}`).join(", ")} where id = $1`, [stored.id, ...differing.map((column) => wanted[column])]);
      counts.updated += 1;
    }
    await this.removeRows("career_steps", toRemove, counts);
    if (toInsert.length === 0) return;
    await this.query(
      `insert into career_steps (source_id, ${columns.join(", ")})
         select $1, * from unnest(${STEP_COLUMNS.map(({ sqlType }, i) => `$${i + 2}::${sqlType}[]`).join(", ")})`,
      [sourceId, ...columns.map((column) => toInsert.map((row) => row[column] ?? null))],
    );
    counts.created += toInsert.length;
  }

  /**
   * Makes the source's quotes those of the bundle. A quote is its span: same span, same quote.
   * A bundle states the current text: quotes ORPHANED by a correction stay, for an editor to review.
   */
  async syncQuotes(sourceId: string, newSource: boolean, desired: QuoteRow[], counts: Counts): Promise<void> {
    const columns = names(QUOTE_COLUMNS);
    const existing = newSource
      ? []
      : await this.query<QuoteRow & { id: string }>(
          `select q.id, ${QUOTE_COLUMNS.map((column) => readColumn(column, "q.")).join(", ")},
                  array(select topic_id::text from quote_topics where quote_id = q.id order by 1) as topic_ids,
                  array(select company_id::text from quote_companies where quote_id = q.id order by 1) as company_ids
             from quotes q where q.source_id = $1 and q.anchor_status <> 'ORPHANED'`,
          [sourceId],
        );
    const { pairs, toInsert, toRemove } = pairUp(existing, desired, [], (row) => `${String(row.span_start)}:${String(row.span_end)}`);
    const links = { topics: { add: [] as Link[], drop: [] as Link[] }, companies: { add: [] as Link[], drop: [] as Link[] } };
    const relinked: string[] = [];
    for (const [stored, wanted] of pairs) {
      const differing = changed(stored, wanted, columns);
      const topicDiff = diffLinks(stored.id, stored.topic_ids, wanted.topic_ids);
      const companyDiff = diffLinks(stored.id, stored.company_ids, wanted.company_ids);
      if (differing.length > 0) {
        await this.query(`update quotes set ${differing.map((column, i) => `${column} = $${i + 2}`).join(", ")} where id = $1`, [stored.id, ...differing.map((column) => wanted[column])]);
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
        `insert into quotes (source_id, ${columns.join(", ")})
           select $1, * from unnest(${QUOTE_COLUMNS.map(({ sqlType }, i) => `$${i + 2}::${sqlType}[]`).join(", ")})
         returning id, span_start, span_end`,
        [sourceId, ...columns.map((column) => toInsert.map((row) => row[column] ?? null))],
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
      await this.query(`delete from ${table} where (quote_id, ${column}) in (select * from unnest($1::uuid[], $2::uuid[]))`, [
        links.drop.map(([quote]) => quote),
        links.drop.map(([, other]) => other),
      ]);
    }
    if (links.add.length > 0) {
      await this.query(`insert into ${table} (quote_id, ${column}) select * from unnest($1::uuid[], $2::uuid[])`, [links.add.map(([quote]) => quote), links.add.map(([, other]) => other)]);
    }
  }

  private async removeRows(table: "quotes" | "career_steps", rows: Array<{ id: string }>, counts: Counts): Promise<void> {
    if (rows.length === 0) return;
    await this.query(`delete from ${table} where id = any($1::uuid[])`, [rows.map((row) => row.id)]);
    counts.removed += rows.length;
  }
}
