import { SLUG_PATTERN } from "../domain/rules";
import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../graphql/node.type";

/** Someone who speaks in a source or whose career it tells. */
@ObjectType("Person", { implements: Node, description: "Someone who speaks in a source or whose career a source tells." })
@Check("people_slug_format", `slug ~ '${SLUG_PATTERN.source}'`)
@Check("people_name_present", "btrim(name) <> ''")
@Check("people_version_positive", "version >= 1")
@Entity({ name: "people" })
export class Person extends Node {
  static override readonly nodeType = "Person";

  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field({ description: "Stable, human-readable key, e.g. `jigar-bhati`." })
  @Column({ type: "text", unique: true, collation: "C" })
  slug: string;

  @Field({ description: "The person's name as the source gives it." })
  @Column({ type: "text" })
  name: string;

  @Field(() => String, { nullable: true, description: "One line on who they are, e.g. their current role." })
  @Column({ type: "text", nullable: true })
  headline: string | null;

  @Field(() => Int, { description: "Raised by every change to this person: pass it back as `expectedVersion` so that an edit never overwrites one it has not seen." })
  @Column({ type: "integer", default: 1 })
  version: number;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", select: false })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", select: false })
  updatedAt: Date;
}
