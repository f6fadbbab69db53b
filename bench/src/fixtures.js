import { SEARCH_TERM } from "./corpus/words.js";

/**
 * The arguments of the operations, read from the loaded database so that they name real rows:
 * the person with the longest career, a mid-sized topic (the 10th largest), the search term the
 * generator planted, and the key of the row just before the deep page (halfway down the list).
 */
export async function readFixtures(client, quoteCount) {
  const one = async (sql, params = []) => {
    const { rows } = await client.query(sql, params);
    if (rows.length === 0) throw new Error(`no fixture row for: ${sql}`);
    return rows[0];
  };
  const person = await one(`SELECT p.slug FROM people p JOIN career_steps cs ON cs.person_id = p.id GROUP BY p.id ORDER BY count(*) DESC, p.slug LIMIT 1`);
  const topic = await one(`SELECT t.slug FROM topics t JOIN quote_topics qt ON qt.topic_id = t.id GROUP BY t.id ORDER BY count(*) DESC, t.slug OFFSET 9 LIMIT 1`);
  const deepOffset = Math.floor(quoteCount / 2) - 1;
  const deep = await one(
    `SELECT s.slug, q.span_start AS start, q.span_end AS end FROM quotes q JOIN sources s ON s.id = q.source_id
      ORDER BY s.slug, q.span_start, q.span_end OFFSET $1 LIMIT 1`,
    [deepOffset],
  );
  return { person: person.slug, topic: topic.slug, search: SEARCH_TERM, deepOffset, deepKey: { slug: deep.slug, start: deep.start, end: deep.end } };
}
