import { checkPageSize, decodeCursor, encodeCursor } from "../common/cursor";
import { type Context } from "../context";
import { Quote } from "./quote.entity";
import { QuoteConnection } from "./quote-connection.type";

/** The list name in quote cursors, so a cursor from another list is refused. */
const QUOTES_IN_SOURCE_ORDER = "quotes";

/** Reads quotes. */
export const quoteService = {
  /**
   * A page of all quotes in source order (source slug, then span, then id). Keyset pagination:
   * the cursor holds the last row's sort key, so a deep page costs what the first does and
   * rows inserted meanwhile never shift a page.
   */
  async page(context: Context, first: number, after: string | null): Promise<QuoteConnection> {
    checkPageSize(first);
    const repository = context.dataSource.getRepository(Quote);
    const query = repository
      .createQueryBuilder("quote")
      .innerJoin("quote.source", "source")
      .addSelect("source.slug", "source_slug")
      .orderBy("source.slug", "ASC")
      .addOrderBy("quote.spanStart", "ASC")
      .addOrderBy("quote.id", "ASC")
      .limit(first + 1);
    if (after !== null) {
      const [slug, spanStart, id] = decodeCursor(QUOTES_IN_SOURCE_ORDER, after, ["string", "integer", "uuid"]);
      query.where("(source.slug, quote.span_start, quote.id) > (:slug, :spanStart, :id::uuid)", { slug, spanStart, id });
    }
    const { entities, raw } = await query.getRawAndEntities<{ source_slug: string }>();
    const page = entities.slice(0, first);
    const edges = page.map((node, i) => ({
      node,
      cursor: encodeCursor(QUOTES_IN_SOURCE_ORDER, [raw[i]?.source_slug ?? "", node.spanStart, node.id]),
      highlight: null,
    }));
    return Object.assign(new QuoteConnection(), {
      edges,
      nodes: page,
      pageInfo: {
        hasNextPage: entities.length > first,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      count: () => repository.count(),
    });
  },
};
