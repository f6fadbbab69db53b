import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { type DataSource } from "typeorm";
import { type Config, loadConfig } from "../../src/config";
import { type Database, openDatabase } from "../../src/db/database";
import { createLogger, type Logger } from "../../src/logger";
import { runPendingMigrations } from "../../src/db/migrations";
import { newEmbeddedDataFolder, temporaryEmbeddedDataFolder } from "./embedded-template";
import { FEATURES } from "../../src/features";

export const silentLogger: Logger = createLogger({ logLevel: "silent", nodeEnv: "test" });

/** A database of a test file's own, migrated, on DATABASE_URL's server or an embedded PGlite. */
export interface TestDatabase {
  config: Config;
  database: Database;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The settings for a throwaway database: on a server (DATABASE_URL) a new database of its own
 * is created, so test files run concurrently without seeing each other's rows; embedded, a new
 * data folder (in the folder that `overrides.pgliteDataDir` names, which its caller removes, or
 * in a temporary one that `drop` removes).
 */
export async function createTestConfig(overrides: Partial<Config> = {}): Promise<{ config: Config; drop: () => Promise<void> }> {
  const base = loadConfig({ ...process.env, NODE_ENV: "test", PORT: "0" });
  if (base.databaseUrl === undefined) {
    if (overrides.pgliteDataDir !== undefined) {
      await newEmbeddedDataFolder(overrides.pgliteDataDir);
      return { config: { ...base, ...overrides }, drop: async () => {} };
    }
    const folder = await temporaryEmbeddedDataFolder("ig-test-");
    return { config: { ...base, pgliteDataDir: folder.path, ...overrides }, drop: folder.remove };
  }
  const name = `ig_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(base.databaseUrl, `create database ${name}`);
  const url = new URL(base.databaseUrl);
  url.pathname = `/${name}`;
  return {
    config: { ...base, databaseUrl: url.toString(), ...overrides },
    drop: () => adminQuery(base.databaseUrl ?? "", `drop database if exists ${name} with (force)`),
  };
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const { config, drop } = await createTestConfig();
  const database = await openDatabase(config, silentLogger, FEATURES.entities);
  await runPendingMigrations(database.dataSource);
  return {
    config,
    database,
    dataSource: database.dataSource,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
