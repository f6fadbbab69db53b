import { Field, ObjectType } from "type-graphql";
import { WriteResult } from "../graphql/write-result.type";
import { Topic } from "./topic.entity";

@ObjectType("TopicPayload", { simpleResolvers: true, description: "The topic as the change left it." })
export class TopicPayload extends WriteResult {
  @Field(() => Topic, { description: "The created or updated topic." })
  topic: Topic;

  @Field({ description: "True when the slug was new and the topic was created; false when it was updated (or already as given)." })
  created: boolean;
}
