import { type SqlParameters } from "../db/sql";
import { ANY_ID } from "../../migrations/1764900000000-kept-quote-counts";

/**
 * Reading the quote counts kept at write time (`quote_counts`, see its migration) instead of
 * counting quotes. A cell counts the quotes of one anchor and review status that carry a topic
 * (or any) and mention a company (or any), in all or under each of their topics, companies or
 * their speaker. So the kept counts answer a filter of at most one topic and one company, any
 * statuses and reviews; with speakers, only the total and the counts by speaker (a speaker's
 * quotes by topic would need cells per speaker and topic). A search or a filter by source, or by
 * several topics or companies (a quote carrying two is one quote, not two), is counted at read
 * time: `KeptCounts.of` then says null.
 */

/** What a count is under: the facets of quote stats, or `all` for the total. */
export type CountFacet = "all" | "topic" | "company" | "speaker";

/** A filter's value in one dimension: a slug to look up, or a column naming the id (a parent's). */
type Dimension = { slug: string } | { idColumn: string };

/** The parts of a quote filter the kept counts can hold. */
export interface CountedFilter {
  topics?: string[];
  companies?: string[];
  speakers?: string[];
  sources?: string[];
  search?: string;
  anchorStatus?: string[];
  review?: string[];
}

/** A parent object whose quotes a count is over, by kind, with the SQL column holding its id. */
export interface CountedScope {
  kind: "all" | "speaker" | "source" | "topic" | "company";
  idColumn: string;
}

export class KeptCounts {
  private constructor(
    private readonly topic: Dimension | null,
    private readonly company: Dimension | null,
    private readonly speakers: { slugs: string[] } | { idColumn: string } | null,
    private readonly anchorStatus: string[] | undefined,
    private readonly review: string[] | undefined,
  ) {}

  /** The kept counts of a filter (within a parent's quotes), or null when they cannot answer it. */
  static of(filter: CountedFilter, scope: CountedScope = { kind: "all", idColumn: "" }): KeptCounts | null {
    const { topics, companies, speakers, sources, search } = filter;
    if (search !== undefined || sources !== undefined || scope.kind === "source") return null;
    if ((topics?.length ?? 0) > 1 || (companies?.length ?? 0) > 1) return null;
    const [topicSlug] = topics ?? [];
    const [companySlug] = companies ?? [];
    let topic: Dimension | null = topicSlug === undefined ? null : { slug: topicSlug };
    let company: Dimension | null = companySlug === undefined ? null : { slug: companySlug };
    let speakerDimension: { slugs: string[] } | { idColumn: string } | null = speakers ? { slugs: speakers } : null;
    const parent = { idColumn: scope.idColumn };
    if (scope.kind === "topic") {
      if (topic) return null;
      topic = parent;
    } else if (scope.kind === "company") {
      if (company) return null;
      company = parent;
    } else if (scope.kind === "speaker") {
      if (speakerDimension) return null;
      speakerDimension = parent;
    }
    return new KeptCounts(topic, company, speakerDimension, filter.anchorStatus, filter.review);
  }

  /** Whether the counts under a facet can be read (with speakers, only the total and by speaker). */
  answers(facet: CountFacet): boolean {
    return this.speakers === null || facet === "all" || facet === "speaker";
  }

  /** A scalar SQL expression: how many quotes the filter keeps. */
  total(params: Pick<SqlParameters, "add">): string {
    return `(SELECT coalesce(sum(c.n), 0)::int FROM quote_counts c WHERE ${this.cells(params, "all")})`;
  }

  /** A query of `id` and `count`: the kept quotes counted under each topic, company or speaker, those with none left out. */
  byFacet(params: Pick<SqlParameters, "add">, facet: Exclude<CountFacet, "all">): string {
    return `SELECT c.facet_id AS id, sum(c.n)::int AS count FROM quote_counts c WHERE ${this.cells(params, facet)} GROUP BY c.facet_id HAVING sum(c.n) > 0`;
  }

  /** The conditions choosing the cells to add up. */
  private cells(params: Pick<SqlParameters, "add">, facet: CountFacet): string {
    if (!this.answers(facet)) throw new Error(`internal: kept counts by ${facet} cannot hold a filter by speaker`);
    const any = `'${ANY_ID}'::uuid`;
    const conditions = [
      `c.topic_id = ${this.topic === null ? any : idOf(this.topic, "topics", params)}`,
      `c.company_id = ${this.company === null ? any : idOf(this.company, "companies", params)}`,
      this.anchorStatus ? `c.anchor_status = ANY(${params.add(this.anchorStatus, "text[]")})` : "c.anchor_status <> 'ORPHANED'",
    ];
    if (this.review) conditions.push(`c.review_status = ANY(${params.add(this.review, "text[]")})`);
    if (this.speakers === null) {
      conditions.push(facet === "all" ? `c.facet = 'all' AND c.facet_id = ${any}` : `c.facet = '${facet}'`);
    } else {
      const ids = "slugs" in this.speakers ? `(SELECT p.id FROM people p WHERE p.slug = ANY(${params.add(this.speakers.slugs, "text[]")}))` : `(${this.speakers.idColumn})`;
      conditions.push(`c.facet = 'speaker' AND c.facet_id IN ${ids}`);
    }
    return conditions.join(" AND ");
  }
}

/** The id a dimension stands for, in SQL: an unknown slug gives NULL, which no cell matches. */
function idOf(dimension: Dimension, table: "topics" | "companies", params: Pick<SqlParameters, "add">): string {
  return "slug" in dimension ? `(SELECT x.id FROM ${table} x WHERE x.slug = ${params.add(dimension.slug)})` : dimension.idColumn;
}
