import { SLUG_PATTERN } from "../domain/rules";
import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../graphql/node.type";

/** A subject that quotes are tagged with, from a small editorial vocabulary. */
@ObjectType("Topic", { implements: Node, description: "A subject quotes are tagged with, from a small editorial vocabulary." })
@Check("topics_slug_format", `slug ~ '${SLUG_PATTERN.source}'`)
@Check("topics_name_present", "btrim(name) <> ''")
@Check("topics_version_positive", "version >= 1")
@Entity({ name: "topics" })
export class Topic extends Node {
  static override readonly nodeType = "Topic";

  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field({ description: "Stable, human-readable key, e.g. `hiring`." })
  @Column({ type: "text", unique: true, collation: "C" })
  slug: string;

  @Field({ description: "The topic's display name." })
  @Column({ type: "text" })
  name: string;

  @Field(() => Int, { description: "Raised by every change to this topic: pass it back as `expectedVersion` so that an edit never overwrites one it has not seen." })
  @Column({ type: "integer", default: 1 })
  version: number;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", select: false })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", select: false })
  updatedAt: Date;
}
