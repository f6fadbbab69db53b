import { type MigrationInterface, type QueryRunner } from "typeorm";

/** The audit trail's record of source revisions: keyed by source and number, changes of the source's node. */
const REVISIONS_AUDIT_ARGS = "'source_id,number', 'Source', 'source_id', '', ''";

const QUOTES_SPAN_KEY = "EXCLUDE USING btree (source_id WITH =, span_start WITH =, span_end WITH =) WHERE (anchor_status <> 'ORPHANED') DEFERRABLE INITIALLY IMMEDIATE";
const ANCHOR_STATUS_KNOWN = "anchor_status IN ('EXACT', 'SHIFTED', 'FUZZY', 'ORPHANED')";
const ANCHOR_SCORE_FITS =
  "(anchor_status IN ('EXACT', 'SHIFTED') AND anchor_score = 1) OR (anchor_status = 'FUZZY' AND anchor_score > 0 AND anchor_score < 1) OR (anchor_status = 'ORPHANED' AND anchor_score = 0)";
const PREVIOUS_TEXT_WHEN_FUZZY = "(previous_text IS NOT NULL) = (anchor_status IS NOT DISTINCT FROM 'FUZZY')";
const REVIEW_STATUS_KNOWN = "review_status IN ('UNREVIEWED', 'CONFIRMED', 'DISPUTED')";
const REVIEW_COMPLETE = "(reviewed_at IS NULL) = (reviewed_by IS NULL)";

/** A quote's text checked against its anchor revision's body, one row at a time (until cheaper-write-checks). */
export const ROW_TEXT_CHECK = `FUNCTION quotes_text_matches_body() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  body text;
  prefix_start integer;
BEGIN
  SELECT r.body INTO body FROM source_revisions r WHERE r.source_id = NEW.source_id AND r.number = NEW.anchor_revision;
  IF body IS NULL AND NEW.anchor_revision IS NOT NULL AND EXISTS (SELECT 1 FROM sources s WHERE s.id = NEW.source_id) THEN
    RAISE EXCEPTION 'quote refers to revision % of its source, which does not exist', NEW.anchor_revision
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
  END IF;
  IF body IS NULL OR NOT (0 <= NEW.span_start AND NEW.span_start < NEW.span_end) THEN
    RETURN NEW; -- the foreign key or quotes_span_ordered reports it, more precisely
  END IF;
  IF NEW.span_end > char_length(body) THEN
    RAISE EXCEPTION 'quote span [%, %) lies outside the body of its source (% characters)',
        NEW.span_start, NEW.span_end, char_length(body)
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
  END IF;
  IF substr(body, NEW.span_start + 1, NEW.span_end - NEW.span_start) IS DISTINCT FROM NEW.text THEN
    RAISE EXCEPTION 'quote text differs from the body at its span [%, %)', NEW.span_start, NEW.span_end
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
  END IF;
  prefix_start := greatest(0, NEW.span_start - 32);
  IF NEW.prefix IS DISTINCT FROM substr(body, prefix_start + 1, NEW.span_start - prefix_start)
      OR NEW.suffix IS DISTINCT FROM substr(body, NEW.span_end + 1, 32) THEN
    RAISE EXCEPTION 'quote prefix/suffix differ from the 32 characters around its span [%, %)',
        NEW.span_start, NEW.span_end
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
  END IF;
  RETURN NEW;
END $$`;

/** At commit, a span that is not ORPHANED is in its source's current revision (until cheaper-write-checks). */
export const ANCHORS_CHECK_DYNAMIC = `FUNCTION anchors_in_current_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  misplaced boolean;
BEGIN
  EXECUTE format(
    'SELECT x.anchor_status <> ''ORPHANED'' AND x.anchor_revision <> s.revision FROM %I x JOIN sources s ON s.id = x.source_id WHERE x.id = $1', TG_TABLE_NAME)
    INTO misplaced USING NEW.id;
  IF misplaced THEN
    RAISE EXCEPTION '% % refers to an earlier revision of its source without being ORPHANED', TG_TABLE_NAME, NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_anchor_in_current_revision';
  END IF;
  RETURN NULL;
END $$`;

/**
 * Source revisions, anchors and reviews (issue 17).
 *
 * - `source_revisions` keeps every body a source has had, never changed; the source's `body` is
 *   its current `revision`'s. What was stored becomes revision 1.
 * - Quotes and career steps say which revision their span refers to (`anchor_revision`), how
 *   it followed the last correction (`anchor_status`, `anchor_score`, `previous_text`) and
 *   what an editor said of them (`review_*`). What was stored is EXACT in revision 1, UNREVIEWED.
 * - The checks move with them: a quote's text equals the body of its anchor revision at its span
 *   (a correction keeps an ORPHANED quote's words in the revision they stand in); a span not
 *   ORPHANED refers to the current revision; a source's body is its revision's. The last two
 *   are checked when the transaction commits, since a correction changes the source and its
 *   spans in several statements.
 * - A write that places a span anew without saying where (an import, an editor's text) anchors
 *   it EXACT in the current revision: the database does it, so no write path can forget it.
 */
export class SourceRevisions1764800000000 implements MigrationInterface {
  name = "SourceRevisions1764800000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE source_revisions (
        source_id uuid NOT NULL,
        number integer NOT NULL,
        body text NOT NULL,
        body_sha256 character(64) NOT NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_source_revisions" PRIMARY KEY (source_id, number),
        CONSTRAINT source_revisions_source_id_fkey FOREIGN KEY (source_id) REFERENCES sources (id) ON DELETE CASCADE,
        CONSTRAINT source_revisions_number_positive CHECK (number >= 1),
        CONSTRAINT source_revisions_body_present CHECK (body <> ''),
        CONSTRAINT source_revisions_body_nfc CHECK (body IS NFC NORMALIZED),
        CONSTRAINT source_revisions_body_sha256_matches CHECK (body_sha256 = encode(sha256(convert_to(body, 'UTF8')), 'hex'))
      )`);
    await queryRunner.query(`INSERT INTO source_revisions (source_id, number, body, body_sha256, created_at) SELECT id, 1, body, body_sha256, created_at FROM sources`);
    await queryRunner.query(`
      CREATE FUNCTION source_revisions_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'revision % of a source never changes: a correction is a new revision', OLD.number
          USING ERRCODE = 'check_violation', CONSTRAINT = 'source_revisions_never_change';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER source_revisions_never_change BEFORE UPDATE ON source_revisions FOR EACH ROW EXECUTE FUNCTION source_revisions_never_change()`);
    for (const [event, transition] of [
      ["insert", "REFERENCING NEW TABLE AS new_rows"],
      ["update", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"],
      ["delete", "REFERENCING OLD TABLE AS old_rows"],
    ] as const) {
      await queryRunner.query(
        `CREATE TRIGGER source_revisions_audit_${event} AFTER ${event.toUpperCase()} ON source_revisions ${transition} FOR EACH STATEMENT EXECUTE FUNCTION audit_capture(${REVISIONS_AUDIT_ARGS})`,
      );
    }
    await queryRunner.query(`CREATE TRIGGER source_revisions_audit_truncate BEFORE TRUNCATE ON source_revisions FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate(${REVISIONS_AUDIT_ARGS})`);

    await queryRunner.query(`ALTER TABLE sources ADD COLUMN revision integer NOT NULL DEFAULT 1, ADD CONSTRAINT sources_revision_positive CHECK (revision >= 1)`);
    await queryRunner.query(`DROP TRIGGER sources_body_immutable ON sources`);
    await queryRunner.query(`DROP FUNCTION sources_body_is_immutable()`);

    for (const table of ["quotes", "career_steps"] as const) {
      const required = table === "quotes";
      await queryRunner.query(`
        ALTER TABLE ${table}
          ADD COLUMN anchor_status text ${required ? "NOT NULL DEFAULT 'EXACT'" : ""},
          ADD COLUMN anchor_score double precision ${required ? "NOT NULL DEFAULT 1" : ""},
          ADD COLUMN anchor_revision integer,
          ADD COLUMN previous_text text,
          ADD COLUMN review_status text NOT NULL DEFAULT 'UNREVIEWED',
          ADD COLUMN review_note text,
          ADD COLUMN reviewed_at timestamptz,
          ADD COLUMN reviewed_by text`);
      if (required) await queryRunner.query(`UPDATE quotes SET anchor_revision = 1`);
      else await queryRunner.query(`UPDATE career_steps SET anchor_status = 'EXACT', anchor_score = 1, anchor_revision = 1 WHERE evidence_start IS NOT NULL`);
      if (required) await queryRunner.query(`ALTER TABLE quotes ALTER COLUMN anchor_revision SET NOT NULL`);
      await queryRunner.query(`
        ALTER TABLE ${table}
          ADD CONSTRAINT ${table}_anchor_status_known CHECK (${ANCHOR_STATUS_KNOWN}),
          ADD CONSTRAINT ${table}_anchor_score_fits CHECK (${ANCHOR_SCORE_FITS}),
          ADD CONSTRAINT ${table}_previous_text_when_fuzzy CHECK (${PREVIOUS_TEXT_WHEN_FUZZY}),
          ADD CONSTRAINT ${table}_anchor_revision_positive CHECK (anchor_revision >= 1),
          ADD CONSTRAINT ${table}_review_status_known CHECK (${REVIEW_STATUS_KNOWN}),
          ADD CONSTRAINT ${table}_review_complete CHECK (${REVIEW_COMPLETE})`);
    }
    await queryRunner.query(`
      ALTER TABLE career_steps ADD CONSTRAINT career_steps_anchor_when_evidence CHECK (
        (evidence_start IS NULL) = (anchor_status IS NULL) AND (anchor_status IS NULL) = (anchor_score IS NULL) AND (anchor_status IS NULL) = (anchor_revision IS NULL))`);

    // A passage is one quote in the current text (an ORPHANED quote keeps its span in an earlier
    // one). Deferrable, so that a correction may move quotes past each other in one statement.
    await queryRunner.query(`ALTER TABLE quotes DROP CONSTRAINT quotes_span_key`);
    await queryRunner.query(`ALTER TABLE quotes ADD CONSTRAINT quotes_span_key ${QUOTES_SPAN_KEY}`);

    // Placed anew without saying where: EXACT in the current revision.
    await queryRunner.query(`
      CREATE FUNCTION quotes_anchor_placed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NEW.anchor_revision IS NULL THEN
            NEW.anchor_revision := (SELECT s.revision FROM sources s WHERE s.id = NEW.source_id);
          END IF;
        ELSIF (NEW.source_id, NEW.text, NEW.span_start, NEW.span_end) IS DISTINCT FROM (OLD.source_id, OLD.text, OLD.span_start, OLD.span_end)
          AND (NEW.anchor_status, NEW.anchor_score, NEW.anchor_revision, NEW.previous_text) IS NOT DISTINCT FROM (OLD.anchor_status, OLD.anchor_score, OLD.anchor_revision, OLD.previous_text) THEN
          NEW.anchor_status := 'EXACT';
          NEW.anchor_score := 1;
          NEW.anchor_revision := (SELECT s.revision FROM sources s WHERE s.id = NEW.source_id);
          NEW.previous_text := NULL;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER quotes_anchor_placed BEFORE INSERT OR UPDATE ON quotes FOR EACH ROW EXECUTE FUNCTION quotes_anchor_placed()`);
    await queryRunner.query(`
      CREATE FUNCTION career_steps_anchor_placed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.evidence_start IS NULL THEN
          NEW.anchor_status := NULL;
          NEW.anchor_score := NULL;
          NEW.anchor_revision := NULL;
          NEW.previous_text := NULL;
        ELSIF TG_OP = 'INSERT' OR OLD.evidence_start IS NULL THEN
          IF NEW.anchor_revision IS NULL THEN
            NEW.anchor_status := 'EXACT';
            NEW.anchor_score := 1;
            NEW.anchor_revision := (SELECT s.revision FROM sources s WHERE s.id = NEW.source_id);
            NEW.previous_text := NULL;
          END IF;
        ELSIF (NEW.source_id, NEW.evidence_start, NEW.evidence_end) IS DISTINCT FROM (OLD.source_id, OLD.evidence_start, OLD.evidence_end)
          AND (NEW.anchor_status, NEW.anchor_score, NEW.anchor_revision, NEW.previous_text) IS NOT DISTINCT FROM (OLD.anchor_status, OLD.anchor_score, OLD.anchor_revision, OLD.previous_text) THEN
          NEW.anchor_status := 'EXACT';
          NEW.anchor_score := 1;
          NEW.anchor_revision := (SELECT s.revision FROM sources s WHERE s.id = NEW.source_id);
          NEW.previous_text := NULL;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER career_steps_anchor_placed BEFORE INSERT OR UPDATE ON career_steps FOR EACH ROW EXECUTE FUNCTION career_steps_anchor_placed()`);

    // The body a span is checked against is its anchor revision's.
    await queryRunner.query(`
      CREATE OR REPLACE ${ROW_TEXT_CHECK}`);
    await queryRunner.query(`DROP TRIGGER quotes_text_matches_body ON quotes`);
    await queryRunner.query(`
      CREATE TRIGGER quotes_text_matches_body
        BEFORE INSERT OR UPDATE OF source_id, text, span_start, span_end, prefix, suffix, anchor_revision ON quotes
        FOR EACH ROW EXECUTE FUNCTION quotes_text_matches_body()`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION career_steps_evidence_in_body() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE body_length integer;
      BEGIN
        IF NEW.evidence_end IS NULL THEN
          RETURN NEW;
        END IF;
        SELECT char_length(r.body) INTO body_length FROM source_revisions r WHERE r.source_id = NEW.source_id AND r.number = NEW.anchor_revision;
        IF body_length IS NOT NULL AND NEW.evidence_end > body_length THEN
          RAISE EXCEPTION 'evidence span [%, %) lies outside the body of its source (% characters)',
              NEW.evidence_start, NEW.evidence_end, body_length
            USING ERRCODE = 'check_violation', CONSTRAINT = 'career_steps_evidence_in_body';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`DROP TRIGGER career_steps_evidence_in_body ON career_steps`);
    await queryRunner.query(`
      CREATE TRIGGER career_steps_evidence_in_body
        BEFORE INSERT OR UPDATE OF source_id, evidence_start, evidence_end, anchor_revision ON career_steps
        FOR EACH ROW EXECUTE FUNCTION career_steps_evidence_in_body()`);

    // At commit: a source's body is its revision's, and its spans that are not ORPHANED refer to that revision.
    await queryRunner.query(`
      CREATE FUNCTION sources_revision_holds() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        current sources%ROWTYPE;
      BEGIN
        SELECT * INTO current FROM sources s WHERE s.id = NEW.id;
        IF NOT FOUND THEN
          RETURN NULL; -- removed later in the transaction
        END IF;
        IF NOT EXISTS (SELECT 1 FROM source_revisions r WHERE r.source_id = current.id AND r.number = current.revision AND r.body_sha256 = current.body_sha256) THEN
          RAISE EXCEPTION 'the body of source "%" is not the body of its revision %: a body changes only by a new revision', current.slug, current.revision
            USING ERRCODE = 'check_violation', CONSTRAINT = 'sources_revision_holds';
        END IF;
        IF EXISTS (SELECT 1 FROM quotes q WHERE q.source_id = current.id AND q.anchor_status <> 'ORPHANED' AND q.anchor_revision <> current.revision)
          OR EXISTS (SELECT 1 FROM career_steps c WHERE c.source_id = current.id AND c.anchor_status <> 'ORPHANED' AND c.anchor_revision <> current.revision) THEN
          RAISE EXCEPTION 'source "%" is at revision %, but spans that are not ORPHANED refer to another', current.slug, current.revision
            USING ERRCODE = 'check_violation', CONSTRAINT = 'sources_revision_holds';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER sources_revision_holds AFTER INSERT OR UPDATE OF body, body_sha256, revision ON sources
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION sources_revision_holds()`);
    await queryRunner.query(`
      CREATE ${ANCHORS_CHECK_DYNAMIC}`);
    for (const table of ["quotes", "career_steps"]) {
      await queryRunner.query(`
        CREATE CONSTRAINT TRIGGER ${table}_anchor_in_current_revision AFTER INSERT OR UPDATE ON ${table}
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION anchors_in_current_revision()`);
    }
    // A revision may go (a reverted correction) only once nothing refers to it.
    await queryRunner.query(`
      CREATE FUNCTION source_revisions_unreferenced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM sources s WHERE s.id = OLD.source_id AND s.revision = OLD.number)
          OR EXISTS (SELECT 1 FROM quotes q WHERE q.source_id = OLD.source_id AND q.anchor_revision = OLD.number)
          OR EXISTS (SELECT 1 FROM career_steps c WHERE c.source_id = OLD.source_id AND c.anchor_revision = OLD.number) THEN
          RAISE EXCEPTION 'revision % of a source was removed while the source or a span still refers to it', OLD.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'source_revisions_unreferenced';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER source_revisions_unreferenced AFTER DELETE ON source_revisions
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION source_revisions_unreferenced()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER source_revisions_unreferenced ON source_revisions`);
    await queryRunner.query(`DROP FUNCTION source_revisions_unreferenced()`);
    for (const table of ["quotes", "career_steps"]) await queryRunner.query(`DROP TRIGGER ${table}_anchor_in_current_revision ON ${table}`);
    await queryRunner.query(`DROP FUNCTION anchors_in_current_revision()`);
    await queryRunner.query(`DROP TRIGGER sources_revision_holds ON sources`);
    await queryRunner.query(`DROP FUNCTION sources_revision_holds()`);
    // Only the current text survives: ORPHANED quotes and steps refer to a body that goes.
    await queryRunner.query(`DELETE FROM quotes WHERE anchor_status = 'ORPHANED'`);
    await queryRunner.query(`UPDATE career_steps SET source_id = source_id, evidence_start = NULL, evidence_end = NULL WHERE anchor_status = 'ORPHANED'`);
    await queryRunner.query(`DROP TRIGGER career_steps_evidence_in_body ON career_steps`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION career_steps_evidence_in_body() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE body_length integer;
      BEGIN
        IF NEW.evidence_end IS NULL THEN
          RETURN NEW;
        END IF;
        SELECT char_length(s.body) INTO body_length FROM sources s WHERE s.id = NEW.source_id;
        IF body_length IS NOT NULL AND NEW.evidence_end > body_length THEN
          RAISE EXCEPTION 'evidence span [%, %) lies outside the body of its source (% characters)',
              NEW.evidence_start, NEW.evidence_end, body_length
            USING ERRCODE = 'check_violation', CONSTRAINT = 'career_steps_evidence_in_body';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER career_steps_evidence_in_body
        BEFORE INSERT OR UPDATE OF source_id, evidence_start, evidence_end ON career_steps
        FOR EACH ROW EXECUTE FUNCTION career_steps_evidence_in_body()`);
    await queryRunner.query(`DROP TRIGGER quotes_text_matches_body ON quotes`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION quotes_text_matches_body() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        body text;
        prefix_start integer;
      BEGIN
        SELECT s.body INTO body FROM sources s WHERE s.id = NEW.source_id;
        IF body IS NULL OR NOT (0 <= NEW.span_start AND NEW.span_start < NEW.span_end) THEN
          RETURN NEW; -- the foreign key or quotes_span_ordered reports it, more precisely
        END IF;
        IF NEW.span_end > char_length(body) THEN
          RAISE EXCEPTION 'quote span [%, %) lies outside the body of its source (% characters)',
              NEW.span_start, NEW.span_end, char_length(body)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
        END IF;
        IF substr(body, NEW.span_start + 1, NEW.span_end - NEW.span_start) IS DISTINCT FROM NEW.text THEN
          RAISE EXCEPTION 'quote text differs from the body at its span [%, %)', NEW.span_start, NEW.span_end
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
        END IF;
        prefix_start := greatest(0, NEW.span_start - 32);
        IF NEW.prefix IS DISTINCT FROM substr(body, prefix_start + 1, NEW.span_start - prefix_start)
            OR NEW.suffix IS DISTINCT FROM substr(body, NEW.span_end + 1, 32) THEN
          RAISE EXCEPTION 'quote prefix/suffix differ from the 32 characters around its span [%, %)',
              NEW.span_start, NEW.span_end
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quotes_text_matches_body';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER quotes_text_matches_body
        BEFORE INSERT OR UPDATE OF source_id, text, span_start, span_end, prefix, suffix ON quotes
        FOR EACH ROW EXECUTE FUNCTION quotes_text_matches_body()`);
    for (const table of ["quotes", "career_steps"]) {
      await queryRunner.query(`DROP TRIGGER ${table}_anchor_placed ON ${table}`);
      await queryRunner.query(`DROP FUNCTION ${table}_anchor_placed()`);
    }
    await queryRunner.query(`ALTER TABLE quotes DROP CONSTRAINT quotes_span_key`);
    await queryRunner.query(`ALTER TABLE quotes ADD CONSTRAINT quotes_span_key UNIQUE (source_id, span_start, span_end)`);
    await queryRunner.query(`ALTER TABLE career_steps DROP CONSTRAINT career_steps_anchor_when_evidence`);
    for (const table of ["quotes", "career_steps"]) {
      for (const suffix of ["anchor_status_known", "anchor_score_fits", "previous_text_when_fuzzy", "anchor_revision_positive", "review_status_known", "review_complete"]) {
        await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_${suffix}`);
      }
      for (const column of ["anchor_status", "anchor_score", "anchor_revision", "previous_text", "review_status", "review_note", "reviewed_at", "reviewed_by"]) {
        await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
      }
    }
    // The current body stays; earlier revisions go.
    await queryRunner.query(`ALTER TABLE sources DROP CONSTRAINT sources_revision_positive, DROP COLUMN revision`);
    await queryRunner.query(`
      CREATE FUNCTION sources_body_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.body IS DISTINCT FROM OLD.body THEN
          RAISE EXCEPTION 'the body of source "%" never changes in place: import a new revision or a new source', OLD.slug
            USING ERRCODE = 'check_violation', CONSTRAINT = 'sources_body_immutable';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER sources_body_immutable BEFORE UPDATE OF body ON sources FOR EACH ROW EXECUTE FUNCTION sources_body_is_immutable()`);
    await queryRunner.query(`DROP TABLE source_revisions`);
    await queryRunner.query(`DROP FUNCTION source_revisions_never_change()`);
  }
}
