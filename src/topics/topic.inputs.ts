import { Field, ID, InputType, Int } from "type-graphql";
import { IsSlug, IsText, IsVersion, Optional } from "../graphql/input-rules";
import { type Topic } from "./topic.entity";

@InputType("UpsertTopicInput", { description: "A topic by slug: created when new, else renamed." })
export class UpsertTopicInput implements Partial<Pick<Topic, "slug" | "name" | "version">> {
  @Field({ description: "The topic's slug: lowercase words joined by -." })
  @IsSlug()
  slug: string;

  @Field({ nullable: true, description: "Its display name. Needed to create a topic." })
  @Optional()
  @IsText()
  name?: string;

  @Field(() => Int, { nullable: true, description: "The version you read, when updating; refused with CONFLICT if it changed since." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;
}

@InputType("RemoveTopicInput", { description: "The topic to remove; refused while quotes carry it." })
export class RemoveTopicInput {
  @Field(() => ID, { description: "The topic's id." })
  id: string;

  @Field(() => Int, { nullable: true, description: "The version you read; refused with CONFLICT if it changed since." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;
}
