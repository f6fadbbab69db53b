import { Field, ID, InputType, Int } from "type-graphql";
import { IsFuzzyDate, IsOccurrence, IsSlug, IsText, IsVersion, MAX_PASSAGE_LENGTH, Optional } from "../graphql/input-rules";
import { type CareerStep } from "./career-step.entity";

@InputType("AddCareerStepInput", { description: "A new career step, dated as the bundle format dates them, with the passage of a source that supports it." })
export class AddCareerStepInput implements Partial<Pick<CareerStep, "title">> {
  @Field({ description: "Whose step, by slug." })
  @IsSlug()
  person: string;

  @Field({ description: "Where, by slug." })
  @IsSlug()
  company: string;

  @Field(() => String, { nullable: true, description: "The role's title, when known." })
  @Optional()
  @IsText()
  title?: string | null;

  @Field(() => String, { nullable: true, description: "When it began, in EDTF level 1 (`2016~`, `2023`, `2023-05-10`); null or left out: unknown." })
  @Optional()
  @IsFuzzyDate()
  start?: string | null;

  @Field(() => String, { nullable: true, description: "When it ended, in EDTF level 1, or `..` when it goes on; null or left out: unknown." })
  @Optional()
  @IsFuzzyDate({ allowOpen: true })
  end?: string | null;

  @Field(() => String, { nullable: true, description: "The source that tells of the step, by slug; needed for evidence." })
  @Optional()
  @IsSlug()
  source?: string | null;

  @Field(() => String, { nullable: true, description: "The passage of the source that supports the step, as it stands in the body." })
  @Optional()
  @IsText(MAX_PASSAGE_LENGTH)
  evidence?: string | null;

  @Field(() => Int, { nullable: true, description: "Which match of the evidence, when it stands in the body more than once (from 1)." })
  @Optional()
  @IsOccurrence()
  occurrence?: number | null;
}

@InputType("UpdateCareerStepInput", {
  description: "Changes to a career step: a field left out stays as it is, null clears it (an unknown date, no title, no source or evidence).",
})
export class UpdateCareerStepInput implements Partial<Pick<CareerStep, "title" | "version">> {
  @Field(() => ID, { description: "The step's id." })
  id: string;

  @Field(() => Int, { nullable: true, description: "The version you read; if the step has changed since, the edit is refused with CONFLICT." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;

  @Field({ nullable: true, description: "Whose step, by slug." })
  @Optional()
  @IsSlug()
  person?: string;

  @Field({ nullable: true, description: "Where, by slug." })
  @Optional()
  @IsSlug()
  company?: string;

  @Field(() => String, { nullable: true, description: "The role's title; null clears it." })
  @Optional()
  @IsText()
  title?: string | null;

  @Field(() => String, { nullable: true, description: "When it began (EDTF); null: unknown." })
  @Optional()
  @IsFuzzyDate()
  start?: string | null;

  @Field(() => String, { nullable: true, description: "When it ended (EDTF), or `..` when it goes on; null: unknown." })
  @Optional()
  @IsFuzzyDate({ allowOpen: true })
  end?: string | null;

  @Field(() => String, { nullable: true, description: "The source, by slug; null removes it and the evidence. A new source re-anchors the evidence in it." })
  @Optional()
  @IsSlug()
  source?: string | null;

  @Field(() => String, { nullable: true, description: "The supporting passage, as it stands in the source's body; null removes it." })
  @Optional()
  @IsText(MAX_PASSAGE_LENGTH)
  evidence?: string | null;

  @Field(() => Int, { nullable: true, description: "Which match of the evidence, when it stands in the body more than once (from 1)." })
  @Optional()
  @IsOccurrence()
  occurrence?: number | null;
}

@InputType("RemoveCareerStepInput", { description: "The career step to remove." })
export class RemoveCareerStepInput {
  @Field(() => ID, { description: "The step's id." })
  id: string;

  @Field(() => Int, { nullable: true, description: "The version you read; if the step has changed since, the removal is refused with CONFLICT." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;
}
