import { type QueryRunner } from "typeorm";

/** A table whose rows the database versions and the audit trail records. */
export interface TriggeredTable {
  table: string;
  /** The GraphQL type of the node a change belongs to (`Person`). */
  nodeType: string;
  /** The columns that identify a row in the trail, one or two of them; `id` unless given. */
  key?: readonly string[];
  /** The column holding the node's id; `id` unless given (a link table names its owner's). */
  nodeColumn?: string;
  /** Rows carry a `version` (and `updated_at`) that every update raises. */
  versioned: boolean;
  /** Columns whose change alone is not worth an audit event (`last_used_at`). */
  ignored?: readonly string[];
  /** Columns never copied into the trail (a key's hash). */
  omitted?: readonly string[];
}

const EVENTS = ["insert", "update", "delete", "truncate"] as const;

/**
 * Installs a table's triggers, as a migration that creates the table must: the version bump
 * (versioned tables) and the audit trail's capture of inserts, updates, deletes and truncation,
 * which also announces every write to the other copies of the gateway (NOTIFY
 * interview_graph_writes, through the transaction's audit event). The functions they call were
 * created by the migrations versions-and-audit, notify-writes and audit-truncate.
 * `npm run migration:generate` adds this call for a new versioned entity's table, and
 * tests/api/features.test.ts checks that every audited table has these triggers.
 */
export async function installTableTriggers(queryRunner: QueryRunner, spec: TriggeredTable): Promise<void> {
  const { table } = spec;
  // audit_row_key is an expression PostgreSQL inlines, for one or two columns (cheaper-write-checks).
  if (spec.key !== undefined && (spec.key.length < 1 || spec.key.length > 2)) throw new Error(`${table}: the audit trail keys a row by one or two columns, not ${spec.key.length}`);
  if (spec.versioned) await queryRunner.query(`CREATE TRIGGER ${table}_bump_version BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION bump_version()`);
  const args = [(spec.key ?? ["id"]).join(","), spec.nodeType, spec.nodeColumn ?? "id", (spec.ignored ?? []).join(","), (spec.omitted ?? []).join(",")].map((arg) => `'${arg}'`).join(", ");
  const capture = `FOR EACH STATEMENT EXECUTE FUNCTION audit_capture(${args})`;
  await queryRunner.query(`CREATE TRIGGER ${table}_audit_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows ${capture}`);
  await queryRunner.query(`CREATE TRIGGER ${table}_audit_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows ${capture}`);
  await queryRunner.query(`CREATE TRIGGER ${table}_audit_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows ${capture}`);
  await queryRunner.query(`CREATE TRIGGER ${table}_audit_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate(${args})`);
}

/** Drops what {@link installTableTriggers} installed (a migration's `down`). */
export async function dropTableTriggers(queryRunner: QueryRunner, spec: TriggeredTable): Promise<void> {
  for (const event of EVENTS) await queryRunner.query(`DROP TRIGGER ${spec.table}_audit_${event} ON ${spec.table}`);
  if (spec.versioned) await queryRunner.query(`DROP TRIGGER ${spec.table}_bump_version ON ${spec.table}`);
}
