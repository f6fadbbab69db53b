import { type Page, pageRequest } from "../graphql/connection";
import { existing } from "../graphql/read/loader";
import { type ConnectionPlan, NO_CONNECTION_PLAN } from "../graphql/read/prefetch";
import { hydrate } from "../db/sql";
import { bodyOfRevision } from "../sources/source-bodies";
import { Company } from "../companies/company.entity";
import { type Context } from "../graphql/context";
import { Person } from "../people/person.entity";
import { Topic } from "../topics/topic.entity";
import { type Quote } from "./quote.entity";
import { type FilteredQuotesArgs, QuoteOrder } from "./quote.inputs";
import { type NormalizedFilter, normalizeFilter, quoteCursor, type QuoteScopeKind, statsStatement } from "./quote-query";

/** Whose quotes: every quote (`all`, no parent), or those of one person, source, topic or company. */
export interface QuoteScope {
  scope: QuoteScopeKind;
  parentId: string | null;
}

/** The whole list: every quote. */
export const ALL_QUOTES: QuoteScope = { scope: "all", parentId: null };

/** A count of filtered quotes under one topic, company or speaker. */
export interface Counted<T> {
  item: T;
  count: number;
}

/** Reads quotes. */
export const quoteService = {
  /**
   * A page of a list of quotes. Keyset pagination: the cursor holds the last row's sort key, so a
   * deep page costs what the first does and rows inserted meanwhile never shift a page. Pages of
   * the same list for many parents (each person's quotes) load in one statement.
   */
  list(context: Context, { scope, parentId }: QuoteScope, args: FilteredQuotesArgs & { orderBy?: QuoteOrder | null }, plan: ConnectionPlan = NO_CONNECTION_PLAN): Promise<Page<Quote>> {
    const request = pageRequest(args);
    const order = args.orderBy ?? QuoteOrder.SOURCE_ORDER;
    // A bad cursor is refused here, for this field alone, not in the batch it would join.
    if (request.after !== null) quoteCursor(order).decode(request.after);
    return context.loaders.quotePages.load({ args: { scope, filter: normalizeFilter(args.filter), order, request, plan }, parentId });
  },

  /** How many quotes of the current texts a parent's list holds (read from the kept counts where they hold it; batched). */
  countOf(context: Context, { scope, parentId }: QuoteScope): Promise<number> {
    return context.loaders.quoteCounts.load({ args: { scope, filter: {} }, parentId });
  },

  /** How many quotes match a filter. */
  count(context: Context, filter: NormalizedFilter): Promise<number> {
    return context.loaders.quoteCounts.load({ args: { scope: "all", filter }, parentId: null });
  },

  /** The filtered quotes counted by topic, most first (one statement). */
  async countByTopic(context: Context, filter: NormalizedFilter): Promise<Array<Counted<Topic>>> {
    return counted(context, Topic, "topic", filter);
  },

  /** The filtered quotes counted by the companies they mention, most first (one statement). */
  async countByCompany(context: Context, filter: NormalizedFilter): Promise<Array<Counted<Company>>> {
    return counted(context, Company, "company", filter);
  },

  /** The filtered quotes counted by speaker, most first (one statement). */
  async countBySpeaker(context: Context, filter: NormalizedFilter): Promise<Array<Counted<Person>>> {
    return counted(context, Person, "speaker", filter);
  },

  /** Up to `chars` code points of the body on each side of the quote, in the revision it stands in. */
  async context(context: Context, quote: Quote, chars: number): Promise<{ before: string; after: string }> {
    const source = await existing(context.loaders.sourceById, quote.sourceId, "source");
    const body = await bodyOfRevision(context, source, quote.anchorRevision);
    if (body === null) throw new Error(`internal: revision ${quote.anchorRevision} of source ${source.id} is missing`);
    return { before: body.prefix(quote.spanStart, chars), after: body.suffix(quote.spanEnd, chars) };
  },
};

async function counted<T extends object>(
  context: Context,
  entity: new () => T,
  breakdown: "topic" | "company" | "speaker",
  filter: NormalizedFilter,
): Promise<Array<Counted<T>>> {
  const { sql, values } = statsStatement(context.reader, breakdown, filter);
  const rows = await context.reader.query<Array<Record<string, unknown> & { count: number }>>(sql, values);
  return rows.map((row) => ({ item: hydrate(entity, row, context.reader), count: row.count }));
}
