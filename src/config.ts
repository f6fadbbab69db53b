import { z } from "zod";

/** Where the gateway keeps its data when no DATABASE_URL is given: an embedded PGlite folder, or memory. */
export const DEFAULT_PGLITE_DATA_DIR = ".data/pglite";

const booleanFlag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" })
    .optional()
    .transform((value) => (value === undefined ? fallback : ["true", "1", "yes"].includes(value)));

const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// or postgresql:// URL" })
  .transform((value) => value.trim());

const environmentSchema = z.object({
  PORT: z.coerce
    .number({ error: "expected a port number" })
    .int("expected a whole number")
    .min(0, "expected a port between 0 and 65535")
    .max(65535, "expected a port between 0 and 65535")
    .default(4000),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_REPLICA_URLS: z
    .string()
    .optional()
    .transform((value) => (value ?? "").split(",").map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(postgresUrl)),
  PGLITE_DATA_DIR: z.string().min(1, "must not be empty").default(DEFAULT_PGLITE_DATA_DIR),
  MIGRATE_ON_START: booleanFlag(true),
  LOAD_CONTENT_ON_EMPTY: booleanFlag(true),
  REQUIRE_KEY_FOR_READS: booleanFlag(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

/** Every environment variable the gateway reads. */
export const ENVIRONMENT_VARIABLES = Object.keys(environmentSchema.shape);

/** The gateway's settings, read once from the environment and validated. */
export interface Config {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  /** The primary PostgreSQL server; undefined means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Read replicas: queries read from them, writes and migrations go to the primary. */
  databaseReplicaUrls: string[];
  /** The embedded database's data folder, or `memory://` for a throwaway one. */
  pgliteDataDir: string;
  /** Run pending migrations at start-up. */
  migrateOnStart: boolean;
  /** Load every bundle in `content/` when the database holds no source yet. */
  loadContentOnEmpty: boolean;
  /** Refuse requests without a valid API key, reads included (writes always need one). */
  requireKeyForReads: boolean;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  nodeEnv: "development" | "production" | "test";
}

/** Thrown when an environment variable is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the environment; empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(environmentSchema.shape)
      .map((name) => [name, env[name]])
      .filter(([, value]) => value !== undefined && value !== ""),
  ) as Record<string, string>;
  const parsed = environmentSchema.safeParse(present);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${name}=${JSON.stringify(present[name])}: ${issue.message}`;
      });
  if (present.DATABASE_REPLICA_URLS !== undefined && present.DATABASE_URL === undefined) {
    problems.push("DATABASE_REPLICA_URLS: replicas need a primary; set DATABASE_URL too");
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrls: e.DATABASE_REPLICA_URLS,
    pgliteDataDir: e.PGLITE_DATA_DIR,
    migrateOnStart: e.MIGRATE_ON_START,
    loadContentOnEmpty: e.LOAD_CONTENT_ON_EMPTY,
    requireKeyForReads: e.REQUIRE_KEY_FOR_READS,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
  };
}
