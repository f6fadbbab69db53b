import { type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Slugs compare byte by byte (collation "C"): they are ASCII keys, and lists ordered by slug
 * (people, companies, sources, and quotes in source order) must come out in the same order on
 * every server, whatever its locale. Their unique indexes are rebuilt with the new collation,
 * so keyset pages on slug stay index scans.
 */
const TABLES = ["people", "companies", "topics", "sources"] as const;

export class SlugsCollateC1764200000000 implements MigrationInterface {
  name = "SlugsCollateC1764200000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN slug TYPE text COLLATE "C"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN slug TYPE text COLLATE "default"`);
  }
}
