import { type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The whole data model: people, companies, topics, sources, career steps, quotes and their links.
 *
 * Invariants live in the database, so that no write path (importer, API, psql) can break them:
 * - a source's body never changes in place, is NFC, and its SHA-256 is checked against it;
 * - a quote's text equals the body at its span, with its prefix/suffix the characters around it;
 * - a career step's evidence span lies inside its source's body;
 * - fuzzy dates carry an EDTF string and ordered bounds, or nothing at all.
 * Spans count code points: in a UTF8 database `substr` and `char_length` count characters, which
 * is why the first statement refuses any other server encoding.
 */
export class InitialSchema1764080000000 implements MigrationInterface {
  name = "InitialSchema1764080000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        IF current_setting('server_encoding') <> 'UTF8' THEN
          RAISE EXCEPTION 'Interview Graph needs a UTF8 database (spans count characters), this one is %',
            current_setting('server_encoding');
        END IF;
      END $$`);

    await queryRunner.query(`
      CREATE TABLE people (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        headline text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT people_slug_key UNIQUE (slug),
        CONSTRAINT people_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT people_name_present CHECK (btrim(name) <> '')
      )`);

    await queryRunner.query(`
      CREATE TABLE companies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        website text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT companies_slug_key UNIQUE (slug),
        CONSTRAINT companies_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT companies_name_present CHECK (btrim(name) <> ''),
        CONSTRAINT companies_website_http CHECK (website ~ '^https?://')
      )`);

    await queryRunner.query(`
      CREATE TABLE topics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT topics_slug_key UNIQUE (slug),
        CONSTRAINT topics_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT topics_name_present CHECK (btrim(name) <> '')
      )`);

    await queryRunner.query(`
      CREATE TABLE sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        title text NOT NULL,
        kind text NOT NULL,
        url text,
        publisher text,
        published_edtf text,
        published_earliest date,
        published_latest date,
        published_precision text,
        narrator_id uuid REFERENCES people (id) ON DELETE RESTRICT,
        body text NOT NULL,
        body_sha256 char(64) NOT NULL,
        sections text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sources_slug_key UNIQUE (slug),
        CONSTRAINT sources_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT sources_title_present CHECK (btrim(title) <> ''),
        CONSTRAINT sources_kind_known CHECK (kind IN ('AS_TOLD_TO_ESSAY', 'INTERVIEW', 'ARTICLE', 'TRANSCRIPT', 'PODCAST', 'TALK')),
        CONSTRAINT sources_url_http CHECK (url ~ '^https?://'),
        CONSTRAINT sources_body_present CHECK (body <> ''),
        CONSTRAINT sources_body_nfc CHECK (body IS NFC NORMALIZED),
        CONSTRAINT sources_body_sha256_matches CHECK (body_sha256 = encode(sha256(convert_to(body, 'UTF8')), 'hex')),
        ${fuzzyDateChecks("sources", "published")}
      )`);
    await queryRunner.query(`CREATE INDEX sources_narrator_id_idx ON sources (narrator_id)`);
    await queryRunner.query(`
      CREATE FUNCTION sources_body_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.body IS DISTINCT FROM OLD.body THEN
          RAISE EXCEPTION 'the body of source "%" never changes in place: import a new revision or a new source', OLD.slug
            USING ERRCODE = 'check_violation', CONSTRAINT = 'sources_body_immutable';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER sources_body_immutable BEFORE UPDATE OF body ON sources
        FOR EACH ROW EXECUTE FUNCTION sources_body_is_immutable()`);

    await queryRunner.query(`
      CREATE TABLE career_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
        company_id uuid NOT NULL REFERENCES companies (id) ON DELETE RESTRICT,
        title text,
        start_edtf text,
        start_earliest date,
        start_latest date,
        start_precision text,
        end_edtf text,
        end_earliest date,
        end_latest date,
        end_precision text,
        end_open boolean NOT NULL DEFAULT false,
        source_id uuid REFERENCES sources (id) ON DELETE CASCADE,
        evidence_start integer,
        evidence_end integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        ${fuzzyDateChecks("career_steps", "start")},
        ${fuzzyDateChecks("career_steps", "end")},
        CONSTRAINT career_steps_open_end_has_no_date CHECK (NOT (end_open AND end_edtf IS NOT NULL)),
        CONSTRAINT career_steps_ends_after_start CHECK (start_earliest <= end_latest),
        CONSTRAINT career_steps_evidence_complete CHECK (
          (evidence_start IS NULL AND evidence_end IS NULL)
          OR (source_id IS NOT NULL AND evidence_start IS NOT NULL AND evidence_end IS NOT NULL)),
        CONSTRAINT career_steps_evidence_span_ordered CHECK (0 <= evidence_start AND evidence_start < evidence_end)
      )`);
    await queryRunner.query(`CREATE INDEX career_steps_person_id_idx ON career_steps (person_id, start_earliest)`);
    await queryRunner.query(`CREATE INDEX career_steps_company_id_idx ON career_steps (company_id, start_earliest)`);
    await queryRunner.query(`CREATE INDEX career_steps_source_id_idx ON career_steps (source_id)`);
    await queryRunner.query(`
      CREATE FUNCTION career_steps_evidence_in_body() RETURNS trigger LANGUAGE plpgsql AS $$
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

    await queryRunner.query(`
      CREATE TABLE quotes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_id uuid NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        speaker_id uuid NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
        text text NOT NULL,
        span_start integer NOT NULL,
        span_end integer NOT NULL,
        prefix text NOT NULL DEFAULT '',
        suffix text NOT NULL DEFAULT '',
        section text,
        search tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT quotes_span_ordered CHECK (0 <= span_start AND span_start < span_end),
        CONSTRAINT quotes_span_key UNIQUE (source_id, span_start, span_end),
        CONSTRAINT quotes_prefix_length CHECK (char_length(prefix) <= 32),
        CONSTRAINT quotes_suffix_length CHECK (char_length(suffix) <= 32)
      )`);
    // TypeORM reads generated columns' expressions from typeorm_metadata (it may create the table itself).
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS typeorm_metadata (
        "type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`);
    await queryRunner.query(`
      INSERT INTO typeorm_metadata ("type", "database", "schema", "table", "name", "value")
      VALUES ('GENERATED_COLUMN', current_database(), current_schema(), 'quotes', 'search', 'to_tsvector(''english'', text)')`);
    await queryRunner.query(`CREATE INDEX quotes_speaker_id_idx ON quotes (speaker_id)`);
    await queryRunner.query(`CREATE INDEX quotes_search_idx ON quotes USING gin (search)`);
    await queryRunner.query(`
      CREATE FUNCTION quotes_text_matches_body() RETURNS trigger LANGUAGE plpgsql AS $$
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

    await queryRunner.query(`
      CREATE TABLE quote_topics (
        quote_id uuid NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
        topic_id uuid NOT NULL REFERENCES topics (id) ON DELETE RESTRICT,
        PRIMARY KEY (quote_id, topic_id)
      )`);
    await queryRunner.query(`CREATE INDEX quote_topics_topic_id_idx ON quote_topics (topic_id, quote_id)`);

    await queryRunner.query(`
      CREATE TABLE quote_companies (
        quote_id uuid NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
        company_id uuid NOT NULL REFERENCES companies (id) ON DELETE RESTRICT,
        PRIMARY KEY (quote_id, company_id)
      )`);
    await queryRunner.query(`CREATE INDEX quote_companies_company_id_idx ON quote_companies (company_id, quote_id)`);

    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        label text NOT NULL,
        role text NOT NULL,
        key_sha256 char(64) NOT NULL,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT api_keys_key_sha256_key UNIQUE (key_sha256),
        CONSTRAINT api_keys_role_known CHECK (role IN ('EDITOR', 'ADMIN')),
        CONSTRAINT api_keys_label_present CHECK (btrim(label) <> ''),
        CONSTRAINT api_keys_key_sha256_hex CHECK (key_sha256 ~ '^[0-9a-f]{64}$')
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_keys`);
    await queryRunner.query(`DROP TABLE quote_companies`);
    await queryRunner.query(`DROP TABLE quote_topics`);
    await queryRunner.query(`DELETE FROM typeorm_metadata WHERE "table" = 'quotes' AND "name" = 'search'`);
    await queryRunner.query(`DROP TABLE quotes`);
    await queryRunner.query(`DROP FUNCTION quotes_text_matches_body()`);
    await queryRunner.query(`DROP TABLE career_steps`);
    await queryRunner.query(`DROP FUNCTION career_steps_evidence_in_body()`);
    await queryRunner.query(`DROP TABLE sources`);
    await queryRunner.query(`DROP FUNCTION sources_body_is_immutable()`);
    await queryRunner.query(`DROP TABLE topics`);
    await queryRunner.query(`DROP TABLE companies`);
    await queryRunner.query(`DROP TABLE people`);
  }
}

/**
 * A fuzzy date is four columns: the EDTF string (level 1: YYYY, YYYY-MM or YYYY-MM-DD with an
 * optional ~ ? % qualifier), inclusive bounds and a precision. All four are set, or none is.
 */
function fuzzyDateChecks(table: string, column: string): string {
  const c = (suffix: string) => `${column}_${suffix}`;
  return `
        CONSTRAINT ${table}_${column}_complete CHECK (
          (${c("edtf")} IS NULL) = (${c("earliest")} IS NULL)
          AND (${c("edtf")} IS NULL) = (${c("latest")} IS NULL)
          AND (${c("edtf")} IS NULL) = (${c("precision")} IS NULL)),
        CONSTRAINT ${table}_${column}_edtf_format CHECK (${c("edtf")} ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?%]?$'),
        CONSTRAINT ${table}_${column}_precision_known CHECK (${c("precision")} IN ('YEAR', 'MONTH', 'DAY')),
        CONSTRAINT ${table}_${column}_bounds_ordered CHECK (${c("earliest")} <= ${c("latest")})`;
}
