import { Field, ID, InputType, Int } from "type-graphql";
import { IsSlug, IsText, IsVersion, Optional } from "../graphql/input-rules";
import { type Person } from "./person.entity";

@InputType("UpsertPersonInput", { description: "A person by slug: created when new, else updated (a field left out stays as it is)." })
export class UpsertPersonInput implements Partial<Pick<Person, "slug" | "name" | "headline" | "version">> {
  @Field({ description: "The person's slug: lowercase words joined by -." })
  @IsSlug()
  slug: string;

  @Field({ nullable: true, description: "Their name, as sources give it. Needed to create a person." })
  @Optional()
  @IsText()
  name?: string;

  @Field(() => String, { nullable: true, description: "One line on who they are; null clears it." })
  @Optional()
  @IsText()
  headline?: string | null;

  @Field(() => Int, { nullable: true, description: "The version you read, when updating; refused with CONFLICT if it changed since." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;
}

@InputType("RemovePersonInput", { description: "The person to remove; refused while anything refers to them." })
export class RemovePersonInput {
  @Field(() => ID, { description: "The person's id." })
  id: string;

  @Field(() => Int, { nullable: true, description: "The version you read; refused with CONFLICT if it changed since." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;
}
