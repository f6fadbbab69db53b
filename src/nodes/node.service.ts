import type DataLoader from "dataloader";
import { fromGlobalId, isNodeType, type NodeType } from "../common/global-id";
import { type Node } from "../common/node.type";
import { type Context } from "../context";
import { BadUserInputError, type InputProblem } from "../errors";
import { type Loaders } from "../loaders";

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
  /**
   * The objects of global ids, in the order asked, null for an id of ours whose object no longer
   * exists. An id that is not one of ours is BAD_USER_INPUT naming its place (`ids[2]`); every
   * such id is named, and nothing is loaded.
   */
  async findMany(context: Context, globalIds: string[], argumentPath: (index: number) => string): Promise<Array<Node | null>> {
    const parsed = globalIds.map((globalId) => {
      const id = fromGlobalId(globalId);
      return id !== null && isNodeType(id.type) ? { type: id.type, id: id.id } : null;
    });
    const problems: InputProblem[] = [];
    parsed.forEach((id, index) => {
      if (id === null) problems.push({ argumentPath: argumentPath(index), message: `${argumentPath(index)}: "${shorten(globalIds[index] ?? "")}" is not the id of a node of this API` });
    });
    const [first, ...rest] = problems;
    if (first) throw BadUserInputError.of([first, ...rest]);
    return Promise.all(parsed.map((id) => (id === null ? Promise.resolve(null) : LOADER_OF[id.type](context.loaders).load(id.id))));
  },
};

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
