import { SLUG_PATTERN } from "../domain/rules";
import { Field, ObjectType } from "type-graphql";
import { Check, Column, Entity } from "typeorm";
import { Node } from "../graphql/node.type";
import { VersionedNode } from "../graphql/versioned-node";
import { notBlank } from "../db/text-checks";

/** An employer or organisation that career steps and quotes refer to. */
@ObjectType("Company", { simpleResolvers: true, implements: Node, description: "An employer or organisation that career steps and quotes refer to." })
@Check("companies_slug_format", `slug ~ '${SLUG_PATTERN.source}'`)
@Check("companies_name_present", notBlank("name"))
@Check("companies_website_http", "website ~ '^https?://'")
@Check("companies_version_positive", "version >= 1")
@Entity({ name: "companies" })
export class Company extends VersionedNode {
  static override readonly nodeType = "Company";

  @Field({ description: "Stable, human-readable key, e.g. `openai`." })
  @Column({ type: "text", unique: true, collation: "C" })
  slug: string;

  @Field({ description: "The company's name." })
  @Column({ type: "text" })
  name: string;

  @Field(() => String, { nullable: true, description: "The company's website (http or https URL)." })
  @Column({ type: "text", nullable: true })
  website: string | null;
}
