import { sluggedColumns, type SluggedTable } from "../db/slugged-writes";
import { type Context } from "../graphql/context";
import { Topic } from "./topic.entity";

/** Reads topics. */
export const topicService = {
  /** The whole vocabulary, by slug: it is small by design. */
  all(context: Context): Promise<Topic[]> {
    return context.loaders.allTopics.load("all");
  },
};

/** Topics as the write path sees them: edited by slug, removed only when no quote carries them. */
export const TOPICS: SluggedTable = {
  table: "topics",
  type: "Topic",
  columns: sluggedColumns(Topic),
  references: [{ what: "quotes that carry it", type: "Quote", sql: "SELECT quote_id AS id FROM quote_topics WHERE topic_id = $1 ORDER BY quote_id" }],
};
