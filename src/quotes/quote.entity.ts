import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../common/node.type";
import { TextSpan } from "../common/text-span.type";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";

/**
 * Words a person said, anchored to the exact span of the source body they stand in.
 * The database checks on every write that the text equals the body at the span.
 */
@ObjectType("Quote", {
  implements: Node,
  description: "Words a person said, anchored to the exact span of the source they stand in: `text` always equals the body at `span`.",
})
@Entity({ name: "quotes" })
export class Quote extends Node {
  static override readonly nodeType = "Quote";

  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "source_id", type: "uuid" })
  sourceId: string;

  @ManyToOne(() => Source, { onDelete: "CASCADE" })
  @JoinColumn({ name: "source_id" })
  source?: Source;

  @Column({ name: "speaker_id", type: "uuid" })
  speakerId: string;

  @ManyToOne(() => Person, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "speaker_id" })
  speaker?: Person;

  @Field({ description: "The quoted words, exactly as they stand in the source body." })
  @Column({ type: "text" })
  text: string;

  @Column({ name: "span_start", type: "integer" })
  spanStart: number;

  @Column({ name: "span_end", type: "integer" })
  spanEnd: number;

  /** Up to 32 code points before the span, to re-anchor the quote if offsets ever drift. */
  @Column({ type: "text", default: "" })
  prefix: string;

  /** Up to 32 code points after the span. */
  @Column({ type: "text", default: "" })
  suffix: string;

  @Field(() => String, { nullable: true, description: "The heading the quote stands under; null before the first heading." })
  @Column({ type: "text", nullable: true })
  section: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;

  @Field(() => TextSpan, { description: "Where the text stands in the source body, in code points." })
  get span(): TextSpan {
    return new TextSpan(this.spanStart, this.spanEnd);
  }
}
