import { type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Names, titles and labels are refused when blank by the rule the API and the bundles apply:
 * JavaScript's `trim()` leaves nothing (src/domain/rules.ts, src/db/text-checks.ts). The checks
 * were `btrim(x) <> ''`, which trims spaces only, so a name of tabs or no-break spaces written
 * with SQL passed the database's check though the API and the bundles refuse it. A row that
 * breaks the new rule fails this migration, naming its constraint: fix it, then migrate.
 */
const TRIMMED_SPACE = "\\u0009-\\u000d\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

const CHECKS: ReadonlyArray<readonly [table: string, constraint: string, column: string]> = [
  ["people", "people_name_present", "name"],
  ["companies", "companies_name_present", "name"],
  ["topics", "topics_name_present", "name"],
  ["sources", "sources_title_present", "title"],
  ["api_keys", "api_keys_label_present", "label"],
  ["audit_events", "audit_events_operation_present", "operation"],
];

export class NamesNotBlank1764700000000 implements MigrationInterface {
  name = "NamesNotBlank1764700000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, constraint, column] of CHECKS) {
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}, ADD CONSTRAINT ${constraint} CHECK (${column} ~ '[^${TRIMMED_SPACE}]')`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, constraint, column] of CHECKS) {
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}, ADD CONSTRAINT ${constraint} CHECK (btrim(${column}) <> '')`);
    }
  }
}
