import { Args, Ctx, Query, Resolver } from "type-graphql";
import { Node } from "./node.type";
import { type Context } from "./context";
import { NodeArgs, NodesArgs } from "./node.inputs";
import { nodeService } from "./node.service";

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global id; null when it no longer exists. An id that is not ours is BAD_USER_INPUT." })
  async node(@Ctx() context: Context, @Args() { id }: NodeArgs): Promise<Node | null> {
    return nodeService.findOne(context, id);
  }

  @Query(() => [Node], {
    nullable: "items",
    description:
      "Objects by their global ids, in the order asked. Where an id is not one of this API's, or its object no longer exists, the list holds null, with an error at that place (`path: [\"nodes\", i]`, BAD_USER_INPUT or NOT_FOUND); the rest of the list is answered as usual.",
  })
  nodes(@Ctx() context: Context, @Args() { ids }: NodesArgs): Promise<Array<Node | Error>> {
    return nodeService.findMany(context, ids);
  }
}
