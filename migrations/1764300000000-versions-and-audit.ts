import { type MigrationInterface, type QueryRunner } from "typeorm";

/** The content tables whose rows are nodes with a version. */
const VERSIONED = ["people", "companies", "topics", "sources", "career_steps", "quotes"] as const;

/**
 * What the audit trail records of each table: its key columns, the node a change belongs to,
 * the columns whose change alone is not worth an event, and the columns never copied into it.
 */
export const AUDITED: Array<{ table: string; key: string; nodeType: string; nodeColumn: string; ignored?: string; omitted?: string }> = [
  { table: "people", key: "id", nodeType: "Person", nodeColumn: "id" },
  { table: "companies", key: "id", nodeType: "Company", nodeColumn: "id" },
  { table: "topics", key: "id", nodeType: "Topic", nodeColumn: "id" },
  { table: "sources", key: "id", nodeType: "Source", nodeColumn: "id" },
  { table: "career_steps", key: "id", nodeType: "CareerStep", nodeColumn: "id" },
  { table: "quotes", key: "id", nodeType: "Quote", nodeColumn: "id" },
  { table: "quote_topics", key: "quote_id,topic_id", nodeType: "Quote", nodeColumn: "quote_id" },
  { table: "quote_companies", key: "quote_id,company_id", nodeType: "Quote", nodeColumn: "quote_id" },
  // A key's use is not a change of it; its hash never leaves the api_keys table.
  { table: "api_keys", key: "id", nodeType: "ApiKey", nodeColumn: "id", ignored: "last_used_at", omitted: "key_sha256" },
];

/** A row's key in the trail, of any number of columns (until cheaper-write-checks). */
export const AUDIT_ROW_KEY_ANY = `FUNCTION audit_row_key(row_json jsonb, key_columns text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_object_agg(k, row_json -> k) FROM unnest(key_columns) AS k
$$`;

/** Records a statement's changed rows in the trail (until cheaper-write-checks). */
export const AUDIT_CAPTURE_PER_ROW_EVENT = `FUNCTION audit_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key_columns text[] := string_to_array(TG_ARGV[0], ',');
  node_type text := TG_ARGV[1];
  node_column text := TG_ARGV[2];
  ignored text[] := ARRAY['version', 'updated_at'] || string_to_array(TG_ARGV[3], ',');
  omitted text[] := ARRAY['search'] || string_to_array(TG_ARGV[4], ',');
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO audit_changes (event_id, table_name, node_type, node_id, row_key, before, after)
    SELECT audit_event_id(), TG_TABLE_NAME, node_type, (n.j ->> node_column)::uuid, audit_row_key(n.j, key_columns), NULL, n.j - omitted
      FROM (SELECT to_jsonb(r) AS j FROM new_rows r) n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO audit_changes (event_id, table_name, node_type, node_id, row_key, before, after)
    SELECT audit_event_id(), TG_TABLE_NAME, node_type, (o.j ->> node_column)::uuid, audit_row_key(o.j, key_columns), o.j - omitted, NULL
      FROM (SELECT to_jsonb(r) AS j FROM old_rows r) o;
  ELSE
    INSERT INTO audit_changes (event_id, table_name, node_type, node_id, row_key, before, after)
    SELECT audit_event_id(), TG_TABLE_NAME, node_type, (n.j ->> node_column)::uuid, audit_row_key(n.j, key_columns), o.j - omitted, n.j - omitted
      FROM (SELECT to_jsonb(r) AS j FROM old_rows r) o
      JOIN (SELECT to_jsonb(r) AS j FROM new_rows r) n ON audit_row_key(o.j, key_columns) = audit_row_key(n.j, key_columns)
     WHERE (o.j - omitted - ignored) IS DISTINCT FROM (n.j - omitted - ignored);
  END IF;
  RETURN NULL;
END $$`;

/**
 * Optimistic concurrency and the audit trail.
 *
 * Versions: every content row carries a version that the database itself raises on each update
 * (with updated_at), so no write path can forget it; clients pass the version they saw as
 * `expectedVersion` and a stale one is refused.
 *
 * Audit: statement-level triggers with transition tables record every inserted, updated and
 * deleted row of the content tables (and of api_keys) as JSON before/after, in
 * `audit_changes`, under one `audit_events` row per transaction. The event is created by the
 * first change, so a transaction that changes nothing leaves no event; who and what come from
 * transaction-local settings (`interview_graph.actor`, `.api_key_id`, `.operation`) that the
 * application sets when it opens a write transaction; a write without them (psql) is recorded
 * as the database user's. Both tables are append-only: updates, deletes and truncation are
 * refused by the database.
 */
export class VersionsAndAudit1764300000000 implements MigrationInterface {
  name = "VersionsAndAudit1764300000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
        RETURN NEW;
      END $$`);
    for (const table of VERSIONED) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN version integer NOT NULL DEFAULT 1`);
      await queryRunner.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_version_positive CHECK (version >= 1)`);
      await queryRunner.query(`CREATE TRIGGER ${table}_bump_version BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION bump_version()`);
    }

    await queryRunner.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        api_key_id uuid REFERENCES api_keys (id) ON DELETE RESTRICT,
        operation text NOT NULL,
        CONSTRAINT audit_events_actor_known CHECK (actor IN ('API_KEY', 'CLI', 'STARTUP', 'SQL')),
        CONSTRAINT audit_events_api_key_iff_key CHECK ((actor = 'API_KEY') = (api_key_id IS NOT NULL)),
        CONSTRAINT audit_events_operation_present CHECK (btrim(operation) <> '')
      )`);
    await queryRunner.query(`CREATE INDEX audit_events_api_key_id_idx ON audit_events (api_key_id)`);
    await queryRunner.query(`
      CREATE TABLE audit_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id bigint NOT NULL REFERENCES audit_events (id) ON DELETE RESTRICT,
        table_name text NOT NULL,
        node_type text NOT NULL,
        node_id uuid NOT NULL,
        row_key jsonb NOT NULL,
        before jsonb,
        after jsonb,
        CONSTRAINT audit_changes_before_or_after CHECK (before IS NOT NULL OR after IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX audit_changes_event_id_idx ON audit_changes (event_id, id)`);
    await queryRunner.query(`CREATE INDEX audit_changes_node_id_idx ON audit_changes (node_id, event_id)`);

    await queryRunner.query(`
      CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'check_violation', CONSTRAINT = 'audit_append_only';
      END $$`);
    for (const table of ["audit_events", "audit_changes"]) {
      await queryRunner.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_is_append_only()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only()`);
    }

    // The transaction's event, created by its first change (so a no-op write leaves none).
    await queryRunner.query(`
      CREATE FUNCTION audit_event_id() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        event bigint := nullif(current_setting('interview_graph.audit_event', true), '')::bigint;
        actor text := nullif(current_setting('interview_graph.actor', true), '');
      BEGIN
        IF event IS NULL THEN
          INSERT INTO audit_events (actor, api_key_id, operation)
          VALUES (coalesce(actor, 'SQL'),
                  nullif(current_setting('interview_graph.api_key_id', true), '')::uuid,
                  coalesce(nullif(current_setting('interview_graph.operation', true), ''), 'sql by ' || current_user))
          RETURNING id INTO event;
          PERFORM set_config('interview_graph.audit_event', event::text, true);
        END IF;
        RETURN event;
      END $$`);
    await queryRunner.query(`
      CREATE ${AUDIT_ROW_KEY_ANY}`);
    // TG_ARGV: key columns, node type, node id column, columns ignored for change detection,
    // columns omitted from the record (all comma-separated).
    await queryRunner.query(`
      CREATE ${AUDIT_CAPTURE_PER_ROW_EVENT}`);
    for (const { table, key, nodeType, nodeColumn, ignored = "", omitted = "" } of AUDITED) {
      const args = [key, nodeType, nodeColumn, ignored, omitted].map((arg) => `'${arg}'`).join(", ");
      await queryRunner.query(`CREATE TRIGGER ${table}_audit_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_capture(${args})`);
      await queryRunner.query(
        `CREATE TRIGGER ${table}_audit_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_capture(${args})`,
      );
      await queryRunner.query(`CREATE TRIGGER ${table}_audit_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_capture(${args})`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table } of AUDITED) {
      for (const event of ["insert", "update", "delete"]) await queryRunner.query(`DROP TRIGGER ${table}_audit_${event} ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION audit_capture()`);
    await queryRunner.query(`DROP FUNCTION audit_row_key(jsonb, text[])`);
    await queryRunner.query(`DROP FUNCTION audit_event_id()`);
    await queryRunner.query(`DROP TABLE audit_changes`);
    await queryRunner.query(`DROP TABLE audit_events`);
    await queryRunner.query(`DROP FUNCTION audit_is_append_only()`);
    for (const table of VERSIONED) {
      await queryRunner.query(`DROP TRIGGER ${table}_bump_version ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN version`);
    }
    await queryRunner.query(`DROP FUNCTION bump_version()`);
  }
}
