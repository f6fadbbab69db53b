import { ArrayMaxSize } from "class-validator";
import { ArgsType, Field, ID } from "type-graphql";

/** Most ids one `nodes` call takes. */
export const MAX_NODE_IDS = 100;

/** The argument of `Query.node`. */
@ArgsType()
export class NodeArgs {
  @Field(() => ID, { description: "A global id, as any object's `id` gives it." })
  id: string;
}

/** The argument of `Query.nodes`. */
@ArgsType()
export class NodesArgs {
  @Field(() => [ID], { description: `Global ids, as objects' \`id\`s give them (at most ${MAX_NODE_IDS}).` })
  @ArrayMaxSize(MAX_NODE_IDS, { message: `takes at most ${MAX_NODE_IDS} ids` })
  ids: string[];
}
