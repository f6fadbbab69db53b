import { Field, ID, InterfaceType } from "type-graphql";
import { toGlobalId } from "../domain/global-id";

/**
 * The Relay `Node` interface. Entities extend this class and name their GraphQL type in the
 * static `nodeType`; their database key stays in `id`, which is never exposed as is.
 */
@InterfaceType("Node", {
  description: "An object with a global, opaque id: fetch any of them again with `node(id:)`.",
  resolveType: (value: Node) => nodeTypeOf(value),
})
export abstract class Node {
  static readonly nodeType: string;

  /** The row's primary key (a UUID). */
  abstract id: string;

  @Field(() => ID, { name: "id", description: "Global, opaque id of this object." })
  get globalId(): string {
    return toGlobalId((this.constructor as typeof Node).nodeType, this.id);
  }
}

/** The GraphQL type of a node: its class's `nodeType`. */
export function nodeTypeOf(value: Node): string {
  return (value.constructor as typeof Node).nodeType;
}
