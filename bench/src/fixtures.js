import { SEARCH_TERM } from "./corpus/words.js";

/**
 * The arguments of the operations, read from the loaded database so that they name real rows:
 * the person with the longest career, a mid-sized topic (the 10th largest), the search term the
 * generator planted, the key of the row just before the deep page (halfway down the list), and a
 * period for `during`: the middle year of the steps' starts (their median), in which about a
 * quarter of the steps certainly ran (the generator's careers start from 1998 to 2018 and last
 * 1 to 6 years a step), as EDTF for our gateway and as its first and last day for the others.
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
  const { year } = await one(`SELECT extract(year FROM percentile_disc(0.5) WITHIN GROUP (ORDER BY start_middle))::int AS year FROM career_steps WHERE start_middle <> 'infinity'`);
  const during = { edtf: String(year), from: `${year}-01-01`, to: `${year}-12-31` };
  return { person: person.slug, topic: topic.slug, search: SEARCH_TERM, deepOffset, deepKey: { slug: deep.slug, start: deep.start, end: deep.end }, during };
}
