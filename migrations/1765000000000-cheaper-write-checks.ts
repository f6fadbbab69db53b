import { type MigrationInterface, type QueryRunner } from "typeorm";
import { AUDIT_CAPTURE_PER_ROW_EVENT, AUDIT_ROW_KEY_ANY } from "./1764300000000-versions-and-audit";
import { ANCHORS_CHECK_DYNAMIC, ROW_TEXT_CHECK } from "./1764800000000-source-revisions";
import { FOLLOW_WITH_SCANS } from "./1764900000000-kept-quote-counts";

/** The columns whose change re-checks a quote's text (the row trigger's list before this migration). */
const TEXT_CHECKED_COLUMNS = "source_id, text, span_start, span_end, prefix, suffix, anchor_revision";

/**
 * The same checks and the same trail, for less of the database's time per written row (issue 18,
 * ingest). Measured on the bench's 10k corpus, 500 bundles imported 100 per transaction, with
 * `track_functions = all`: the per-row text check took 1.1–1.4 s, the commit-time check of the
 * anchors' revision 0.7–1.0 s and the trail's key 0.3–0.5 s, of 10–13 s in all.
 *
 * - A quote's text, prefix and suffix are checked against its anchor revision's body once per
 *   statement, over the statement's new rows (a transition table): each revision's body is read
 *   and decompressed once per statement, not once per quote. The refusal and its words are the
 *   row trigger's, for the first wrong row.
 * - The commit-time check that a span not ORPHANED is in its source's current revision runs a
 *   static query per table: the dynamic `EXECUTE format(…)` was planned again for every row.
 * - The trail computes each row's JSON once (`OFFSET 0` keeps the planner from copying
 *   `to_jsonb(r)` into each of its three uses), takes the transaction's event once per inserting
 *   or deleting statement, and `audit_row_key` is an expression PostgreSQL inlines: one or two
 *   key columns (installTableTriggers refuses more). It was an aggregate called once per row.
 * - The kept quote counts find the quotes a transaction touched by their key: `= ANY(touched)`
 *   over 2,000 ids made PostgreSQL scan all of `quote_counted_as` and `quotes` at every commit
 *   (0.2 s per commit at 100k quotes, growing with the table). One upsert now creates the missing
 *   `quote_counted_as` rows and locks the others (ON CONFLICT DO UPDATE … WHERE false locks
 *   without writing), and the recount joins the touched ids to the tables. Its sort of the cells
 *   is given the memory it needs (it spilled to disk at 2,000 quotes).
 */
export class CheaperWriteChecks1765000000000 implements MigrationInterface {
  name = "CheaperWriteChecks1765000000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER quotes_text_matches_body ON quotes`);
    await queryRunner.query(`DROP FUNCTION quotes_text_matches_body()`);
    await queryRunner.query(`
      CREATE FUNCTION quotes_text_matches_body() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        wrong record;
      BEGIN
        WITH revisions AS MATERIALIZED (
          -- body || '' makes a plain copy: the join below reads each body once, decompressed.
          SELECT r.source_id, r.number, r.body || '' AS body, char_length(r.body) AS body_length
            FROM source_revisions r
           WHERE (r.source_id, r.number) IN (SELECT n.source_id, n.anchor_revision FROM new_rows n)
        ), checked AS (
          SELECT n.span_start, n.span_end, n.anchor_revision, r.body_length,
                 CASE
                   WHEN r.body IS NULL THEN
                     CASE WHEN n.anchor_revision IS NOT NULL AND EXISTS (SELECT 1 FROM sources s WHERE s.id = n.source_id) THEN 'no revision' END
                   -- quotes_span_ordered reports a reversed span, more precisely.
                   WHEN NOT (0 <= n.span_start AND n.span_start < n.span_end) THEN NULL
                   WHEN n.span_end > r.body_length THEN 'outside'
                   WHEN substr(r.body, n.span_start + 1, n.span_end - n.span_start) IS DISTINCT FROM n.text THEN 'text'
                   WHEN n.prefix IS DISTINCT FROM substr(r.body, greatest(0, n.span_start - 32) + 1, n.span_start - greatest(0, n.span_start - 32))
                     OR n.suffix IS DISTINCT FROM substr(r.body, n.span_end + 1, 32) THEN 'context'
                 END AS problem
            FROM new_rows n LEFT JOIN revisions r ON r.source_id = n.source_id AND r.number = n.anchor_revision
        )
        SELECT * INTO wrong FROM checked WHERE problem IS NOT NULL ORDER BY span_start, span_end LIMIT 1;
        IF wrong.problem = 'no revision' THEN
          RAISE EXCEPTION 'quote refers to revision % of its source, which does not exist', wrong.anchor_revision
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
        ELSIF wrong.problem = 'outside' THEN
          RAISE EXCEPTION 'quote span [%, %) lies outside the body of its source (% characters)', wrong.span_start, wrong.span_end, wrong.body_length
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
        ELSIF wrong.problem = 'text' THEN
          RAISE EXCEPTION 'quote text differs from the body at its span [%, %)', wrong.span_start, wrong.span_end
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
        ELSIF wrong.problem = 'context' THEN
          RAISE EXCEPTION 'quote prefix/suffix differ from the 32 characters around its span [%, %)', wrong.span_start, wrong.span_end
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
        END IF;
        RETURN NULL;
      END $$`);
    // A statement trigger with a transition table cannot name columns: every update is checked.
    for (const event of ["insert", "update"]) {
      await queryRunner.query(`
        CREATE TRIGGER quotes_text_matches_body_after_${event} AFTER ${event.toUpperCase()} ON quotes
          REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION quotes_text_matches_body()`);
    }

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION anchors_in_current_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        misplaced boolean;
      BEGIN
        IF TG_TABLE_NAME = 'quotes' THEN
          SELECT x.anchor_status <> 'ORPHANED' AND x.anchor_revision <> s.revision INTO misplaced
            FROM quotes x JOIN sources s ON s.id = x.source_id WHERE x.id = NEW.id;
        ELSIF TG_TABLE_NAME = 'career_steps' THEN
          SELECT x.anchor_status <> 'ORPHANED' AND x.anchor_revision <> s.revision INTO misplaced
            FROM career_steps x JOIN sources s ON s.id = x.source_id WHERE x.id = NEW.id;
        ELSE
          RAISE EXCEPTION 'internal: anchors_in_current_revision() on %', TG_TABLE_NAME;
        END IF;
        IF misplaced THEN
          RAISE EXCEPTION '% % refers to an earlier revision of its source without being ORPHANED', TG_TABLE_NAME, NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_anchor_in_current_revision';
        END IF;
        RETURN NULL;
      END $$`);

    // STABLE, as jsonb_build_object is: an IMMUTABLE function calling it would not be inlined.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_row_key(row_json jsonb, key_columns text[]) RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT CASE cardinality(key_columns)
                 WHEN 1 THEN jsonb_build_object(key_columns[1], row_json -> key_columns[1])
                 WHEN 2 THEN jsonb_build_object(key_columns[1], row_json -> key_columns[1], key_columns[2], row_json -> key_columns[2])
               END
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_capture() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        key_columns text[] := string_to_array(TG_ARGV[0], ',');
        node_type text := TG_ARGV[1];
        node_column text := TG_ARGV[2];
        ignored text[] := ARRAY['version', 'updated_at'] || string_to_array(TG_ARGV[3], ',');
        omitted text[] := ARRAY['search'] || string_to_array(TG_ARGV[4], ',');
        event bigint;
      BEGIN
        -- A statement that changed no row leaves no event (audit_event_id() creates it).
        IF TG_OP = 'INSERT' THEN
          IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
            RETURN NULL;
          END IF;
          event := audit_event_id();
          INSERT INTO audit_changes (event_id, table_name, node_type, node_id, row_key, before, after)
          SELECT event, TG_TABLE_NAME, node_type, (n.j ->> node_column)::uuid, audit_row_key(n.j, key_columns), NULL, n.j - omitted
            FROM (SELECT to_jsonb(r) AS j FROM new_rows r OFFSET 0) n;
        ELSIF TG_OP = 'DELETE' THEN
          IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
            RETURN NULL;
          END IF;
          event := audit_event_id();
          INSERT INTO audit_changes (event_id, table_name, node_type, node_id, row_key, before, after)
          SELECT event, TG_TABLE_NAME, node_type, (o.j ->> node_column)::uuid, audit_row_key(o.j, key_columns), o.j - omitted, NULL
            FROM (SELECT to_jsonb(r) AS j FROM old_rows r OFFSET 0) o;
        ELSE
          -- Only rows that changed beyond the ignored columns are recorded: the event is taken per row.
          INSERT INTO audit_changes (event_id, table_name, node_type, node_id, row_key, before, after)
          SELECT audit_event_id(), TG_TABLE_NAME, node_type, (n.j ->> node_column)::uuid, audit_row_key(n.j, key_columns), o.j - omitted, n.j - omitted
            FROM (SELECT to_jsonb(r) AS j FROM old_rows r OFFSET 0) o
            JOIN (SELECT to_jsonb(r) AS j FROM new_rows r OFFSET 0) n ON audit_row_key(o.j, key_columns) = audit_row_key(n.j, key_columns)
           WHERE (o.j - omitted - ignored) IS DISTINCT FROM (n.j - omitted - ignored);
        END IF;
        RETURN NULL;
      END $$`);

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION quote_counts_follow(touched uuid[]) RETURNS void LANGUAGE plpgsql
        -- The planner's estimate of the cells is far above jit_above_cost: compiling the
        -- statement with LLVM took half a second on every import's commit, to run it in 10 ms.
        SET jit = off SET work_mem = '32MB' AS $$
      DECLARE
        lowest integer;
      BEGIN
        IF coalesce(cardinality(touched), 0) = 0 THEN
          RETURN;
        END IF;
        -- Every touched quote's row, created or locked, in key order (two transactions that touch
        -- the same quotes take their locks in the same order).
        INSERT INTO quote_counted_as AS a (quote_id) SELECT DISTINCT t FROM unnest(touched) t ORDER BY 1
          ON CONFLICT (quote_id) DO UPDATE SET quote_id = a.quote_id WHERE false;
        -- One statement, on a snapshot taken after the lock: what each quote is now, the cells
        -- of that state added and those of the state it was counted as taken away.
        WITH now_state AS (
          SELECT a.quote_id, q.speaker_id, q.anchor_status, q.review_status,
                 CASE WHEN q.id IS NULL THEN '{}' ELSE ARRAY(SELECT qt.topic_id FROM quote_topics qt WHERE qt.quote_id = a.quote_id ORDER BY 1) END AS topic_ids,
                 CASE WHEN q.id IS NULL THEN '{}' ELSE ARRAY(SELECT qc.company_id FROM quote_companies qc WHERE qc.quote_id = a.quote_id ORDER BY 1) END AS company_ids,
                 a.speaker_id AS was_speaker_id, a.anchor_status AS was_anchor_status, a.review_status AS was_review_status,
                 a.topic_ids AS was_topic_ids, a.company_ids AS was_company_ids
            FROM (SELECT DISTINCT t FROM unnest(touched) t) t(quote_id)
            JOIN quote_counted_as a ON a.quote_id = t.quote_id
            LEFT JOIN quotes q ON q.id = a.quote_id
        ), changed AS (
          SELECT * FROM now_state n
           WHERE (n.speaker_id, n.anchor_status, n.review_status, n.topic_ids, n.company_ids)
                 IS DISTINCT FROM (n.was_speaker_id, n.was_anchor_status, n.was_review_status, n.was_topic_ids, n.was_company_ids)
        ), recorded AS (
          UPDATE quote_counted_as a
             SET speaker_id = c.speaker_id, anchor_status = c.anchor_status, review_status = c.review_status, topic_ids = c.topic_ids, company_ids = c.company_ids
            FROM changed c
           WHERE a.quote_id = c.quote_id AND c.speaker_id IS NOT NULL
        ), forgotten AS (
          DELETE FROM quote_counted_as a WHERE a.quote_id IN (SELECT n.quote_id FROM now_state n WHERE n.speaker_id IS NULL)
        ), applied AS (
          INSERT INTO quote_counts AS c (topic_id, company_id, facet, facet_id, anchor_status, review_status, n)
          SELECT d.topic_id, d.company_id, d.facet, d.facet_id, d.anchor_status, d.review_status, sum(d.delta)
            FROM (SELECT cell.*, 1 AS delta
                    FROM changed ch, quote_count_cells(ch.speaker_id, ch.anchor_status, ch.review_status, ch.topic_ids, ch.company_ids) cell
                  UNION ALL
                  SELECT cell.*, -1
                    FROM changed ch, quote_count_cells(ch.was_speaker_id, ch.was_anchor_status, ch.was_review_status, ch.was_topic_ids, ch.was_company_ids) cell) d
           GROUP BY 1, 2, 3, 4, 5, 6
          HAVING sum(d.delta) <> 0
           ORDER BY 1, 2, 3, 4, 5, 6
          ON CONFLICT ON CONSTRAINT "PK_quote_counts" DO UPDATE SET n = c.n + EXCLUDED.n
          RETURNING c.n
        )
        SELECT min(applied.n) INTO lowest FROM applied;
        IF lowest < 0 THEN
          RAISE EXCEPTION 'internal: a kept quote count went below zero' USING ERRCODE = 'internal_error';
        END IF;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE ${FOLLOW_WITH_SCANS}`);
    await queryRunner.query(`CREATE OR REPLACE ${AUDIT_CAPTURE_PER_ROW_EVENT}`);
    await queryRunner.query(`CREATE OR REPLACE ${AUDIT_ROW_KEY_ANY}`);
    await queryRunner.query(`CREATE OR REPLACE ${ANCHORS_CHECK_DYNAMIC}`);
    for (const event of ["insert", "update"]) await queryRunner.query(`DROP TRIGGER quotes_text_matches_body_after_${event} ON quotes`);
    await queryRunner.query(`DROP FUNCTION quotes_text_matches_body()`);
    await queryRunner.query(`CREATE ${ROW_TEXT_CHECK}`);
    await queryRunner.query(`
      CREATE TRIGGER quotes_text_matches_body BEFORE INSERT OR UPDATE OF ${TEXT_CHECKED_COLUMNS} ON quotes
        FOR EACH ROW EXECUTE FUNCTION quotes_text_matches_body()`);
  }
}
