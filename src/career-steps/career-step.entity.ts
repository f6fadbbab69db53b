import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { FuzzyDate } from "../common/fuzzy-date.type";
import { Node } from "../common/node.type";
import { Company } from "../companies/company.entity";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";

/**
 * One role of one person at one company, with honest fuzzy dates and the passage that says so.
 * An open end (`end_open`, EDTF "..") is a current role; no end at all is an unknown end.
 */
@ObjectType("CareerStep", {
  implements: Node,
  description: "One role of one person at one company, dated as honestly as the evidence allows, with the passage that supports it.",
})
@Entity({ name: "career_steps" })
export class CareerStep extends Node {
  static override readonly nodeType = "CareerStep";

  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "person_id", type: "uuid" })
  personId: string;

  @ManyToOne(() => Person, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "person_id" })
  person?: Person;

  @Column({ name: "company_id", type: "uuid" })
  companyId: string;

  @ManyToOne(() => Company, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "company_id" })
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
  @JoinColumn({ name: "source_id" })
  source?: Source;

  @Column({ name: "evidence_start", type: "integer", nullable: true })
  evidenceStart: number | null;

  @Column({ name: "evidence_end", type: "integer", nullable: true })
  evidenceEnd: number | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;

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

  @Field({ description: "True when the step goes on today (an open end, EDTF `..`); false when it ended or its end is unknown." })
  get isCurrent(): boolean {
    return this.endOpen;
  }
}
