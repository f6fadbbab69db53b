import type DataLoader from "dataloader";
import { fromGlobalId, isNodeType, type NodeType } from "./global-id";
import { type Node } from "./node.type";
import { type Context } from "./context";
import { BadUserInputError, NotFoundError } from "../errors";
import { type Loaders } from "./read/loaders";

/** The loader of each kind of node, by database id. */
const LOADER_OF: Record<NodeType, (loaders: Loaders) => DataLoader<string, Node | null>> = {
  Person: (loaders) => loaders.personById,
  Company: (loaders) => loaders.companyById,
  Topic: (loaders) => loaders.topicById,
  Source: (loaders) => loaders.sourceById,
  CareerStep: (loaders) => loaders.careerStepById,
  Quote: (loaders) => loaders.quoteById,
};

/** Fetches any object by its global id. */
export const nodeService = {
  /** The object of a global id; null when it no longer exists. An id that is not one of ours is BAD_USER_INPUT at `id`. */
  async findOne(context: Context, globalId: string): Promise<Node | null> {
    const id = nodeIdOf(globalId);
    if (id === null) throw new BadUserInputError(`id: "${shorten(globalId)}" is not the id of a node of this API`, "id");
    return LOADER_OF[id.type](context.loaders).load(id.id);
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
        const id = nodeIdOf(globalId);
        if (id === null) return new BadUserInputError(`ids[${index}]: "${shorten(globalId)}" is not the id of a node of this API`, `ids[${index}]`);
        return (await LOADER_OF[id.type](context.loaders).load(id.id)) ?? new NotFoundError("Node", globalId);
      }),
    );
  },
};

/** The type and database key of a node's global id, or null when it is not one. */
function nodeIdOf(globalId: string): { type: NodeType; id: string } | null {
  const id = fromGlobalId(globalId);
  return id !== null && isNodeType(id.type) ? { type: id.type, id: id.id } : null;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
