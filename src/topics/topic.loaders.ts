import DataLoader from "dataloader";
import { type Reader } from "../db/reader";
import { byIdLoader, relationLoader } from "../graphql/read/loader";
import { linkedRows, type ManyRelationSql } from "../graphql/read/prefetch";
import { entityColumns, hydrate, selectByIds } from "../db/sql";
import { Topic } from "./topic.entity";

/** A quote's topics, by slug: the rows of `Quote.topics`, loaded or prefetched. */
export const TOPICS_OF_QUOTE = (n: string): ManyRelationSql => ({ from: linkedRows(`quote_topics qt${n}`, `qt${n}.topic_id`, "topics", `t${n}`), alias: `t${n}`, key: `qt${n}.quote_id`, order: `t${n}.slug` });

export function createTopicLoaders(reader: Reader) {
  return {
    topicById: byIdLoader((ids) => selectByIds(reader, Topic, ids)),
    /** The whole vocabulary, by slug: read once per request however many fields ask for it. */
    allTopics: new DataLoader<"all", Topic[]>(async (keys) => {
      const rows = await reader.query<Array<Record<string, unknown>>>(`SELECT ${entityColumns(reader, Topic, "x")} FROM topics x ORDER BY x.slug`);
      const topics = rows.map((row) => hydrate(Topic, row, reader));
      return keys.map(() => topics);
    }),
    /** A quote's topics, by slug. */
    topicsByQuoteId: relationLoader(reader, Topic, TOPICS_OF_QUOTE),
  };
}

/** The topics feature's loaders, by name. */
type TopicLoaders = ReturnType<typeof createTopicLoaders>;

declare module "../graphql/read/loaders" {
  // Merged into every request's Loaders (graphql/read/loaders.ts).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends TopicLoaders {}
}
