import { type Context } from "../context";
import { Topic } from "./topic.entity";

/** Reads topics. */
export const topicService = {
  /** The whole vocabulary, by slug: it is small by design. */
  all(context: Context): Promise<Topic[]> {
    return context.dataSource.getRepository(Topic).find({ order: { slug: "ASC" } });
  },
};
