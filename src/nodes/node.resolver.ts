import { Args, Ctx, Query, Resolver } from "type-graphql";
import { Node } from "../common/node.type";
import { type Context } from "../context";
import { NodeArgs, NodesArgs } from "./node.inputs";
import { nodeService } from "./node.service";

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global id; null when it no longer exists. An id that is not ours is BAD_USER_INPUT." })
  async node(@Ctx() context: Context, @Args() { id }: NodeArgs): Promise<Node | null> {
    const [node] = await nodeService.findMany(context, [id], () => "id");
    return node ?? null;
  }

  @Query(() => [Node], { nullable: "items", description: "Objects by their global ids, in the order asked; null for one that no longer exists." })
  nodes(@Ctx() context: Context, @Args() { ids }: NodesArgs): Promise<Array<Node | null>> {
    return nodeService.findMany(context, ids, (index) => `ids[${index}]`);
  }
}
