import { type HoldingField, type ReadsInstead, type ScanReading } from "../graphql/scan";
import { type CountedScope, type CountFacet, KeptCounts } from "./kept-counts";
import { normalizeFilter } from "./quote-query";
import { type QuoteFilter } from "./quote.inputs";

/** The scope of a quote list by the type its field belongs to (`Person.quotes`: a speaker's quotes). */
const SCOPE_OF_TYPE: Readonly<Record<string, CountedScope["kind"]>> = { Query: "all", Person: "speaker", Company: "company", Topic: "topic", Source: "source" };

/** What a breakdown of kept counts reads: about one cell per row of its facet's table. */
const FACET_READING: Readonly<Record<CountFacet, ScanReading>> = { all: "few rows", topic: { table: "topics" }, company: { table: "companies" }, speaker: { table: "people" } };

/**
 * What a quote count reads when the kept counts answer it (quote-query.ts reads them under the
 * same condition, `KeptCounts.of`): the query limits price it by that, not by every quote. The
 * holder is the field with the filter: `quoteStats(filter:)` for its counts, the quote list for
 * its `totalCount`.
 */
export function keptCountReading(facet: CountFacet): ReadsInstead {
  return ({ args, parentType }: HoldingField) => {
    const kind = SCOPE_OF_TYPE[parentType];
    if (kind === undefined) return null;
    const kept = KeptCounts.of(normalizeFilter(args.filter as QuoteFilter | undefined), { kind, idColumn: "" });
    return kept?.answers(facet) ? FACET_READING[facet] : null;
  };
}
