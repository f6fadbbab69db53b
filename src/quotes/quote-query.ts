import { pageLimit, type PageRequest, totalColumn, totalColumnOf } from "../graphql/connection";
import { CursorCodec, type CursorKey } from "../graphql/cursor";
import { entityColumns, type MetadataSource, SqlParameters } from "../db/sql";
import { Company } from "../companies/company.entity";
import { Person } from "../people/person.entity";
import { Topic } from "../topics/topic.entity";
import { Quote } from "./quote.entity";
import { type QuoteFilter, QuoteOrder } from "./quote.inputs";
import { prefetchColumns, type Prefetching } from "../graphql/read/select";
import { AnchorStatus } from "../graphql/anchor.type";
import { type ReviewStatus } from "../graphql/review.type";
import { KeptCounts } from "./kept-counts";

/**
 * The SQL of quote lists, counts and stats: one statement each, whatever the number of rows or
 * of parent objects. Every list of quotes (the root list, a person's, a topic's, …) is a scope
 * plus a filter; a batch of lists of the same kind and arguments is one statement with a
 * lateral join over the parents' ids.
 */

/** Whose quotes a list holds: every quote, or those of one parent object. */
export type QuoteScopeKind = "all" | "speaker" | "source" | "topic" | "company";

/** The condition tying a quote `q` to its parent `parent.id`, by kind of list. */
const SCOPE_CONDITIONS: Record<QuoteScopeKind, string> = {
  all: "true",
  speaker: "q.speaker_id = parent.id",
  source: "q.source_id = parent.id",
  topic: "q.id IN (SELECT qt.quote_id FROM quote_topics qt WHERE qt.topic_id = parent.id)",
  company: "q.id IN (SELECT qc.quote_id FROM quote_companies qc WHERE qc.company_id = parent.id)",
};

/** A filter with blanks removed: a field that is absent does not filter. */
export interface NormalizedFilter {
  speakers?: string[];
  companies?: string[];
  topics?: string[];
  sources?: string[];
  search?: string;
  /** The anchor statuses kept; absent: all but ORPHANED (what stands in the current text). */
  anchorStatus?: AnchorStatus[];
  review?: ReviewStatus[];
}

/** What a quote list keeps when its filter names no anchor status: the quotes whose words are in the current text. */
const CURRENT_TEXT: readonly AnchorStatus[] = [AnchorStatus.EXACT, AnchorStatus.SHIFTED, AnchorStatus.FUZZY];

/** Drops null and empty fields and duplicate slugs, and trims the search (blank: no search). */
export function normalizeFilter(filter: QuoteFilter | null | undefined): NormalizedFilter {
  const normalized: NormalizedFilter = {};
  for (const field of ["speakers", "companies", "topics", "sources"] as const) {
    const slugs = filter?.[field];
    if (slugs && slugs.length > 0) normalized[field] = [...new Set(slugs)].sort();
  }
  const search = filter?.search?.trim();
  if (search) normalized.search = search;
  const anchorStatus = filter?.anchorStatus ? [...new Set(filter.anchorStatus)].sort() : [];
  if (anchorStatus.length > 0 && anchorStatus.join() !== [...CURRENT_TEXT].sort().join()) normalized.anchorStatus = anchorStatus;
  if (filter?.review && filter.review.length > 0) normalized.review = [...new Set(filter.review)].sort();
  return normalized;
}

/**
 * Source order: (source slug, span start, span end, anchor revision) is unique (a span is one
 * quote in each revision: ORPHANED quotes keep theirs in earlier ones), so it is the whole sort key.
 */
export const SOURCE_ORDER_CURSOR = new CursorCodec("quotes", ["string", "int4", "int4", "int4"]);
/** Relevance: the rank first, then source order. */
export const RELEVANCE_CURSOR = new CursorCodec("quotes-by-relevance", ["float4", "string", "int4", "int4", "int4"]);

/** The kind of cursor of a quote list in this order: a cursor of the other order is refused. */
export function quoteCursor(order: QuoteOrder): CursorCodec {
  return order === QuoteOrder.RELEVANCE ? RELEVANCE_CURSOR : SOURCE_ORDER_CURSOR;
}

/** A quote row of a page: the quote's columns plus what its cursor and edge need. */
export interface QuotePageRow {
  parentId: string | null;
  sourceSlug: string;
  rank: number;
  highlight: string | null;
  [column: string]: unknown;
}

/** A statement ready to run. */
export interface Statement {
  sql: string;
  values: unknown[];
}

/** The words a search matched are wrapped in these two characters by ts_headline (see highlight.ts). */
export const HEADLINE_START = "\u0002";
export const HEADLINE_STOP = "\u0003";

/**
 * A search text as a tsquery (websearch syntax, English), from the SQL holding the text. Made
 * once per statement (a scalar subquery, an InitPlan): written as a function of a parameter, a
 * prepared statement's generic plan made it again for every quote it ranked (on the 100k corpus,
 * 3 interleaved rounds of 5 s: a search by id 154 -> 191 req/s, the database's CPU per request
 * 10.8 -> 8.4 ms, as commit 34fc866 and stop 24's note say).
 */
export function tsqueryOf(text: string): string {
  return `(SELECT websearch_to_tsquery('english', ${text}))`;
}

/** Whether the quote at `q` is in the current text: what a list keeps when its filter names no anchor status. */
export const inCurrentText = (q: string): string => `${q}.anchor_status <> 'ORPHANED'`;

/** Whether a quote matches a search, from the SQL of its search vector (`q.search`). */
export const matchesSearch = (vector: string, tsquery: string): string => `${vector} @@ ${tsquery}`;

/** How well a quote matches a search, from the SQL of its search vector: RELEVANCE's order. */
export const searchRank = (vector: string, tsquery: string): string => `ts_rank(${vector}, ${tsquery})`;

/** A quote's text with the words a search matched between HEADLINE_START and HEADLINE_STOP (highlight.ts makes it HTML). */
export const searchHeadline = (text: string, tsquery: string): string => `ts_headline('english', ${text}, ${tsquery}, 'StartSel=${HEADLINE_START}, StopSel=${HEADLINE_STOP}, HighlightAll=true')`;

/** The SQL of one filter over quotes `q`. */
class QuoteConditions {
  private readonly conditions: string[] = [];
  /** The search as a tsquery expression, when searching. */
  readonly tsquery: string | null;

  constructor(filter: NormalizedFilter, params: SqlParameters) {
    const { speakers, sources, topics, companies, search, anchorStatus, review } = filter;
    this.conditions.push(anchorStatus ? `q.anchor_status = ANY(${params.add(anchorStatus, "text[]")})` : inCurrentText("q"));
    if (review) this.conditions.push(`q.review_status = ANY(${params.add(review, "text[]")})`);
    if (speakers) this.conditions.push(`q.speaker_id IN (SELECT p.id FROM people p WHERE p.slug = ANY(${params.add(speakers, "text[]")}))`);
    if (sources) this.conditions.push(`q.source_id IN (SELECT s.id FROM sources s WHERE s.slug = ANY(${params.add(sources, "text[]")}))`);
    if (topics) {
      this.conditions.push(
        `q.id IN (SELECT qt.quote_id FROM quote_topics qt JOIN topics t ON t.id = qt.topic_id WHERE t.slug = ANY(${params.add(topics, "text[]")}))`,
      );
    }
    if (companies) {
      this.conditions.push(
        `q.id IN (SELECT qc.quote_id FROM quote_companies qc JOIN companies c ON c.id = qc.company_id WHERE c.slug = ANY(${params.add(companies, "text[]")}))`,
      );
    }
    this.tsquery = search === undefined ? null : tsqueryOf(params.add(search));
    if (this.tsquery) this.conditions.push(matchesSearch("q.search", this.tsquery));
  }

  /** The conditions joined with AND. */
  get sql(): string {
    return this.conditions.join(" AND ");
  }

  /** ts_rank of the search; 0 when not searching, so RELEVANCE falls back to source order. */
  get rank(): string {
    return this.tsquery ? searchRank("q.search", this.tsquery) : NO_RANK;
  }
}

/** The rank of every quote when not searching: RELEVANCE is then source order. */
export const NO_RANK = "0::real";

/** The statements of quote lists of one kind, filter and order. */
export class QuoteListQuery {
  constructor(
    private readonly metadata: MetadataSource,
    private readonly scope: QuoteScopeKind,
    private readonly filter: NormalizedFilter,
    private readonly order: QuoteOrder,
  ) {}

  /** The cursor pointing at a row of a page. */
  cursorOf(row: QuotePageRow): string {
    const key: CursorKey = [row.sourceSlug, Number(row.spanStart), Number(row.spanEnd), Number(row.anchorRevision)];
    return quoteCursor(this.order).encode(this.order === QuoteOrder.RELEVANCE ? [row.rank, ...key] : key);
  }

  /**
   * One page (`first + 1` rows, to tell whether more follow) for each parent, in one statement.
   * The root list (scope `all`, its one parent id null) is a plain keyset query, which also
   * counts the whole list when the selection asks for it; the lists of parent objects run it
   * once per parent id, in a lateral join. With prefetching, each row also brings the relations
   * the selection asks for (computed for the page's rows only: after the LIMIT).
   */
  page(parentIds: Array<string | null>, request: PageRequest, prefetching?: Prefetching): Statement {
    const params = new SqlParameters();
    const root = this.scope === "all";
    const parents = root ? null : params.add(parentIds, "uuid[]");
    const where = new QuoteConditions(this.filter, params);
    const conditions = [SCOPE_CONDITIONS[this.scope], where.sql];
    const relevance = this.order === QuoteOrder.RELEVANCE;
    if (request.after !== null) {
      const key = quoteCursor(this.order).decode(request.after);
      // Written so that the source slug bounds an index range; the row comparison does the rest.
      if (relevance) {
        const [rank, slug, start, end, revision] = key.map((value) => params.add(value));
        conditions.push(`(-(${where.rank}), s.slug, q.span_start, q.span_end, q.anchor_revision) > (-(${rank}::real), ${slug}, ${start}::int, ${end}::int, ${revision}::int)`);
      } else {
        const [slug, start, end, revision] = key.map((value) => params.add(value));
        conditions.push(`s.slug >= ${slug}`, `(s.slug, q.span_start, q.span_end, q.anchor_revision) > (${slug}, ${start}::int, ${end}::int, ${revision}::int)`);
      }
    }
    const innerOrder = `${relevance ? "rank DESC, " : ""}s.slug, q.span_start, q.span_end, q.anchor_revision`;
    const outerOrder = `${relevance ? "page.rank DESC, " : ""}page."sourceSlug", page."spanStart", page."spanEnd", page."anchorRevision"`;
    const highlight = where.tsquery ? searchHeadline("page.text", where.tsquery) : "NULL";
    // A first page by relevance ranks every match before it keeps the best: the total counts
    // them on the way (a window over the same rows) rather than searching the index again.
    const totalOfMatches = root && relevance && where.tsquery !== null && request.after === null && prefetching?.total === true;
    const keysetQuery = `
          SELECT ${entityColumns(this.metadata, Quote, "q")}, s.slug AS "sourceSlug", ${where.rank} AS rank${prefetchColumns(prefetching, Quote, "q")}${totalOfMatches ? totalColumnOf("(count(*) OVER ())::int") : ""}
            FROM quotes q JOIN sources s ON s.id = q.source_id
           WHERE ${conditions.join(" AND ")}
           ORDER BY ${innerOrder}
           ${pageLimit(request)}`;
    const sql =
      parents === null
        ? `
      SELECT NULL::uuid AS "parentId", page.*, ${highlight} AS highlight${prefetching?.total && !totalOfMatches ? this.totalColumn(params, where) : ""}
        FROM (${keysetQuery}) page
       ORDER BY ${outerOrder}`
        : `
      SELECT parent.id AS "parentId", page.*, ${highlight} AS highlight
        FROM unnest(${parents}) WITH ORDINALITY AS parent(id, n)
        CROSS JOIN LATERAL (${keysetQuery}) page
       ORDER BY parent.n, ${outerOrder}`;
    return { sql, values: params.values };
  }

  /** The root list's total, as a column of its page: read from the kept counts when they hold the filter. */
  private totalColumn(params: SqlParameters, where: QuoteConditions): string {
    const kept = KeptCounts.of(this.filter);
    return kept ? totalColumnOf(kept.total(params)) : totalColumn("quotes q", where.sql);
  }
}

/** How many quotes each parent's list of one kind holds, in one statement: kept counts when they hold the list. */
export function countStatement(scope: QuoteScopeKind, filter: NormalizedFilter, parentIds: Array<string | null>): Statement {
  const params = new SqlParameters();
  const parents = params.add(parentIds, "uuid[]");
  const kept = KeptCounts.of(filter, { kind: scope, idColumn: "parent.id" });
  const count = kept ? kept.total(params) : `(SELECT count(*) FROM quotes q WHERE ${SCOPE_CONDITIONS[scope]} AND ${new QuoteConditions(filter, params).sql})::int`;
  const sql = `SELECT parent.id AS "parentId", ${count} AS count FROM unnest(${parents}) AS parent(id)`;
  return { sql, values: params.values };
}

/** The breakdowns of quote stats. */
export type StatsBreakdown = "topic" | "company" | "speaker";

/** The table each breakdown's rows come from, with its alias and entity. */
const BREAKDOWN_ROWS = {
  topic: { entity: Topic, table: "topics t", alias: "t" },
  company: { entity: Company, table: "companies c", alias: "c" },
  speaker: { entity: Person, table: "people p", alias: "p" },
} as const;

/**
 * How many of the filtered quotes fall under each topic, company or speaker: one statement. The
 * counts kept at write time are read when they hold the filter (see kept-counts.ts); otherwise
 * the quotes are counted by key first, on the narrow link or quote rows, and only the counted
 * keys are joined to their rows (grouping the joined rows instead costs twice as much for a
 * topic of thousands of quotes).
 */
export function statsStatement(metadata: MetadataSource, breakdown: StatsBreakdown, filter: NormalizedFilter): Statement {
  const params = new SqlParameters();
  const kept = KeptCounts.of(filter);
  const { entity, table, alias } = BREAKDOWN_ROWS[breakdown];
  const sql = `
      SELECT ${entityColumns(metadata, entity, alias)}, x.count
        FROM (${kept?.answers(breakdown) ? kept.byFacet(params, breakdown) : countedAtReadTime(breakdown, filter, params)}) x
        JOIN ${table} ON ${alias}.id = x.id
       ORDER BY x.count DESC, ${alias}.slug`;
  return { sql, values: params.values };
}

/** A query of `id` and `count`: the filtered quotes counted under each key of a breakdown, now. */
function countedAtReadTime(breakdown: StatsBreakdown, filter: NormalizedFilter, params: SqlParameters): string {
  const where = new QuoteConditions(filter, params).sql;
  const filtered = `SELECT q.id FROM quotes q WHERE ${where}`;
  return {
    topic: `SELECT qt.topic_id AS id, count(*)::int AS count FROM quote_topics qt WHERE qt.quote_id IN (${filtered}) GROUP BY qt.topic_id`,
    company: `SELECT qc.company_id AS id, count(*)::int AS count FROM quote_companies qc WHERE qc.quote_id IN (${filtered}) GROUP BY qc.company_id`,
    speaker: `SELECT q.speaker_id AS id, count(*)::int AS count FROM quotes q WHERE ${where} GROUP BY q.speaker_id`,
  }[breakdown];
}
