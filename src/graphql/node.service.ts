import type DataLoader from "dataloader";
import { fromGlobalId, UUID_KEY } from "../domain/global-id";
import { type Node } from "./node.type";
import { type Context } from "./context";
import { BadUserInputError, NotFoundError } from "../errors";
import { type Loaders } from "./read/loaders";

/** Fetches any object by its global id. */
export const nodeService = {
  /** The object of a global id; null when it no longer exists. An id that is not one of ours is BAD_USER_INPUT at `id`. */
  async findOne(context: Context, globalId: string): Promise<Node | null> {
    const id = nodeIdOf(context, globalId);
    if (id === null) throw new BadUserInputError(`id: "${shorten(globalId)}" is not the id of a node of this API`, "id");
    return id.loader(context.loaders).load(id.id);
  },

  /**
   * The objects of global ids, in the order asked, loaded together. Where an id is not one of
   * ours, or names nothing (any more), the list holds an error instead (BAD_USER_INPUT at
   * `ids[i]`, or NOT_FOUND): GraphQL answers null there with the error at `["nodes", i]`, and
   * the rest of the list as usual (as Relay and GitHub do).
   */
  async findMany(context: Context, globalIds: string[]): Promise<Array<Node | Error>> {
    return Promise.all(
      globalIds.map(async (globalId, index) => {
        const id = nodeIdOf(context, globalId);
        if (id === null) return new BadUserInputError(`ids[${index}]: "${shorten(globalId)}" is not the id of a node of this API`, `ids[${index}]`);
        return (await id.loader(context.loaders).load(id.id)) ?? new NotFoundError("Node", globalId);
      }),
    );
  },
};

/** The database key of a node's global id and the loader of its type (the features' node types), or null when it is not one. */
function nodeIdOf(context: Context, globalId: string): { id: string; loader: (loaders: Loaders) => DataLoader<string, Node | null> } | null {
  const id = fromGlobalId(globalId);
  const loader = id === null ? undefined : context.features.nodes.get(id.type);
  return id !== null && loader !== undefined && UUID_KEY.test(id.id) ? { id: id.id, loader } : null;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
