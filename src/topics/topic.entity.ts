import { SLUG_PATTERN } from "../domain/rules";
import { Field, ObjectType } from "type-graphql";
import { Check, Column, Entity } from "typeorm";
import { Node } from "../graphql/node.type";
import { VersionedNode } from "../graphql/versioned-node";
import { notBlank } from "../db/text-checks";

/** A subject that quotes are tagged with, from a small editorial vocabulary. */
@ObjectType("Topic", { simpleResolvers: true, implements: Node, description: "A subject quotes are tagged with, from a small editorial vocabulary." })
@Check("topics_slug_format", `slug ~ '${SLUG_PATTERN.source}'`)
@Check("topics_name_present", notBlank("name"))
@Check("topics_version_positive", "version >= 1")
@Entity({ name: "topics" })
export class Topic extends VersionedNode {
  static override readonly nodeType = "Topic";

  @Field({ description: "Stable, human-readable key, e.g. `hiring`." })
  @Column({ type: "text", unique: true, collation: "C" })
  slug: string;

  @Field({ description: "The topic's display name." })
  @Column({ type: "text" })
  name: string;
}
