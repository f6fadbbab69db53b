import { type MigrationInterface, type QueryRunner } from "typeorm";
import { AUDITED } from "./1764300000000-versions-and-audit";

/**
 * TRUNCATE is audited like DELETE. It fires no row or DELETE trigger, so a `TRUNCATE quotes`
 * run with psql left no trace in the audit trail, nothing to revert, and no announcement: every
 * copy of the gateway went on serving its cached answers. Now a statement trigger records every
 * row of each truncated table (those a CASCADE reaches too) as removed, under the transaction's
 * audit event, which announces the write as every write does (NOTIFY interview_graph_writes);
 * `revertAuditEvent` puts the rows back. What the trail still cannot see: a superuser who turns
 * triggers off (`session_replication_role = replica`, `ALTER TABLE … DISABLE TRIGGER`).
 */
export class AuditTruncate1764500000000 implements MigrationInterface {
  name = "AuditTruncate1764500000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    // TG_ARGV as audit_capture's: key columns, node type, node id column, ignored columns, omitted columns.
    await queryRunner.query(`
      CREATE FUNCTION audit_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        key_columns text[] := string_to_array(TG_ARGV[0], ',');
        node_type text := TG_ARGV[1];
        node_column text := TG_ARGV[2];
        omitted text[] := ARRAY['search'] || string_to_array(TG_ARGV[4], ',');
      BEGIN
        EXECUTE format(
          'INSERT INTO audit_changes (event_id, table_name, node_type, node_id, row_key, before, after)
           SELECT audit_event_id(), %L, %L, (o.j ->> %L)::uuid, audit_row_key(o.j, %L::text[]), o.j - %L::text[], NULL
             FROM (SELECT to_jsonb(r) AS j FROM %I.%I r) o',
          TG_TABLE_NAME, node_type, node_column, key_columns, omitted, TG_TABLE_SCHEMA, TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const { table, key, nodeType, nodeColumn, ignored = "", omitted = "" } of AUDITED) {
      const args = [key, nodeType, nodeColumn, ignored, omitted].map((arg) => `'${arg}'`).join(", ");
      await queryRunner.query(`CREATE TRIGGER ${table}_audit_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate(${args})`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table } of AUDITED) await queryRunner.query(`DROP TRIGGER ${table}_audit_truncate ON ${table}`);
    await queryRunner.query(`DROP FUNCTION audit_truncate()`);
  }
}
