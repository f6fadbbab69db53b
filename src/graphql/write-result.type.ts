import { Field, ID, ObjectType } from "type-graphql";

/**
 * What every mutation's payload says besides the changed node: the audit event that records
 * the change (an admin can read or revert it), and warnings that did not stop it.
 */
@ObjectType({ simpleResolvers: true })
export abstract class WriteResult {
  @Field(() => ID, { nullable: true, description: "The audit event that records this change; null when nothing changed." })
  auditEventId: string | null;

  @Field(() => [String], { description: "What was accepted but is worth a look (e.g. a quote matched only after folding typography)." })
  warnings: string[];
}

@ObjectType("RemovedPayload", { simpleResolvers: true, description: "What a removal removed: its id, and the audit event that keeps the removed rows (revertAuditEvent restores them)." })
export class RemovedPayload extends WriteResult {
  @Field(() => ID, { description: "The id of the removed node." })
  removedId: string;
}
