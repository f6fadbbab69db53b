import DataLoader from "dataloader";
import { In } from "typeorm";
import { type Reader } from "../reader";
import { byIdLoader, groupLoader } from "../common/loader";
import { entityColumns, keyedEntities } from "../common/sql";
import { Topic } from "./topic.entity";

export function createTopicLoaders(reader: Reader) {
  return {
    topicById: byIdLoader((ids) => reader.run((manager) => manager.getRepository(Topic).findBy({ id: In([...ids]) }))),
    /** A quote's topics, by slug. */
    topicsByQuoteId: groupLoader((quoteIds) =>
      keyedEntities(
        reader,
        Topic,
        `SELECT qt.quote_id AS key, ${entityColumns(reader, Topic, "t")}
           FROM quote_topics qt JOIN topics t ON t.id = qt.topic_id
          WHERE qt.quote_id = ANY($1::uuid[]) ORDER BY qt.quote_id, t.slug`,
        [quoteIds],
      ),
    ),
    /** How many quotes carry each topic. */
    quoteCountByTopicId: new DataLoader<string, number>(async (topicIds) => {
      const rows = await reader.query<Array<{ topicId: string; count: number }>>(
        `SELECT qt.topic_id AS "topicId", count(*)::int AS count FROM quote_topics qt WHERE qt.topic_id = ANY($1::uuid[]) GROUP BY qt.topic_id`,
        [topicIds],
      );
      const counts = new Map(rows.map((row) => [row.topicId, row.count]));
      return topicIds.map((id) => counts.get(id) ?? 0);
    }),
  };
}
