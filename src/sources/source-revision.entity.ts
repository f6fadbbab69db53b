import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Source } from "./source.entity";

/**
 * One body a source has had: revision 1 as first imported, one more per correction. Kept whole
 * and never changed (the database refuses updates), so that every span made against it can be
 * read again: an ORPHANED quote's words stand in the body of its own revision.
 */
@ObjectType("SourceRevision", { simpleResolvers: true, description: "One body a source has had: its number, the body's SHA-256, the editor's note and when it was made." })
@Check("source_revisions_number_positive", "number >= 1")
@Check("source_revisions_body_present", "body <> ''")
@Check("source_revisions_body_nfc", "body IS NFC NORMALIZED")
@Check("source_revisions_body_sha256_matches", "body_sha256 = encode(sha256(convert_to(body, 'UTF8')), 'hex')")
@Entity({ name: "source_revisions" })
export class SourceRevision {
  @PrimaryColumn({ name: "source_id", type: "uuid" })
  sourceId: string;

  @ManyToOne(() => Source, { onDelete: "CASCADE" })
  @JoinColumn({ name: "source_id", foreignKeyConstraintName: "source_revisions_source_id_fkey" })
  source?: Source;

  @Field(() => Int, { description: "1 for the body as first imported, one more per correction." })
  @PrimaryColumn({ type: "integer" })
  number: number;

  /** The body (NFC): read only when asked for (`Source.body(revision:)`). */
  @Column({ type: "text", select: false })
  body: string;

  @Field({ description: "SHA-256 of this body's UTF-8 bytes, hex." })
  @Column({ name: "body_sha256", type: "char", length: 64 })
  bodySha256: string;

  @Field(() => String, { nullable: true, description: "What the editor said of the correction (none for revision 1)." })
  @Column({ type: "text", nullable: true })
  note: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Field({ name: "createdAt", description: "When the revision was made (ISO 8601, UTC)." })
  get createdAtIso(): string {
    return new Date(this.createdAt).toISOString();
  }
}
