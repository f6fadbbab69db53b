import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { ApiKey } from "../api-keys/api-key.entity";
import { toGlobalId } from "../domain/global-id";
import { notBlank } from "../db/text-checks";

/** Who made a change. */
export enum AuditActor {
  API_KEY = "API_KEY",
  CLI = "CLI",
  STARTUP = "STARTUP",
  SQL = "SQL",
}

registerEnumType(AuditActor, {
  name: "AuditActor",
  description: "Who made a change.",
  valuesConfig: {
    API_KEY: { description: "A mutation, by the holder of `apiKey`." },
    CLI: { description: "A command: `npm run ingest` or `npm run apikey`." },
    STARTUP: { description: "The server, loading `content/` into an empty database." },
    SQL: { description: "A statement run on the database directly (e.g. psql), outside the gateway." },
  },
});

/**
 * One write: who, what, when; its changed rows are its AuditChanges. Append-only: the database
 * refuses to update or delete it.
 */
@ObjectType("AuditEvent", { simpleResolvers: true, description: "One write to the content: who made it, which operation, when, and every row it changed, before and after." })
@Check("audit_events_actor_known", "actor IN ('API_KEY', 'CLI', 'STARTUP', 'SQL')")
@Check("audit_events_api_key_iff_key", "(actor = 'API_KEY') = (api_key_id IS NOT NULL)")
@Check("audit_events_operation_present", notBlank("operation"))
@Index("audit_events_api_key_id_idx", ["apiKeyId"])
@Entity({ name: "audit_events" })
export class AuditEvent {
  /** A bigint identity, in the order events were made; pg returns it as a string. */
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id: string;

  @Field(() => ID, { name: "id", description: "Opaque id of the event." })
  get globalId(): string {
    return toGlobalId("AuditEvent", this.id);
  }

  @Field(() => DateTimeISOResolver, { description: "When the change was made (the start of its transaction)." })
  @Column({ name: "occurred_at", type: "timestamptz", default: () => "now()" })
  occurredAt: Date;

  @Field(() => AuditActor, { description: "Who made the change." })
  @Column({ type: "text" })
  actor: AuditActor;

  @Column({ name: "api_key_id", type: "uuid", nullable: true })
  apiKeyId: string | null;

  @ManyToOne(() => ApiKey, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "api_key_id", foreignKeyConstraintName: "audit_events_api_key_id_fkey" })
  apiKey?: ApiKey;

  @Field({ description: "What was done: the mutation's name (`addQuote`, `importInterview`…), `ingest`, `loadContent`, or the SQL's author." })
  @Column({ type: "text" })
  operation: string;
}
