import { type GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { scanOf } from "../graphql/scan";
import { RemovedPayload } from "../graphql/write-result.type";
import { toConnection } from "../graphql/connection";
import { existing, type Now } from "../graphql/read/loader";
import { Company } from "../companies/company.entity";
import { type Context } from "../graphql/context";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";
import { Topic } from "../topics/topic.entity";
import { Quote } from "./quote.entity";
import { QuoteConnection } from "./quote-connection.type";
import { QuoteContext } from "./quote-context.type";
import { normalizeFilter } from "./quote-query";
import { QuoteStats } from "./quote-stats.type";
import { AddQuoteInput, DEFAULT_CONTEXT_CHARS, QuoteContextArgs, QuoteStatsArgs, QuotesArgs, RemoveQuoteInput, UpdateQuoteInput } from "./quote.inputs";
import { QuotePayload } from "./quote-payload.type";
import { quoteWriteService } from "./quote-write.service";
import { ALL_QUOTES, quoteService } from "./quote.service";
import { ApiKeyRole } from "../graphql/auth";
import { keyOf } from "../graphql/ids";
import { writeAs } from "../graphql/writes";
import { ReviewInput } from "../graphql/review.inputs";
import { recordReview } from "../db/reviews";

@Resolver(() => Quote)
export class QuoteResolver {
  @Query(() => QuoteConnection, { description: "Quotes across every source, filtered and searched, a page at a time." })
  @Extensions(scanOf("quotes", { when: "filter.search" }))
  async quotes(@Ctx() context: Context, @Args() args: QuotesArgs, @Info() info: GraphQLResolveInfo): Promise<QuoteConnection> {
    return toConnection(QuoteConnection, await quoteService.list(context, ALL_QUOTES, args, context.prefetch.forConnection(Quote, info)));
  }

  @Query(() => QuoteStats, { description: "Counts over the quotes a filter keeps: in all, and by topic, company and speaker." })
  quoteStats(@Args() args: QuoteStatsArgs): QuoteStats {
    return Object.assign(new QuoteStats(), { filter: normalizeFilter(args.filter) });
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => QuotePayload, { description: "Adds a quote: the server finds its span in the source's body (verbatim, else after folding typography, with a warning), its section, prefix and suffix (EDITOR)." })
  async addQuote(@Ctx() context: Context, @Arg("input", () => AddQuoteInput, { description: "The new quote." }) input: AddQuoteInput): Promise<QuotePayload> {
    const { result, auditEventId } = await writeAs(context, "addQuote", (manager) => quoteWriteService.add(manager, input));
    return quotePayload(context, result.id, result.warnings, auditEventId);
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => QuotePayload, { description: "Changes a quote: a new text is anchored again in its source; topics and companies are replaced by the lists given (EDITOR)." })
  async updateQuote(@Ctx() context: Context, @Arg("input", () => UpdateQuoteInput, { description: "The changes." }) input: UpdateQuoteInput): Promise<QuotePayload> {
    const id = keyOf(input.id, "Quote", "input.id");
    const { result, auditEventId } = await writeAs(context, "updateQuote", (manager) => quoteWriteService.update(manager, id, input));
    return quotePayload(context, id, result.warnings, auditEventId);
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => RemovedPayload, { description: "Removes a quote with its topic and company links; the audit event keeps them, to restore (EDITOR)." })
  async removeQuote(@Ctx() context: Context, @Arg("input", () => RemoveQuoteInput, { description: "The quote to remove." }) input: RemoveQuoteInput): Promise<RemovedPayload> {
    const id = keyOf(input.id, "Quote", "input.id");
    const { auditEventId } = await writeAs(context, "removeQuote", (manager) => quoteWriteService.remove(manager, id, input.expectedVersion));
    return Object.assign(new RemovedPayload(), { removedId: input.id, auditEventId, warnings: [] });
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => QuotePayload, { description: "Records an editor's review of a quote against its source: CONFIRMED, DISPUTED, or UNREVIEWED to take one back, with a note (EDITOR)." })
  async reviewQuote(@Ctx() context: Context, @Arg("input", () => ReviewInput, { description: "The quote and the review." }) input: ReviewInput): Promise<QuotePayload> {
    const id = keyOf(input.id, "Quote", "input.id");
    const { auditEventId } = await writeAs(context, "reviewQuote", (manager) => recordReview(manager, "quotes", "Quote", id, input));
    return quotePayload(context, id, [], auditEventId);
  }

  @FieldResolver(() => Person, { description: "Who said it." })
  speaker(@Root() quote: Quote, @Ctx() context: Context): Now<Person> {
    return existing(context.loaders.personById, quote.speakerId, "person");
  }

  @FieldResolver(() => Source, { description: "The source the quote stands in." })
  source(@Root() quote: Quote, @Ctx() context: Context): Now<Source> {
    return existing(context.loaders.sourceById, quote.sourceId, "source");
  }

  @FieldResolver(() => [Topic], { description: "The topics the quote is tagged with, by slug." })
  topics(@Root() quote: Quote, @Ctx() context: Context): Now<Topic[]> {
    return context.loaders.topicsByQuoteId.get(quote.id);
  }

  @FieldResolver(() => [Company], { description: "The companies the quote mentions, by slug." })
  companies(@Root() quote: Quote, @Ctx() context: Context): Now<Company[]> {
    return context.loaders.companiesByQuoteId.get(quote.id);
  }

  @FieldResolver(() => QuoteContext, { description: "The words of the body around the quote." })
  context(@Root() quote: Quote, @Ctx() context: Context, @Args() args: QuoteContextArgs): Promise<QuoteContext> {
    return quoteService.context(context, quote, args.chars ?? DEFAULT_CONTEXT_CHARS);
  }
}

async function quotePayload(context: Context, id: string, warnings: string[], auditEventId: string | null): Promise<QuotePayload> {
  const quote = await existing(context.loaders.quoteById, id, "quote");
  return Object.assign(new QuotePayload(), { quote, warnings, auditEventId });
}
