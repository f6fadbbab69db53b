import { COMPANIES_OF_QUOTE } from "../companies/company.loaders";
import { connectionJsonTypes, keysetConnection } from "../graphql/json/json-connection";
import { embedded, type FieldSql, type JsonTypes, NotCompilable, prefixedRow, related, relatedList, type Row, value } from "../graphql/json/json-fields";
import { TOPICS_OF_QUOTE } from "../topics/topic.loaders";
import { highlightHtmlSql } from "./highlight";
import { KeptCounts } from "./kept-counts";
import { inCurrentText, matchesSearch, NO_RANK, RELEVANCE_CURSOR, searchHeadline, searchRank, SOURCE_ORDER_CURSOR, tsqueryOf } from "./quote-query";
import { MAX_SEARCH_LENGTH, type QuoteFilter, QuoteOrder } from "./quote.inputs";

/**
 * How quotes and the root list `quotes` are written as JSON by PostgreSQL: the list's statement
 * (quote-query.ts) for its two most asked variants, every quote or a search, in source order or
 * by relevance. Any other filter runs through the GraphQL layer.
 */

/** The variant of a list's filter: none, or a search and nothing else (anything else is the resolvers'). */
function filterKind(given: unknown): string {
  if (given === null || given === undefined) return "all";
  const { search, ...others } = given as QuoteFilter;
  if (Object.values(others).some((other) => other !== null && other !== undefined)) throw new NotCompilable("a filter besides a search");
  if (search === null || search === undefined || search.trim() === "") return "all";
  if (search.length > MAX_SEARCH_LENGTH) throw new NotCompilable("a search the resolvers refuse");
  return "search";
}

function orderKind(given: unknown): string {
  return given === QuoteOrder.RELEVANCE ? "relevance" : "source";
}

const searchText = (given: unknown): string => String((given as QuoteFilter).search).trim();

/** A later page's key, one value of the decoded cursor each (functions kept once: a parameter is one per function). */
const sourceKey = [0, 1, 2, 3].map((index) => (cursor: unknown) => SOURCE_ORDER_CURSOR.decode(String(cursor))[index]);
const relevanceKey = [0, 1, 2, 3, 4].map((index) => (cursor: unknown) => RELEVANCE_CURSOR.decode(String(cursor))[index]);

/** The list `quotes` of a request's variant. */
function quoteList(field: FieldSql) {
  const searching = field.variant("filter", filterKind) === "search";
  const relevance = field.variant("orderBy", orderKind) === "relevance";
  const tsquery = searching ? tsqueryOf(field.argument("filter", searchText)) : null;
  const rank = (vector: string) => (tsquery ? searchRank(vector, tsquery) : NO_RANK);
  const sourceSlug = (row: Row) => `(SELECT s.slug FROM sources s WHERE s.id = ${row.column("source_id")})`;
  const cursorKey = (row: Row) => {
    const key = `to_json(${sourceSlug(row)})::text || ',' || ${row.column("span_start")} || ',' || ${row.column("span_end")} || ',' || ${row.column("anchor_revision")} || ']'`;
    return relevance ? `'["quotes-by-relevance",' || to_json(${rank(row.column("search"))})::text || ',' || ${key}` : `'["quotes",' || ${key}`;
  };
  const where = (alias: string) => [inCurrentText(alias), ...(tsquery ? [matchesSearch(`${alias}.search`, tsquery)] : [])].join(" AND ");
  return keysetConnection({
    table: "quotes",
    from: (alias) => `quotes ${alias} JOIN sources ${alias}s ON ${alias}s.id = ${alias}.source_id`,
    where: (_each, alias) => where(alias),
    // Written as quote-query.ts writes it, so that the source slug bounds an index range.
    after: (each, alias) => {
      const sortKey = `${alias}s.slug, ${alias}.span_start, ${alias}.span_end, ${alias}.anchor_revision`;
      if (!relevance) {
        const [slug, start, end, revision] = sourceKey.map((part, index) => each.argument("after", part, index === 0 ? "text" : "int"));
        return `${alias}s.slug >= ${slug} AND (${sortKey}) > (${slug}, ${start}, ${end}, ${revision})`;
      }
      const [score, slug, start, end, revision] = relevanceKey.map((part, index) => each.argument("after", part, ["real", "text"][index] ?? "int"));
      return `(-(${rank(`${alias}.search`)}), ${sortKey}) > (-(${score}), ${slug}, ${start}, ${end}, ${revision})`;
    },
    order: (_each, alias) => `${relevance ? `${rank(`${alias}.search`)} DESC, ` : ""}${alias}s.slug, ${alias}.span_start, ${alias}.span_end, ${alias}.anchor_revision`,
    cursorKey,
    itemValues: () => ({
      $highlight: (row) => (tsquery ? highlightHtmlSql(row.column("text"), searchHeadline(row.column("text"), tsquery)) : "NULL::text"),
    }),
    total: (each) => (tsquery ? `(SELECT count(*)::int FROM quotes q WHERE ${where("q")})` : (KeptCounts.of({})?.total(each.constants) ?? `(SELECT count(*)::int FROM quotes q WHERE ${where("q")})`)),
  });
}

/** Quotes and the root list as JSON built by PostgreSQL. */
export const QUOTE_JSON: JsonTypes = {
  Query: {
    quotes: (field) => quoteList(field)(field),
  },
  Quote: {
    span: embedded((row) => prefixedRow(row, "span_")),
    speaker: related("people", (row) => row.column("speaker_id")),
    source: related("sources", (row) => row.column("source_id")),
    topics: relatedList(TOPICS_OF_QUOTE),
    companies: relatedList(COMPANIES_OF_QUOTE),
  },
  ...connectionJsonTypes("QuoteConnection", "QuoteEdge", { highlight: value((row) => row.column("$highlight")) }),
};
