/**
 * The floor: one hand-written SQL statement per operation, building the normalised answer
 * (operations/shapes.js) as JSON text inside PostgreSQL. Nothing can answer these operations
 * with less work than this, so it is the yardstick of what a server adds.
 */

const STEP_ORDER = "cs.start_middle, cs.start_earliest, cs.id";
const SOURCE_ORDER = "p.source_slug, p.span_start, p.span_end";

const fuzzy = (column) =>
  `CASE WHEN cs.${column}_edtf IS NULL THEN NULL ELSE json_build_object('edtf', cs.${column}_edtf, 'earliest', cs.${column}_earliest, 'latest', cs.${column}_latest) END`;
const person = (alias) => `json_build_object('slug', ${alias}.slug, 'name', ${alias}.name)`;

/** A page of quotes in source order, after an optional cursor ($2, $3, $4); $1 is the page size. */
const quotePage = (afterCursor) => `
  WITH page AS (
    SELECT q.id, q.text, q.span_start, q.span_end, q.section, q.speaker_id, s.slug AS source_slug, s.title AS source_title
      FROM quotes q JOIN sources s ON s.id = q.source_id
     WHERE q.anchor_status <> 'ORPHANED'
     ${afterCursor ? "AND s.slug >= $2 AND (s.slug, q.span_start, q.span_end) > ($2, $3::int, $4::int)" : ""}
     ORDER BY s.slug, q.span_start, q.span_end LIMIT $1::int + 1)
  SELECT json_build_object(
    'hasNextPage', (SELECT count(*) FROM page) > $1::int,
    'quotes', coalesce((
      SELECT json_agg(json_build_object(
          'text', p.text, 'spanStart', p.span_start, 'spanEnd', p.span_end, 'section', p.section,
          'speaker', ${person("pe")},
          'source', json_build_object('slug', p.source_slug, 'title', p.source_title),
          'topics', coalesce((SELECT json_agg(${person("t")} ORDER BY t.slug)
                                FROM quote_topics qt JOIN topics t ON t.id = qt.topic_id WHERE qt.quote_id = p.id), '[]'))
        ORDER BY ${SOURCE_ORDER})
        FROM (SELECT * FROM page ORDER BY source_slug, span_start, span_end LIMIT $1::int) p JOIN people pe ON pe.id = p.speaker_id), '[]')
  )::text AS json`;

export const FLOOR_SQL = {
  timeline: `
    SELECT json_build_object(
      'slug', p.slug, 'name', p.name,
      'steps', coalesce((
        SELECT json_agg(json_build_object(
            'title', cs.title,
            'company', ${person("c")},
            'start', ${fuzzy("start")},
            'end', ${fuzzy("end")},
            'isCurrent', cs.end_open,
            'evidence', CASE WHEN cs.evidence_start IS NULL THEN NULL ELSE json_build_object(
              'text', substr(s.body, cs.evidence_start + 1, cs.evidence_end - cs.evidence_start),
              'start', cs.evidence_start, 'end', cs.evidence_end,
              'source', json_build_object('slug', s.slug, 'title', s.title)) END)
          ORDER BY ${STEP_ORDER})
          FROM career_steps cs JOIN companies c ON c.id = cs.company_id LEFT JOIN sources s ON s.id = cs.source_id
         WHERE cs.person_id = p.id), '[]')
    )::text AS json
    FROM people p WHERE p.slug = $1`,

  firstPage: quotePage(false),

  deepPage: quotePage(true),

  dashboard: `
    WITH tagged AS (SELECT qt.quote_id AS id FROM quote_topics qt JOIN topics t ON t.id = qt.topic_id WHERE t.slug = $1),
    -- The topic's quotes with their sort keys, materialised, then the top of them: left to
    -- itself the planner walks every source in slug order looking for the topic's quotes, 30
    -- times slower for a topic of 4,000 quotes in 100k.
    topical AS MATERIALIZED (
      SELECT q.id, q.text, q.span_start, q.span_end, q.speaker_id, s.slug AS source_slug
        FROM tagged JOIN quotes q ON q.id = tagged.id JOIN sources s ON s.id = q.source_id
       WHERE q.anchor_status <> 'ORPHANED'),
    page AS (SELECT * FROM topical ORDER BY source_slug, span_start, span_end LIMIT $2::int + 1)
    SELECT json_build_object(
      'totalCount', (SELECT count(*) FROM topical),
      'hasNextPage', (SELECT count(*) FROM page) > $2::int,
      'quotes', coalesce((
        SELECT json_agg(json_build_object(
            'text', p.text, 'spanStart', p.span_start, 'spanEnd', p.span_end,
            'speaker', ${person("pe")},
            'companies', coalesce((SELECT json_agg(${person("c")} ORDER BY c.slug)
                                     FROM quote_companies qc JOIN companies c ON c.id = qc.company_id WHERE qc.quote_id = p.id), '[]'))
          ORDER BY ${SOURCE_ORDER})
          FROM (SELECT * FROM page ORDER BY source_slug, span_start, span_end LIMIT $2::int) p JOIN people pe ON pe.id = p.speaker_id), '[]'),
      'byCompany', coalesce((
        SELECT json_agg(json_build_object('slug', x.slug, 'name', x.name, 'count', x.n) ORDER BY x.n DESC, x.slug)
          FROM (SELECT c.slug, c.name, count(*)::int AS n FROM topical q JOIN quote_companies qc ON qc.quote_id = q.id JOIN companies c ON c.id = qc.company_id
                 GROUP BY c.id) x), '[]'),
      'bySpeaker', coalesce((
        SELECT json_agg(json_build_object('slug', x.slug, 'name', x.name, 'count', x.n) ORDER BY x.n DESC, x.slug)
          FROM (SELECT pe.slug, pe.name, count(*)::int AS n FROM topical q JOIN people pe ON pe.id = q.speaker_id
                 GROUP BY pe.id) x), '[]')
    )::text AS json`,

  search: `
    WITH query AS (SELECT websearch_to_tsquery('english', $1) AS tsq),
    hits AS (
      SELECT q.id, q.text, q.speaker_id, q.source_id, q.span_start, q.span_end, ts_rank(q.search, query.tsq) AS rank
        FROM quotes q, query WHERE q.search @@ query.tsq AND q.anchor_status <> 'ORPHANED'),
    page AS (
      SELECT h.*, s.slug AS source_slug, s.title AS source_title
        FROM hits h JOIN sources s ON s.id = h.source_id
       ORDER BY h.rank DESC, s.slug, h.span_start, h.span_end LIMIT $2::int + 1)
    SELECT json_build_object(
      'totalCount', (SELECT count(*) FROM hits),
      'hasNextPage', (SELECT count(*) FROM page) > $2::int,
      'quotes', coalesce((
        SELECT json_agg(json_build_object(
            'text', p.text,
            'highlight', ts_headline('english', p.text, query.tsq, 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true'),
            'speaker', ${person("pe")},
            'source', json_build_object('slug', p.source_slug, 'title', p.source_title))
          ORDER BY p.rank DESC, ${SOURCE_ORDER})
          FROM (SELECT * FROM page ORDER BY rank DESC, source_slug, span_start, span_end LIMIT $2::int) p
          JOIN people pe ON pe.id = p.speaker_id CROSS JOIN query), '[]')
    )::text AS json`,

  people: `
    WITH page AS (SELECT id, slug, name, headline FROM people ORDER BY slug LIMIT $1::int + 1)
    SELECT json_build_object(
      'totalCount', (SELECT count(*) FROM people),
      'hasNextPage', (SELECT count(*) FROM page) > $1::int,
      'people', coalesce((
        SELECT json_agg(json_build_object(
            'slug', p.slug, 'name', p.name, 'headline', p.headline,
            'steps', coalesce((
              SELECT json_agg(json_build_object('title', cs.title, 'company', ${person("c")}, 'start', cs.start_edtf, 'end', cs.end_edtf, 'isCurrent', cs.end_open)
                       ORDER BY ${STEP_ORDER})
                FROM career_steps cs JOIN companies c ON c.id = cs.company_id WHERE cs.person_id = p.id), '[]'))
          ORDER BY p.slug)
          FROM (SELECT * FROM page ORDER BY slug LIMIT $1::int) p), '[]')
    )::text AS json`,

  // The steps that certainly ran during [$1, $2], in the gateway's words (career-step.service.ts):
  // an overlap of the GiST-indexed `certain` interval, cut at today (UTC) for a step that goes on.
  // Materialised once (two readers), then counted and the top of it sorted.
  during: `
    WITH matching AS (
      SELECT cs.id, cs.title, cs.end_open, cs.person_id, cs.company_id, cs.start_middle,
             cs.start_edtf, cs.start_earliest, cs.start_latest, cs.end_edtf, cs.end_earliest, cs.end_latest
        FROM career_steps cs
       WHERE cs.certain && daterange($1::date, $2::date, '[]')
         AND (NOT upper_inf(cs.certain)
              OR cs.certain && daterange($1::date, $2::date, '[]') * daterange(NULL, (now() AT TIME ZONE 'UTC')::date, '[]'))),
    page AS (SELECT * FROM matching ORDER BY start_middle, start_earliest, id LIMIT $3::int + 1)
    SELECT json_build_object(
      'totalCount', (SELECT count(*) FROM matching),
      'hasNextPage', (SELECT count(*) FROM page) > $3::int,
      'steps', coalesce((
        SELECT json_agg(json_build_object(
            'title', cs.title, 'person', ${person("p")}, 'company', ${person("c")},
            'start', ${fuzzy("start")}, 'end', ${fuzzy("end")}, 'isCurrent', cs.end_open)
          ORDER BY ${STEP_ORDER})
          FROM (SELECT * FROM page ORDER BY start_middle, start_earliest, id LIMIT $3::int) cs
          JOIN people p ON p.id = cs.person_id JOIN companies c ON c.id = cs.company_id), '[]')
    )::text AS json`,
};

/** The statement's parameters, from the request's query string. */
export const FLOOR_PARAMETERS = {
  timeline: (q) => [q.get("slug")],
  firstPage: (q) => [Number(q.get("first"))],
  deepPage: (q) => [Number(q.get("first")), q.get("slug"), Number(q.get("start")), Number(q.get("end"))],
  dashboard: (q) => [q.get("topic"), Number(q.get("first"))],
  search: (q) => [q.get("search"), Number(q.get("first"))],
  people: (q) => [Number(q.get("first"))],
  during: (q) => [q.get("from"), q.get("to"), Number(q.get("first"))],
};
