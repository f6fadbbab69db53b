import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PROJECT_ROOT } from "../project";
import { runPendingMigrations } from "../db/migrations";
import { runWithDatabase } from "./run-cli";

/**
 * `npm run migration:generate -- name`: applies the migrations, compares the database with the
 * entities and writes the difference as a new migration to read, edit and commit. TypeORM does
 * not see triggers, checks or generated columns: the draft is a start, never the last word.
 */
runWithDatabase(async (database) => {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
    console.error("usage: npm run migration:generate -- kebab-case-name");
    return 2;
  }
  await runPendingMigrations(database.dataSource);
  const { upQueries, downQueries } = await database.dataSource.driver.createSchemaBuilder().log();
  if (upQueries.length === 0) {
    console.log("the entities match the migrations: nothing to generate");
    return 0;
  }
  const timestamp = Date.now();
  const className = name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()) + timestamp;
  const lines = (queries: Array<{ query: string }>) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q.query)});`).join("\n");
  const file = join(PROJECT_ROOT, "migrations", `${timestamp}-${name}.ts`);
  await writeFile(
    file,
    `import { type MigrationInterface, type QueryRunner } from "typeorm";

export class ${className} implements MigrationInterface {
  name = "${className}";

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(upQueries)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines([...downQueries].reverse())}
  }
}
`,
  );
  console.log(`wrote ${file}: read it, then list it in MIGRATIONS (src/database.ts)`);
  return 0;
});
