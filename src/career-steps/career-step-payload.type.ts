import { Field, ObjectType } from "type-graphql";
import { WriteResult } from "../graphql/write-result.type";
import { CareerStep } from "./career-step.entity";

@ObjectType("CareerStepPayload", { simpleResolvers: true, description: "The career step as the change left it." })
export class CareerStepPayload extends WriteResult {
  @Field(() => CareerStep, { description: "The added or updated step." })
  careerStep: CareerStep;
}
