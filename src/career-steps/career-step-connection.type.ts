import { ObjectType } from "type-graphql";
import { ConnectionType, EdgeType } from "../graphql/connection";
import { scanOf } from "../graphql/scan";
import { CareerStep } from "./career-step.entity";

@ObjectType("CareerStepEdge", { simpleResolvers: true, description: "A career step on a page, with the cursor that points at it." })
export class CareerStepEdge extends EdgeType(CareerStep, "career step") {}

@ObjectType("CareerStepConnection", { simpleResolvers: true, description: "A page of career steps, oldest first, with keyset cursors." })
export class CareerStepConnection extends ConnectionType(CareerStep, CareerStepEdge, "career steps", scanOf("career_steps")) {}
