import { Field, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from "typeorm";
import { FuzzyDate } from "../graphql/fuzzy-date.type";
import { Node } from "../graphql/node.type";
import { ReviewedNode } from "../graphql/reviewed-node";
import { Anchor, type AnchorStatus } from "../graphql/anchor.type";
import { KeptApart } from "../db/entity-columns";
import { ANCHOR_SCORE_FITS, ANCHOR_STATUS_KNOWN, PREVIOUS_TEXT_WHEN_FUZZY, REVIEW_COMPLETE, REVIEW_STATUS_KNOWN } from "../db/anchor-checks";
import { Company } from "../companies/company.entity";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";

/**
 * One role of one person at one company, with honest fuzzy dates and the passage that says so.
 * An open end (`end_open`, EDTF "..") is a current role; no end at all is an unknown end.
 */
@ObjectType("CareerStep", {
  simpleResolvers: true,
  implements: Node,
  description: "One role of one person at one company, dated as honestly as the evidence allows, with the passage that supports it.",
})
@Check("career_steps_start_complete", "(start_edtf IS NULL) = (start_earliest IS NULL) AND (start_edtf IS NULL) = (start_latest IS NULL) AND (start_edtf IS NULL) = (start_precision IS NULL)")
@Check("career_steps_start_edtf_format", "start_edtf ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?%]?$'")
@Check("career_steps_start_precision_known", "start_precision IN ('YEAR', 'MONTH', 'DAY')")
@Check("career_steps_start_bounds_ordered", "start_earliest <= start_latest")
@Check("career_steps_end_complete", "(end_edtf IS NULL) = (end_earliest IS NULL) AND (end_edtf IS NULL) = (end_latest IS NULL) AND (end_edtf IS NULL) = (end_precision IS NULL)")
@Check("career_steps_end_edtf_format", "end_edtf ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?%]?$'")
@Check("career_steps_end_precision_known", "end_precision IN ('YEAR', 'MONTH', 'DAY')")
@Check("career_steps_end_bounds_ordered", "end_earliest <= end_latest")
@Check("career_steps_open_end_has_no_date", "NOT (end_open AND end_edtf IS NOT NULL)")
@Check("career_steps_ends_after_start", "start_earliest <= end_latest")
@Check("career_steps_evidence_complete", "(evidence_start IS NULL AND evidence_end IS NULL) OR (source_id IS NOT NULL AND evidence_start IS NOT NULL AND evidence_end IS NOT NULL)")
@Check("career_steps_evidence_span_ordered", "0 <= evidence_start AND evidence_start < evidence_end")
@Check("career_steps_anchor_status_known", ANCHOR_STATUS_KNOWN)
@Check("career_steps_anchor_score_fits", ANCHOR_SCORE_FITS)
@Check("career_steps_previous_text_when_fuzzy", PREVIOUS_TEXT_WHEN_FUZZY)
@Check("career_steps_anchor_when_evidence", "(evidence_start IS NULL) = (anchor_status IS NULL) AND (anchor_status IS NULL) = (anchor_score IS NULL) AND (anchor_status IS NULL) = (anchor_revision IS NULL)")
@Check("career_steps_anchor_revision_positive", "anchor_revision >= 1")
@Check("career_steps_review_status_known", REVIEW_STATUS_KNOWN)
@Check("career_steps_review_complete", REVIEW_COMPLETE)
@Index("career_steps_person_id_idx", ["personId", "startMiddle", "startEarliest", "id"])
@Index("career_steps_company_id_idx", ["companyId", "startMiddle", "startEarliest", "id"])
@Index("career_steps_timeline_idx", ["startMiddle", "startEarliest", "id"])
@Index("career_steps_source_id_idx", ["sourceId"])
@Check("career_steps_version_positive", "version >= 1")
@Entity({ name: "career_steps" })
export class CareerStep extends ReviewedNode {
  static override readonly nodeType = "CareerStep";

  @Column({ name: "person_id", type: "uuid" })
  personId: string;

  @ManyToOne(() => Person, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "person_id", foreignKeyConstraintName: "career_steps_person_id_fkey" })
  person?: Person;

  @Column({ name: "company_id", type: "uuid" })
  companyId: string;

  @ManyToOne(() => Company, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "company_id", foreignKeyConstraintName: "career_steps_company_id_fkey" })
  company?: Company;

  @Field(() => String, { nullable: true, description: "The role's title, when the source gives one." })
  @Column({ type: "text", nullable: true })
  title: string | null;

  @Column({ name: "start_edtf", type: "text", nullable: true })
  startEdtf: string | null;

  @Column({ name: "start_earliest", type: "date", nullable: true })
  startEarliest: string | null;

  @Column({ name: "start_latest", type: "date", nullable: true })
  startLatest: string | null;

  @Column({ name: "start_precision", type: "text", nullable: true })
  startPrecision: string | null;

  @Column({ name: "end_edtf", type: "text", nullable: true })
  endEdtf: string | null;

  @Column({ name: "end_earliest", type: "date", nullable: true })
  endEarliest: string | null;

  @Column({ name: "end_latest", type: "date", nullable: true })
  endLatest: string | null;

  @Column({ name: "end_precision", type: "text", nullable: true })
  endPrecision: string | null;

  /** EDTF "..": the step goes on today. Distinct from an unknown end (no end date, not open). */
  @Column({ name: "end_open", type: "boolean", default: false })
  endOpen: boolean;

  @Column({ name: "source_id", type: "uuid", nullable: true })
  sourceId: string | null;

  @ManyToOne(() => Source, { onDelete: "CASCADE" })
  @JoinColumn({ name: "source_id", foreignKeyConstraintName: "career_steps_source_id_fkey" })
  source?: Source;

  @Column({ name: "evidence_start", type: "integer", nullable: true })
  evidenceStart: number | null;

  @Column({ name: "evidence_end", type: "integer", nullable: true })
  evidenceEnd: number | null;

  /** How the evidence followed the source's corrections (AnchorStatus); null when the step has no evidence. */
  @KeptApart()
  @Column({ name: "anchor_status", type: "text", nullable: true })
  anchorStatus: AnchorStatus | null;

  @KeptApart()
  @Column({ name: "anchor_score", type: "double precision", nullable: true })
  anchorScore: number | null;

  /** The revision of the body the evidence's span refers to; set by the database when a write does not say. */
  @KeptApart()
  @Column({ name: "anchor_revision", type: "integer", nullable: true })
  anchorRevision: number | null;

  @KeptApart()
  @Column({ name: "previous_text", type: "text", nullable: true })
  previousText: string | null;

  /**
   * The middle of the start's bounds (infinity when the start is unknown): timelines run oldest
   * first by it, then by the earliest bound, then by id. Kept by the database.
   */
  @Column({ name: "start_middle", type: "date", nullable: true, select: false, insert: false, update: false, generatedType: "STORED", asExpression: "coalesce(start_earliest + (start_latest - start_earliest) / 2, 'infinity'::date)" })
  startMiddle?: string;

  /** The days the step possibly ran (domain/step-time.ts), unbounded where it goes on or is unknown: GiST-indexed for `during`. Kept by the database. */
  @Index("career_steps_possible_idx", { synchronize: false })
  @Column({ type: "daterange", nullable: true, select: false, insert: false, update: false, generatedType: "STORED", asExpression: "CASE WHEN end_latest < start_earliest THEN 'empty'::daterange ELSE daterange(start_earliest, end_latest, '[]') END" })
  possible?: string;

  /** The days the step certainly ran (domain/step-time.ts), empty when none: GiST-indexed for `during`. Kept by the database. */
  @Index("career_steps_certain_idx", { synchronize: false })
  @Column({
    type: "daterange",
    nullable: true,
    select: false,
    insert: false,
    update: false,
    generatedType: "STORED",
    asExpression:
      "CASE WHEN start_latest IS NULL THEN 'empty'::daterange WHEN end_open THEN daterange(start_latest, NULL, '[)') WHEN end_earliest IS NULL OR end_earliest < start_latest THEN 'empty'::daterange ELSE daterange(start_latest, end_earliest, '[]') END",
  })
  certain?: string;

  @Field(() => FuzzyDate, { name: "start", nullable: true, description: "When the step began; null when unknown." })
  get start(): FuzzyDate | null {
    return FuzzyDate.fromColumns({ edtf: this.startEdtf, earliest: this.startEarliest, latest: this.startLatest });
  }

  @Field(() => FuzzyDate, {
    name: "end",
    nullable: true,
    description: "When the step ended; null when it goes on (`isCurrent`) or when the end is unknown.",
  })
  get end(): FuzzyDate | null {
    return FuzzyDate.fromColumns({ edtf: this.endEdtf, earliest: this.endEarliest, latest: this.endLatest });
  }

  @Field(() => Anchor, { nullable: true, description: "How the evidence followed the source's corrections (EXACT, SHIFTED, FUZZY or ORPHANED); null when the step has no evidence." })
  get anchor(): Anchor | null {
    if (this.anchorStatus === null || this.anchorScore === null || this.anchorRevision === null) return null;
    return new Anchor(this.anchorStatus, this.anchorScore, this.anchorRevision, this.previousText);
  }

  @Field({ description: "True when the step goes on today (an open end, EDTF `..`); false when it ended or its end is unknown." })
  get isCurrent(): boolean {
    return this.endOpen;
  }
}
