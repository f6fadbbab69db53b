import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { PageArgs, toConnection } from "../common/connection";
import { type Context } from "../context";
import { QuoteConnection } from "../quotes/quote-connection.type";
import { quoteService } from "../quotes/quote.service";
import { Topic } from "./topic.entity";
import { topicService } from "./topic.service";

@Resolver(() => Topic)
export class TopicResolver {
  @Query(() => [Topic], { description: "Every topic quotes are tagged with, by slug." })
  topics(@Ctx() context: Context): Promise<Topic[]> {
    return topicService.all(context);
  }

  @FieldResolver(() => Int, { description: "How many quotes carry the topic." })
  quoteCount(@Root() topic: Topic, @Ctx() context: Context): Promise<number> {
    return context.loaders.quoteCountByTopicId.load(topic.id);
  }

  @FieldResolver(() => QuoteConnection, { description: "The quotes tagged with the topic, a page at a time, in source order." })
  async quotes(@Root() topic: Topic, @Ctx() context: Context, @Args() args: PageArgs): Promise<QuoteConnection> {
    return toConnection(QuoteConnection, await quoteService.list(context, { scope: "topic", parentId: topic.id }, { ...args, filter: null }));
  }
}
