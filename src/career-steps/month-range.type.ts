import { Field, Int, ObjectType } from "type-graphql";

@ObjectType("MonthRange", { simpleResolvers: true, description: "The least and the most a length of time can be, in whole months, as far as fuzzy dates tell." })
export class MonthRange {
  @Field(() => Int, { description: "The least: whole months of what is certain (0 when nothing is)." })
  min: number;

  @Field(() => Int, { nullable: true, description: "The most; null when there is no bound (it goes on, or its start or end is unknown)." })
  max: number | null;
}
