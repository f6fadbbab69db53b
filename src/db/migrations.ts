import { type DataSource } from "typeorm";

/** Applies pending migrations, each in its own transaction; returns the names applied. */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: "each" });
  return applied.map((migration) => migration.name);
}

/** The migrations that exist in code but not yet in the database. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner("master");
  try {
    const table = dataSource.options.migrationsTableName ?? "migrations";
    const [{ exists }] = (await queryRunner.query(`select to_regclass($1) is not null as exists`, [table])) as [{ exists: boolean }];
    const done = exists ? ((await queryRunner.query(`select name from ${table}`)) as Array<{ name: string }>).map((row) => row.name) : [];
    return dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name).filter((name) => !done.includes(name));
  } finally {
    await queryRunner.release();
  }
}
