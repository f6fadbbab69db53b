import { IsOptional } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { PageArgs } from "../graphql/connection";

/** The arguments of `Query.auditEvents`. */
@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only the events that changed this node (or API key), by its id." })
  @IsOptional()
  nodeId: string | null;
}

@InputType("RevertAuditEventInput", { description: "The audit event to undo." })
export class RevertAuditEventInput {
  @Field(() => ID, { description: "The event's id, as `auditEvents` or a mutation's `auditEventId` gives it." })
  id: string;
}
