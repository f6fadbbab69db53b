import { type Reader } from "../db/reader";
import { countOf, cutPage, type Page, type PageRequest } from "../graphql/connection";
import { byIdLoader, perParentLoader } from "../graphql/read/loader";
import { type ConnectionPlan, type Prefetch } from "../graphql/read/prefetch";
import { selectByIds } from "../db/sql";
import { highlightHtml } from "./highlight";
import { Quote } from "./quote.entity";
import { countStatement, type NormalizedFilter, QuoteListQuery, type QuotePageRow, type QuoteScopeKind } from "./quote-query";
import { type QuoteOrder } from "./quote.inputs";
import { hydratePrefetched } from "../graphql/read/select";

/** What a list of quotes is, apart from whose: its kind, filter, order and what to prefetch. */
export interface QuoteListArgs {
  scope: QuoteScopeKind;
  filter: NormalizedFilter;
  order: QuoteOrder;
  /** What the selection asks of the quotes' relations (and of the total count), fetched with the page. */
  plan: ConnectionPlan;
}

export function createQuoteLoaders(reader: Reader, prefetch: Prefetch) {
  const quoteCounts = perParentLoader(async (args: Pick<QuoteListArgs, "scope" | "filter">, parentIds) => {
    const { sql, values } = countStatement(args.scope, args.filter, parentIds);
    const rows = await reader.query<Array<{ parentId: string | null; count: number }>>(sql, values);
    return new Map(rows.map((row) => [row.parentId, row.count]));
  });

  const quotePages = perParentLoader(async (args: QuoteListArgs & { request: PageRequest }, parentIds): Promise<Map<string | null, Page<Quote>>> => {
    const query = new QuoteListQuery(reader, args.scope, args.filter, args.order);
    const prefetching = { prefetch, plan: args.plan.nodes, total: args.plan.total };
    const { sql, values } = query.page(parentIds, args.request, prefetching);
    const rows = await reader.query<QuotePageRow[]>(sql, values);
    const byParent = new Map<string | null, QuotePageRow[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) byParent.get(row.parentId)?.push(row);
    return new Map(
      [...byParent].map(([parentId, parentRows]) => [
        parentId,
        cutPage(
          parentRows,
          args.request,
          (row) => {
            const node = hydratePrefetched(Quote, row, reader, prefetching);
            return { node, cursor: query.cursorOf(row), highlight: row.highlight === null ? null : highlightHtml(node.text, row.highlight) };
          },
          countOf(parentRows, () => quoteCounts.load({ args: { scope: args.scope, filter: args.filter }, parentId })),
        ),
      ]),
    );
  });

  return {
    quoteById: byIdLoader((ids) => selectByIds(reader, Quote, ids)),
    /** Pages of quote lists, batched: one statement for the same list of many parents. */
    quotePages,
    /** Total counts of quote lists, batched likewise. */
    quoteCounts,
  };
}

/** The quotes feature's loaders, by name. */
type QuoteLoaders = ReturnType<typeof createQuoteLoaders>;

declare module "../graphql/read/loaders" {
  // Merged into every request's Loaders (graphql/read/loaders.ts).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends QuoteLoaders {}
}
