import { Field, ObjectType } from "type-graphql";
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../common/node.type";

/** A subject that quotes are tagged with, from a small editorial vocabulary. */
@ObjectType("Topic", { implements: Node, description: "A subject quotes are tagged with, from a small editorial vocabulary." })
@Check("topics_slug_format", "slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'")
@Check("topics_name_present", "btrim(name) <> ''")
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

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}
