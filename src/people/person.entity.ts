import { SLUG_PATTERN } from "../domain/rules";
import { Field, ObjectType } from "type-graphql";
import { Check, Column, Entity } from "typeorm";
import { Node } from "../graphql/node.type";
import { VersionedNode } from "../graphql/versioned-node";
import { notBlank } from "../db/text-checks";

/** Someone who speaks in a source or whose career it tells. */
@ObjectType("Person", { simpleResolvers: true, implements: Node, description: "Someone who speaks in a source or whose career a source tells." })
@Check("people_slug_format", `slug ~ '${SLUG_PATTERN.source}'`)
@Check("people_name_present", notBlank("name"))
@Check("people_version_positive", "version >= 1")
@Entity({ name: "people" })
export class Person extends VersionedNode {
  static override readonly nodeType = "Person";

  @Field({ description: "Stable, human-readable key, e.g. `jigar-bhati`." })
  @Column({ type: "text", unique: true, collation: "C" })
  slug: string;

  @Field({ description: "The person's name as the source gives it." })
  @Column({ type: "text" })
  name: string;

  @Field(() => String, { nullable: true, description: "One line on who they are, e.g. their current role." })
  @Column({ type: "text", nullable: true })
  headline: string | null;
}
