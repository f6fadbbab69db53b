import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { AuditEvent } from "./audit-event.entity";
import { toGlobalId } from "../domain/global-id";

/** What happened to a row. */
export enum ChangeKind {
  INSERT = "INSERT",
  UPDATE = "UPDATE",
  DELETE = "DELETE",
}

registerEnumType(ChangeKind, {
  name: "ChangeKind",
  description: "What happened to a row.",
  valuesConfig: {
    INSERT: { description: "The row was created: `before` is null." },
    UPDATE: { description: "The row was changed: both `before` and `after` are set." },
    DELETE: { description: "The row was removed: `after` is null." },
  },
});

/** One row an audit event changed, as JSON before and after. Append-only, as its event. */
@ObjectType("AuditChange", { simpleResolvers: true, description: "One row a write changed, as it was before and after (database column names)." })
@Check("audit_changes_before_or_after", "before IS NOT NULL OR after IS NOT NULL")
@Index("audit_changes_event_id_idx", ["eventId", "id"])
@Index("audit_changes_node_id_idx", ["nodeId", "eventId"])
@Entity({ name: "audit_changes" })
export class AuditChange {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id: string;

  @Column({ name: "event_id", type: "bigint" })
  eventId: string;

  @ManyToOne(() => AuditEvent, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "event_id", foreignKeyConstraintName: "audit_changes_event_id_fkey" })
  event?: AuditEvent;

  @Field({ description: "The table of the row (`quotes`, `quote_topics`, `people`…)." })
  @Column({ name: "table_name", type: "text" })
  table: string;

  @Column({ name: "node_type", type: "text" })
  nodeType: string;

  @Column({ name: "node_id", type: "uuid" })
  nodeId: string;

  @Field(() => GraphQLJSONObject, { description: "The row's key columns and values." })
  @Column({ name: "row_key", type: "jsonb" })
  key: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The row before the change; null when it was created." })
  @Column({ type: "jsonb", nullable: true })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The row after the change; null when it was removed." })
  @Column({ type: "jsonb", nullable: true })
  after: Record<string, unknown> | null;

  @Field(() => ChangeKind, { description: "Whether the row was created, changed or removed." })
  get kind(): ChangeKind {
    if (this.before === null) return ChangeKind.INSERT;
    return this.after === null ? ChangeKind.DELETE : ChangeKind.UPDATE;
  }

  @Field(() => ID, { name: "nodeId", description: "The node the row belongs to (a quote for its topic and company links; an API key's id for key changes)." })
  get nodeGlobalId(): string {
    return toGlobalId(this.nodeType, this.nodeId);
  }
}
