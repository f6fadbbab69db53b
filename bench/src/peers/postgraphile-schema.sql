-- What PostGraphile needs beyond our tables to answer the benchmark's operations, in a schema of
-- its own (bench_pg) so that nothing of the gateway's changes. Each is the ordinary PostGraphile
-- way to add to its generated schema: a view, computed columns and a custom query.

DROP SCHEMA IF EXISTS bench_pg CASCADE;
CREATE SCHEMA bench_pg;

-- Quotes in source order (source slug, then position in the body), the order of our contract.
-- PostGraphile v4 cannot order a table by a column of a related one; a view with the source's
-- slug can, and PostgreSQL plans its ORDER BY ... LIMIT through the join with the same indexes
-- as our gateway's statement. Its key and relations are declared by smart tags (see
-- postgraphile-server.js). Like every quote list of ours, it leaves out the quotes a correction
-- ORPHANED (their words are no longer in the current text); the condition is also what lets
-- PostgreSQL walk the partial index of spans (quotes_span_key) in order.
CREATE VIEW bench_pg.quote_feed AS
  SELECT q.id, q.source_id, q.speaker_id, q.text, q.span_start, q.span_end, q.section, s.slug AS source_slug
    FROM public.quotes q JOIN public.sources s ON s.id = q.source_id
   WHERE q.anchor_status <> 'ORPHANED';

-- Full-text search, best match first, ties in source order: a custom query (PostGraphile's
-- connection filter has no tsvector operator).
CREATE FUNCTION bench_pg.search_quotes(query text) RETURNS SETOF bench_pg.quote_feed
  LANGUAGE sql STABLE AS $$
    SELECT q.id, q.source_id, q.speaker_id, q.text, q.span_start, q.span_end, q.section, s.slug
      FROM public.quotes q JOIN public.sources s ON s.id = q.source_id
     WHERE q.search @@ websearch_to_tsquery('english', query) AND q.anchor_status <> 'ORPHANED'
     ORDER BY ts_rank(q.search, websearch_to_tsquery('english', query)) DESC, s.slug, q.span_start, q.span_end
  $$;

-- The highlight of a search hit: ts_headline with <mark> around every match.
CREATE FUNCTION bench_pg.quote_feed_highlight(quote bench_pg.quote_feed, query text) RETURNS text
  LANGUAGE sql STABLE AS $$
    SELECT ts_headline('english', quote.text, websearch_to_tsquery('english', query), 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true')
  $$;

-- A topic's quotes counted by the companies they mention and by speaker, most first (the facets
-- of a dashboard: PostGraphile v4 has no GROUP BY without a plugin). Custom queries taking the
-- topic's slug: v4 only takes computed columns from the table's own schema, and public is ours.
CREATE FUNCTION bench_pg.topic_quote_counts_by_company(topic_slug text)
  RETURNS TABLE (slug text, name text, count integer)
  LANGUAGE sql STABLE AS $$
    SELECT c.slug, c.name, count(*)::int
      FROM public.topics t JOIN public.quote_topics qt ON qt.topic_id = t.id
      JOIN public.quotes q ON q.id = qt.quote_id
      JOIN public.quote_companies qc ON qc.quote_id = qt.quote_id JOIN public.companies c ON c.id = qc.company_id
     WHERE t.slug = topic_slug AND q.anchor_status <> 'ORPHANED'
     GROUP BY c.id ORDER BY 3 DESC, c.slug
  $$;

CREATE FUNCTION bench_pg.topic_quote_counts_by_speaker(topic_slug text)
  RETURNS TABLE (slug text, name text, count integer)
  LANGUAGE sql STABLE AS $$
    SELECT p.slug, p.name, count(*)::int
      FROM public.topics t JOIN public.quote_topics qt ON qt.topic_id = t.id
      JOIN public.quotes q ON q.id = qt.quote_id JOIN public.people p ON p.id = q.speaker_id
     WHERE t.slug = topic_slug AND q.anchor_status <> 'ORPHANED'
     GROUP BY p.id ORDER BY 3 DESC, p.slug
  $$;

-- The steps that certainly ran during a period, oldest first (the timelines' order: the middle of
-- the start's bounds, the earliest bound, id): a custom query (v4's connection filter has no
-- range operator). The gateway's condition, word for word: an overlap of the generated `certain`
-- interval (what its GiST index answers) and, for a step that goes on (unbounded above), an
-- overlap of the period cut at today, in UTC as the gateway reckons it. Not STRICT, so that
-- PostgreSQL inlines it into PostGraphile's statement and the index stays in reach.
CREATE FUNCTION bench_pg.career_steps_certainly_during(period_from date, period_to date) RETURNS SETOF public.career_steps
  LANGUAGE sql STABLE AS $$
    SELECT cs.*
      FROM public.career_steps cs
     WHERE cs.certain && daterange(period_from, period_to, '[]')
       AND (NOT upper_inf(cs.certain)
            OR cs.certain && daterange(period_from, period_to, '[]') * daterange(NULL, (now() AT TIME ZONE 'UTC')::date, '[]'))
     ORDER BY cs.start_middle, cs.start_earliest, cs.id
  $$;
