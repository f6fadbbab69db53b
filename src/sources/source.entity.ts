import { SLUG_PATTERN } from "../domain/rules";
import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from "typeorm";
import { FuzzyDate } from "../graphql/fuzzy-date.type";
import { Node } from "../graphql/node.type";
import { VersionedNode } from "../graphql/versioned-node";
import { Person } from "../people/person.entity";
import { SourceKind } from "./source-kind";
import { notBlank } from "../db/text-checks";
import { KeptApart } from "../db/entity-columns";

/**
 * An article, interview or as-told-to essay: the text every fact and quote is anchored to. Its
 * body is the body of its current `revision`: a correction is a new revision (reviseSource),
 * never a change in place, and every revision's body is kept (source_revisions); the database
 * checks, when a transaction commits, that the body is its revision's.
 */
@ObjectType("Source", {
  simpleResolvers: true,
  implements: Node,
  description: "An interview, article or as-told-to essay: the text every career step and quote is anchored to.",
})
@Check("sources_slug_format", `slug ~ '${SLUG_PATTERN.source}'`)
@Check("sources_title_present", notBlank("title"))
@Check("sources_kind_known", "kind IN ('AS_TOLD_TO_ESSAY', 'INTERVIEW', 'ARTICLE', 'TRANSCRIPT', 'PODCAST', 'TALK')")
@Check("sources_url_http", "url ~ '^https?://'")
@Check("sources_body_present", "body <> ''")
@Check("sources_body_nfc", "body IS NFC NORMALIZED")
@Check("sources_body_sha256_matches", "body_sha256 = encode(sha256(convert_to(body, 'UTF8')), 'hex')")
@Check("sources_published_complete", "(published_edtf IS NULL) = (published_earliest IS NULL) AND (published_edtf IS NULL) = (published_latest IS NULL) AND (published_edtf IS NULL) = (published_precision IS NULL)")
@Check("sources_published_edtf_format", "published_edtf ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?%]?$'")
@Check("sources_published_precision_known", "published_precision IN ('YEAR', 'MONTH', 'DAY')")
@Check("sources_published_bounds_ordered", "published_earliest <= published_latest")
@Index("sources_narrator_id_idx", ["narratorId"])
@Check("sources_version_positive", "version >= 1")
@Check("sources_revision_positive", "revision >= 1")
@Entity({ name: "sources" })
export class Source extends VersionedNode {
  static override readonly nodeType = "Source";

  @Field({ description: "Stable, human-readable key, e.g. `openai-engineer-as-told-to`." })
  @Column({ type: "text", unique: true, collation: "C" })
  slug: string;

  @Field({ description: "The title (an editorial one when the source gives none)." })
  @Column({ type: "text" })
  title: string;

  @Field(() => SourceKind, { description: "What kind of text this is." })
  @Column({ type: "text" })
  kind: SourceKind;

  @Field(() => String, { nullable: true, description: "Where the source was published, when known." })
  @Column({ type: "text", nullable: true })
  url: string | null;

  @Field(() => String, { nullable: true, description: "Who published it, when known." })
  @Column({ type: "text", nullable: true })
  publisher: string | null;

  @Column({ name: "published_edtf", type: "text", nullable: true })
  publishedEdtf: string | null;

  @Column({ name: "published_earliest", type: "date", nullable: true })
  publishedEarliest: string | null;

  @Column({ name: "published_latest", type: "date", nullable: true })
  publishedLatest: string | null;

  @Column({ name: "published_precision", type: "text", nullable: true })
  publishedPrecision: string | null;

  @Field(() => FuzzyDate, { name: "publishedOn", nullable: true, description: "When it was published; null when unknown." })
  get publishedOn(): FuzzyDate | null {
    return FuzzyDate.fromColumns({ edtf: this.publishedEdtf, earliest: this.publishedEarliest, latest: this.publishedLatest });
  }

  @Column({ name: "narrator_id", type: "uuid", nullable: true })
  narratorId: string | null;

  @ManyToOne(() => Person, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "narrator_id", foreignKeyConstraintName: "sources_narrator_id_fkey" })
  narrator?: Person;

  /** The full text: not read with the row (see source-bodies.ts); the `body` field resolves it. */
  @Column({ type: "text", select: false })
  body: string;

  @Field({ description: "SHA-256 of the body's UTF-8 bytes, hex: proves which text the spans refer to." })
  @Column({ name: "body_sha256", type: "char", length: 64 })
  bodySha256: string;

  @Field(() => Int, { description: "The number of the body's current revision: 1 as first imported, one more with each correction (reviseSource)." })
  @KeptApart()
  @Column({ type: "integer", default: 1 })
  revision: number;

  @Field(() => [String], { description: "The body's section headings, verbatim, in order." })
  @Column({ type: "text", array: true, default: () => "'{}'" })
  sections: string[];
}
