import DataLoader from "dataloader";
import { type DataSource, In } from "typeorm";
import { byIdLoader, groupLoader } from "../common/loader";
import { entityColumns, keyedEntities } from "../common/sql";
import { Topic } from "./topic.entity";

export function createTopicLoaders(dataSource: DataSource) {
  return {
    topicById: byIdLoader((ids) => dataSource.getRepository(Topic).findBy({ id: In([...ids]) })),
    /** A quote's topics, by slug. */
    topicsByQuoteId: groupLoader((quoteIds) =>
      keyedEntities(
        dataSource,
        Topic,
        `SELECT qt.quote_id AS key, ${entityColumns(dataSource, Topic, "t")}
           FROM quote_topics qt JOIN topics t ON t.id = qt.topic_id
          WHERE qt.quote_id = ANY($1::uuid[]) ORDER BY qt.quote_id, t.slug`,
        [quoteIds],
      ),
    ),
    /** How many quotes carry each topic. */
    quoteCountByTopicId: new DataLoader<string, number>(async (topicIds) => {
      const rows = await dataSource.query<Array<{ topicId: string; count: number }>>(
        `SELECT qt.topic_id AS "topicId", count(*)::int AS count FROM quote_topics qt WHERE qt.topic_id = ANY($1::uuid[]) GROUP BY qt.topic_id`,
        [topicIds],
      );
      const counts = new Map(rows.map((row) => [row.topicId, row.count]));
      return topicIds.map((id) => counts.get(id) ?? 0);
    }),
  };
}
