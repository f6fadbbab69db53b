import { SLUG_PATTERN } from "../domain/rules";
import { Field, Int, ObjectType } from "type-graphql";
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../graphql/node.type";

/** An employer or organisation that career steps and quotes refer to. */
@ObjectType("Company", { implements: Node, description: "An employer or organisation that career steps and quotes refer to." })
@Check("companies_slug_format", `slug ~ '${SLUG_PATTERN.source}'`)
@Check("companies_name_present", "btrim(name) <> ''")
@Check("companies_website_http", "website ~ '^https?://'")
@Check("companies_version_positive", "version >= 1")
@Entity({ name: "companies" })
export class Company extends Node {
  static override readonly nodeType = "Company";

  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field({ description: "Stable, human-readable key, e.g. `openai`." })
  @Column({ type: "text", unique: true, collation: "C" })
  slug: string;

  @Field({ description: "The company's name." })
  @Column({ type: "text" })
  name: string;

  @Field(() => String, { nullable: true, description: "The company's website (http or https URL)." })
  @Column({ type: "text", nullable: true })
  website: string | null;

  @Field(() => Int, { description: "Raised by every change to this company: pass it back as `expectedVersion` so that an edit never overwrites one it has not seen." })
  @Column({ type: "integer", default: 1 })
  version: number;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", select: false })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", select: false })
  updatedAt: Date;
}
