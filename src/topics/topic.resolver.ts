import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { existing } from "../graphql/read/loader";
import { removeUnreferenced, upsertBySlug } from "../db/slugged-writes";
import { RemovedPayload } from "../graphql/write-result.type";
import { type Context } from "../graphql/context";
import { Topic } from "./topic.entity";
import { RemoveTopicInput, UpsertTopicInput } from "./topic.inputs";
import { TopicPayload } from "./topic-payload.type";
import { TOPICS, topicService } from "./topic.service";
import { ApiKeyRole } from "../graphql/auth";
import { keyOf } from "../graphql/ids";
import { writeAs } from "../graphql/writes";

@Resolver(() => Topic)
export class TopicResolver {
  @Query(() => [Topic], { description: "Every topic quotes are tagged with, by slug." })
  topics(@Ctx() context: Context): Promise<Topic[]> {
    return topicService.all(context);
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => TopicPayload, { description: "Creates the topic of a slug, or updates it: a field left out stays as it is (EDITOR)." })
  async upsertTopic(@Ctx() context: Context, @Arg("input", () => UpsertTopicInput, { description: "The topic." }) input: UpsertTopicInput): Promise<TopicPayload> {
    const { result, auditEventId } = await writeAs(context, "upsertTopic", (manager) => upsertBySlug(manager, TOPICS, input.slug, input, input.expectedVersion));
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
