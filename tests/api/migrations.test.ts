import { type TestDatabase, openTestDatabase } from "../support/test-database";
import { pendingMigrations, runPendingMigrations } from "../../src/db/migrations";

/**
 * The migrations are the schema; the entities must describe the same one, or
 * `npm run migration:generate` would draft changes nobody asked for.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db.close();
});

it("leaves no difference between the entities and the migrated database", async () => {
  const { upQueries } = await db.dataSource.driver.createSchemaBuilder().log();
  expect(upQueries.map((query) => query.query)).toEqual([]);
});

it("has nothing pending after start-up's migration run", async () => {
  expect(await pendingMigrations(db.dataSource)).toEqual([]);
  expect(await runPendingMigrations(db.dataSource)).toEqual([]);
});

it("reverts and re-applies every migration cleanly", async () => {
  for (let i = 0; i < db.dataSource.migrations.length; i++) await db.dataSource.undoLastMigration({ transaction: "each" });
  const tables = await db.dataSource.query<Array<{ tablename: string }>>(
    `select tablename from pg_tables where schemaname = current_schema() and tablename not in ('migrations', 'typeorm_metadata') order by 1`,
  );
  expect(tables).toEqual([]);
  expect(await pendingMigrations(db.dataSource)).toHaveLength(db.dataSource.migrations.length);
  expect(await runPendingMigrations(db.dataSource)).toHaveLength(db.dataSource.migrations.length);
  const { upQueries } = await db.dataSource.driver.createSchemaBuilder().log();
  expect(upQueries).toEqual([]);
});
