import { Ctx, Extensions, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { scanOf } from "../graphql/scan";
import { type Context } from "../graphql/context";
import { keptCountReading } from "./kept-count-reading";
import { CompanyCount, PersonCount, QuoteStats, TopicCount } from "./quote-stats.type";
import { quoteService } from "./quote.service";

/** Each breakdown is one statement, run only when the client asks for it; priced by what it reads (kept counts when they answer the filter). */
@Resolver(() => QuoteStats)
export class QuoteStatsResolver {
  @FieldResolver(() => Int, { description: "How many quotes the filter keeps." })
  @Extensions(scanOf("quotes", { readsInstead: keptCountReading("all") }))
  total(@Root() stats: QuoteStats, @Ctx() context: Context): Promise<number> {
    return quoteService.count(context, stats.filter);
  }

  @Extensions(scanOf("quotes", { readsInstead: keptCountReading("topic") }))
  @FieldResolver(() => [TopicCount], { description: "The kept quotes by topic, most first. A quote with several topics counts once under each." })
  async byTopic(@Root() stats: QuoteStats, @Ctx() context: Context): Promise<TopicCount[]> {
    return (await quoteService.countByTopic(context, stats.filter)).map(({ item, count }) => ({ topic: item, count }));
  }

  @Extensions(scanOf("quotes", { readsInstead: keptCountReading("company") }))
  @FieldResolver(() => [CompanyCount], { description: "The kept quotes by the companies they mention, most first. A quote naming several counts once under each." })
  async byCompany(@Root() stats: QuoteStats, @Ctx() context: Context): Promise<CompanyCount[]> {
    return (await quoteService.countByCompany(context, stats.filter)).map(({ item, count }) => ({ company: item, count }));
  }

  @Extensions(scanOf("quotes", { readsInstead: keptCountReading("speaker") }))
  @FieldResolver(() => [PersonCount], { description: "The kept quotes by speaker, most first." })
  async bySpeaker(@Root() stats: QuoteStats, @Ctx() context: Context): Promise<PersonCount[]> {
    return (await quoteService.countBySpeaker(context, stats.filter)).map(({ item, count }) => ({ person: item, count }));
  }
}
