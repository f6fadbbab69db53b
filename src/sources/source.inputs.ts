import { IsInt, IsOptional, Min } from "class-validator";
import { ArgsType, Field, Int } from "type-graphql";

/** The arguments of `Source.body`. */
@ArgsType()
export class SourceBodyArgs {
  @Field(() => Int, { nullable: true, description: "Which revision's body (from 1); the current one when omitted or null." })
  @IsOptional()
  @IsInt({ message: "expected a whole number" })
  @Min(1, { message: "revisions count from 1" })
  revision: number | null;
}
