import { type MigrationInterface, type QueryRunner } from "typeorm";

/** Stands for "any" in a cell's filter columns, and for "none" in the facet of the cell that counts all. */
export const ANY_ID = "00000000-0000-0000-0000-000000000000";

/** The tables whose rows make a quote's counted state, and the column naming the quote. */
const FOLLOWED = [
  { table: "quotes", quoteColumn: "id" },
  { table: "quote_topics", quoteColumn: "quote_id" },
  { table: "quote_companies", quoteColumn: "quote_id" },
] as const;

/** Recounts the quotes a transaction touched (until cheaper-write-checks). */
export const FOLLOW_WITH_SCANS = `FUNCTION quote_counts_follow(touched uuid[]) RETURNS void LANGUAGE plpgsql
  -- The planner's estimate of the cells is far above jit_above_cost: compiling the
  -- statement with LLVM took half a second on every import's commit, to run it in 10 ms.
  SET jit = off AS $$
DECLARE
  lowest integer;
BEGIN
  IF coalesce(cardinality(touched), 0) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO quote_counted_as (quote_id) SELECT DISTINCT t FROM unnest(touched) t ORDER BY 1 ON CONFLICT DO NOTHING;
  PERFORM 1 FROM quote_counted_as a WHERE a.quote_id = ANY(touched) ORDER BY a.quote_id FOR UPDATE;
  -- One statement, on a snapshot taken after the lock: what each quote is now, the cells
  -- of that state added and those of the state it was counted as taken away.
  WITH now_state AS (
    SELECT a.quote_id, q.speaker_id, q.anchor_status, q.review_status,
           CASE WHEN q.id IS NULL THEN '{}' ELSE ARRAY(SELECT qt.topic_id FROM quote_topics qt WHERE qt.quote_id = a.quote_id ORDER BY 1) END AS topic_ids,
           CASE WHEN q.id IS NULL THEN '{}' ELSE ARRAY(SELECT qc.company_id FROM quote_companies qc WHERE qc.quote_id = a.quote_id ORDER BY 1) END AS company_ids
      FROM quote_counted_as a LEFT JOIN quotes q ON q.id = a.quote_id
     WHERE a.quote_id = ANY(touched)
  ), changed AS (
    SELECT n.*, a.speaker_id AS was_speaker_id, a.anchor_status AS was_anchor_status, a.review_status AS was_review_status,
           a.topic_ids AS was_topic_ids, a.company_ids AS was_company_ids
      FROM now_state n JOIN quote_counted_as a ON a.quote_id = n.quote_id
     WHERE (n.speaker_id, n.anchor_status, n.review_status, n.topic_ids, n.company_ids)
           IS DISTINCT FROM (a.speaker_id, a.anchor_status, a.review_status, a.topic_ids, a.company_ids)
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
END $$`;

/**
 * Quote counts kept at write time (issue 18), so that a dashboard reads counts instead of
 * counting 100,000 quotes on every request.
 *
 * - `quote_counts` holds one cell per filter and facet: how many quotes with this anchor and
 *   review status carry the filter's topic and mention its company (either may be ANY_ID: not
 *   filtered), counted in all (`facet` 'all') or under each of their topics, companies or their
 *   speaker. A quote counts once in each cell its state reaches: (1 + topics) × (1 + companies)
 *   filters × (2 + topics + companies) facets.
 * - `quote_counted_as` says what state each quote is counted as in `quote_counts`. Statement
 *   triggers on quotes and their topic and company links note the quotes a statement touched;
 *   when the transaction commits (a deferred trigger), those quotes are recounted: under a lock
 *   on their `quote_counted_as` rows, taken before the quotes are read, the cells of the state
 *   each quote is in now are added and those of the state it was counted as taken away. So the
 *   counts follow every write in its own transaction, whoever makes it (the gateway, the
 *   importer, psql), and two transactions that change the same quote recount it one after the
 *   other (the second reads what the first committed: each statement of a plpgsql function reads
 *   a fresh snapshot under READ COMMITTED; under REPEATABLE READ the second fails to serialise).
 *   Inside a writing transaction the counts are those from before its writes until it commits
 *   (or runs `SET CONSTRAINTS ALL IMMEDIATE`).
 * - The primary key carries the count (INCLUDE), so that a dashboard's facet reads only the
 *   index's leaf pages in key order (an index-only scan): half the time of fetching thousands of
 *   cells from the heap, where updates scatter them.
 * - TRUNCATE fires no row or statement trigger of DELETE: after one, the counts are made again
 *   from the quotes that remain.
 * - A cell never goes below zero: a count that would is a bug in this accounting, and the write
 *   fails rather than leave a wrong count (a CHECK cannot say it: INSERT … ON CONFLICT checks the
 *   row it proposes, a negative change, before it finds the cell to change). Cells that fall to
 *   zero stay (readers skip them): deleting them would race with a concurrent insert of the cell.
 */
export class KeptQuoteCounts1764900000000 implements MigrationInterface {
  name = "KeptQuoteCounts1764900000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE quote_counts (
        topic_id uuid NOT NULL,
        company_id uuid NOT NULL,
        facet text NOT NULL,
        facet_id uuid NOT NULL,
        anchor_status text NOT NULL,
        review_status text NOT NULL,
        n integer NOT NULL,
        CONSTRAINT "PK_quote_counts" PRIMARY KEY (topic_id, company_id, facet, facet_id, anchor_status, review_status) INCLUDE (n),
        CONSTRAINT quote_counts_facet_known CHECK (facet IN ('all', 'topic', 'company', 'speaker'))
      )`);
    await queryRunner.query(`
      CREATE TABLE quote_counted_as (
        quote_id uuid NOT NULL,
        speaker_id uuid,
        anchor_status text,
        review_status text,
        topic_ids uuid[] NOT NULL DEFAULT '{}',
        company_ids uuid[] NOT NULL DEFAULT '{}',
        CONSTRAINT "PK_quote_counted_as" PRIMARY KEY (quote_id)
      )`);
    // The cells one quote's state counts in; none for a quote that is not there (speaker NULL).
    await queryRunner.query(`
      CREATE FUNCTION quote_count_cells(speaker uuid, status text, review text, topics uuid[], companies uuid[])
        RETURNS TABLE (topic_id uuid, company_id uuid, facet text, facet_id uuid, anchor_status text, review_status text)
        LANGUAGE sql IMMUTABLE AS $$
        SELECT ft, fc, f.facet, f.facet_id, status, review
          FROM unnest('${ANY_ID}'::uuid || topics) ft,
               unnest('${ANY_ID}'::uuid || companies) fc,
               LATERAL (SELECT 'all', '${ANY_ID}'::uuid
                        UNION ALL SELECT 'speaker', speaker
                        UNION ALL SELECT 'topic', unnest(topics)
                        UNION ALL SELECT 'company', unnest(companies)) f(facet, facet_id)
         WHERE speaker IS NOT NULL
      $$`);
    await queryRunner.query(`
      CREATE ${FOLLOW_WITH_SCANS}`);
    // What a transaction touched waits in tables of its session's own, emptied at commit, for
    // one recount when it commits: an import writes a quote, then its topics, then its companies,
    // and recounting after each statement cost three times as many cells.
    await queryRunner.query(`
      CREATE FUNCTION quote_counts_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        touched uuid[];
      BEGIN
        DELETE FROM pg_temp.quote_counts_due;
        WITH taken AS (DELETE FROM pg_temp.quote_counts_pending RETURNING quote_id)
        SELECT array_agg(DISTINCT taken.quote_id) INTO touched FROM taken;
        PERFORM quote_counts_follow(touched);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION quote_counts_note(touched uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(cardinality(touched), 0) = 0 THEN
          RETURN;
        END IF;
        IF to_regclass('pg_temp.quote_counts_pending') IS NULL THEN
          CREATE TEMP TABLE quote_counts_pending (quote_id uuid NOT NULL) ON COMMIT DELETE ROWS;
          CREATE TEMP TABLE quote_counts_due (due boolean NOT NULL) ON COMMIT DELETE ROWS;
          CREATE CONSTRAINT TRIGGER quote_counts_at_commit AFTER INSERT ON pg_temp.quote_counts_due
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION quote_counts_at_commit();
        END IF;
        INSERT INTO pg_temp.quote_counts_pending (quote_id) SELECT unnest(touched);
        IF NOT EXISTS (SELECT 1 FROM pg_temp.quote_counts_due) THEN
          INSERT INTO pg_temp.quote_counts_due (due) VALUES (true);
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION quote_counts_again() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM quote_counts;
        DELETE FROM quote_counted_as;
        PERFORM quote_counts_follow(ARRAY(SELECT q.id FROM quotes q));
        RETURN NULL;
      END $$`);
    for (const { table, quoteColumn } of FOLLOWED) {
      // A row trigger cannot see a whole statement; a statement trigger with transition tables
      // can, but only for one event each.
      const touched = {
        insert: `SELECT n.${quoteColumn} FROM new_rows n`,
        update: `SELECT n.${quoteColumn} FROM new_rows n UNION SELECT o.${quoteColumn} FROM old_rows o`,
        delete: `SELECT o.${quoteColumn} FROM old_rows o`,
      };
      for (const [event, transition] of [
        ["insert", "REFERENCING NEW TABLE AS new_rows"],
        ["update", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"],
        ["delete", "REFERENCING OLD TABLE AS old_rows"],
      ] as const) {
        await queryRunner.query(`
          CREATE FUNCTION ${table}_counted_after_${event}() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            PERFORM quote_counts_note(ARRAY(${touched[event]}));
            RETURN NULL;
          END $$`);
        await queryRunner.query(
          `CREATE TRIGGER ${table}_counted_after_${event} AFTER ${event.toUpperCase()} ON ${table} ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_counted_after_${event}()`,
        );
      }
      await queryRunner.query(`CREATE TRIGGER ${table}_counted_after_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION quote_counts_again()`);
    }
    await queryRunner.query(`SELECT quote_counts_follow(ARRAY(SELECT q.id FROM quotes q))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table } of FOLLOWED) {
      for (const event of ["insert", "update", "delete"]) {
        await queryRunner.query(`DROP TRIGGER ${table}_counted_after_${event} ON ${table}`);
        await queryRunner.query(`DROP FUNCTION ${table}_counted_after_${event}()`);
      }
      await queryRunner.query(`DROP TRIGGER ${table}_counted_after_truncate ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION quote_counts_again()`);
    await queryRunner.query(`DROP FUNCTION quote_counts_note(uuid[])`);
    // CASCADE: sessions that wrote quotes hold a trigger of their own on it (on their temporary table).
    await queryRunner.query(`DROP FUNCTION quote_counts_at_commit() CASCADE`);
    await queryRunner.query(`DROP FUNCTION quote_counts_follow(uuid[])`);
    await queryRunner.query(`DROP FUNCTION quote_count_cells(uuid, text, text, uuid[], uuid[])`);
    await queryRunner.query(`DROP TABLE quote_counted_as`);
    await queryRunner.query(`DROP TABLE quote_counts`);
  }
}
