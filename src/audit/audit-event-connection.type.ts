import { Field, ObjectType } from "type-graphql";
import { ConnectionType, EdgeType } from "../graphql/connection";
import { scanOf } from "../graphql/scan";
import { WriteResult } from "../graphql/write-result.type";
import { AuditEvent } from "./audit-event.entity";

@ObjectType("AuditEventEdge", { simpleResolvers: true, description: "An audit event on a page, with the cursor that points at it." })
export class AuditEventEdge extends EdgeType(AuditEvent, "audit event") {}

@ObjectType("AuditEventConnection", { simpleResolvers: true, description: "A page of audit events, newest first." })
export class AuditEventConnection extends ConnectionType(AuditEvent, AuditEventEdge, "audit events", scanOf("audit_events")) {}

@ObjectType("RevertAuditEventPayload", { simpleResolvers: true, description: "An undone event; the undoing is itself a new event (`auditEventId`), which can be reverted in turn." })
export class RevertAuditEventPayload extends WriteResult {
  @Field(() => AuditEvent, { description: "The event that was undone." })
  reverted: AuditEvent;
}
