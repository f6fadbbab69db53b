import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type DataSource } from "typeorm";
import { PROJECT_ROOT } from "../project";
import { runPendingMigrations } from "../db/migrations";
import { type TriggeredTable } from "../db/table-triggers";
import { VersionedNode } from "../graphql/versioned-node";
import { runWithDatabase } from "./run-cli";

/**
 * `npm run migration:generate -- name`: applies the migrations, compares the database with the
 * entities and writes the difference as a new migration to read, edit and commit. A new table of
 * a versioned entity (one that extends VersionedNode) gets its version and audit triggers
 * (db/table-triggers.ts). TypeORM does not see checks' meanings or generated columns: the draft
 * is a start, never the last word.
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
  const triggered = newVersionedTables(database.dataSource, upQueries);
  const triggerLines = (call: string) => triggered.map(({ table, nodeType }) => `\n    await ${call}(queryRunner, { table: ${JSON.stringify(table)}, nodeType: ${JSON.stringify(nodeType)}, versioned: true });`).join("");
  const file = join(PROJECT_ROOT, "migrations", `${timestamp}-${name}.ts`);
  await writeFile(
    file,
    `import { type MigrationInterface, type QueryRunner } from "typeorm";${triggered.length > 0 ? `\nimport { dropTableTriggers, installTableTriggers } from "../src/db/table-triggers";` : ""}

export class ${className} implements MigrationInterface {
  name = "${className}";

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(upQueries)}${triggerLines("installTableTriggers")}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${triggerLines("dropTableTriggers")}${triggered.length > 0 ? "\n" : ""}${lines([...downQueries].reverse())}
  }
}
`,
  );
  console.log(`wrote ${file}: read it, then list it in MIGRATIONS (src/db/database.ts)`);
  return 0;
});

/** The versioned entities whose tables the migration creates: each needs its triggers. */
function newVersionedTables(dataSource: DataSource, upQueries: Array<{ query: string }>): TriggeredTable[] {
  const created = new Set(upQueries.map((q) => /^CREATE TABLE "([a-z_0-9]+)"/.exec(q.query)?.[1]).filter((table) => table !== undefined));
  return dataSource.entityMetadatas
    .filter((metadata) => created.has(metadata.tableName) && typeof metadata.target === "function" && metadata.target.prototype instanceof VersionedNode)
    .map((metadata) => ({ table: metadata.tableName, nodeType: (metadata.target as typeof VersionedNode).nodeType, versioned: true }));
}
