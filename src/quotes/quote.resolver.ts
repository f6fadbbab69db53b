import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { toConnection } from "../common/connection";
import { loadExisting } from "../common/loader";
import { Company } from "../companies/company.entity";
import { type Context } from "../context";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";
import { Topic } from "../topics/topic.entity";
import { Quote } from "./quote.entity";
import { QuoteConnection } from "./quote-connection.type";
import { QuoteContext } from "./quote-context.type";
import { normalizeFilter } from "./quote-query";
import { QuoteStats } from "./quote-stats.type";
import { DEFAULT_CONTEXT_CHARS, QuoteContextArgs, QuoteStatsArgs, QuotesArgs } from "./quote.inputs";
import { ALL_QUOTES, quoteService } from "./quote.service";

@Resolver(() => Quote)
export class QuoteResolver {
  @Query(() => QuoteConnection, { description: "Quotes across every source, filtered and searched, a page at a time." })
  async quotes(@Ctx() context: Context, @Args() args: QuotesArgs): Promise<QuoteConnection> {
    return toConnection(QuoteConnection, await quoteService.list(context, ALL_QUOTES, args));
  }

  @Query(() => QuoteStats, { description: "Counts over the quotes a filter keeps: in all, and by topic, company and speaker." })
  quoteStats(@Args() args: QuoteStatsArgs): QuoteStats {
    return Object.assign(new QuoteStats(), { filter: normalizeFilter(args.filter) });
  }

  @FieldResolver(() => Person, { description: "Who said it." })
  speaker(@Root() quote: Quote, @Ctx() context: Context): Promise<Person> {
    return loadExisting(context.loaders.personById, quote.speakerId, "person");
  }

  @FieldResolver(() => Source, { description: "The source the quote stands in." })
  source(@Root() quote: Quote, @Ctx() context: Context): Promise<Source> {
    return loadExisting(context.loaders.sourceById, quote.sourceId, "source");
  }

  @FieldResolver(() => [Topic], { description: "The topics the quote is tagged with, by slug." })
  topics(@Root() quote: Quote, @Ctx() context: Context): Promise<Topic[]> {
    return context.loaders.topicsByQuoteId.load(quote.id);
  }

  @FieldResolver(() => [Company], { description: "The companies the quote mentions, by slug." })
  companies(@Root() quote: Quote, @Ctx() context: Context): Promise<Company[]> {
    return context.loaders.companiesByQuoteId.load(quote.id);
  }

  @FieldResolver(() => QuoteContext, { description: "The words of the body around the quote." })
  context(@Root() quote: Quote, @Ctx() context: Context, @Args() args: QuoteContextArgs): Promise<QuoteContext> {
    return quoteService.context(context, quote, args.chars ?? DEFAULT_CONTEXT_CHARS);
  }
}
