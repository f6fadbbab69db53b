import { type GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { scanOf } from "../graphql/scan";
import { ApiKeyRole } from "../api-keys/api-key.entity";
import { writeAs } from "../db/transaction";
import { keyOf } from "../graphql/global-id";
import { existing } from "../graphql/read/loader";
import { removeUnreferenced, upsertBySlug } from "../db/slugged-writes";
import { RemovedPayload } from "../graphql/write-result.type";
import { PageArgs, toConnection } from "../graphql/connection";
import { type Context } from "../graphql/context";
import { Quote } from "../quotes/quote.entity";
import { QuoteConnection } from "../quotes/quote-connection.type";
import { quoteService } from "../quotes/quote.service";
import { Topic } from "./topic.entity";
import { RemoveTopicInput, UpsertTopicInput } from "./topic.inputs";
import { TopicPayload } from "./topic-payload.type";
import { TOPICS, topicService } from "./topic.service";

@Resolver(() => Topic)
export class TopicResolver {
  @Query(() => [Topic], { description: "Every topic quotes are tagged with, by slug." })
  topics(@Ctx() context: Context): Promise<Topic[]> {
    return topicService.all(context);
  }

  @FieldResolver(() => Int, { description: "How many quotes carry the topic." })
  @Extensions(scanOf("quote_topics"))
  quoteCount(@Root() topic: Topic, @Ctx() context: Context): Promise<number> {
    return context.loaders.quoteCountByTopicId.load(topic.id);
  }

  @FieldResolver(() => QuoteConnection, { description: "The quotes tagged with the topic, a page at a time, in source order." })
  async quotes(@Root() topic: Topic, @Ctx() context: Context, @Args() args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<QuoteConnection> {
    return toConnection(QuoteConnection, await quoteService.list(context, { scope: "topic", parentId: topic.id }, { ...args, filter: null }, context.prefetch.forConnection(Quote, info)));
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => TopicPayload, { description: "Creates the topic of a slug, or updates it: a field left out stays as it is (EDITOR)." })
  async upsertTopic(@Ctx() context: Context, @Arg("input", () => UpsertTopicInput, { description: "The topic." }) input: UpsertTopicInput): Promise<TopicPayload> {
    const { result, auditEventId } = await writeAs(context, "upsertTopic", (manager) => upsertBySlug(manager, TOPICS, input.slug, { name: input.name }, input.expectedVersion));
    const topic = await existing(context.loaders.topicById, result.id, "topic");
    return Object.assign(new TopicPayload(), { topic, created: result.created, auditEventId, warnings: [] });
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => RemovedPayload, { description: "Removes a topic; refused with CONFLICT, naming them, while anything refers to it (EDITOR)." })
  async removeTopic(@Ctx() context: Context, @Arg("input", () => RemoveTopicInput, { description: "The topic to remove." }) input: RemoveTopicInput): Promise<RemovedPayload> {
    const id = keyOf(input.id, "Topic", "input.id");
    const { auditEventId } = await writeAs(context, "removeTopic", (manager) => removeUnreferenced(manager, TOPICS, id, input.expectedVersion));
    return Object.assign(new RemovedPayload(), { removedId: input.id, auditEventId, warnings: [] });
  }
}
