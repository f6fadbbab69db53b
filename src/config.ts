import { z } from "zod";

/** Where the gateway keeps its data when no DATABASE_URL is given: an embedded PGlite folder, or memory. */
export const DEFAULT_PGLITE_DATA_DIR = ".data/pglite";

const booleanFlag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" })
    .optional()
    .transform((value) => (value === undefined ? fallback : ["true", "1", "yes"].includes(value)));

/** A whole number from `min` to `max`, with a default. */
const count = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: "expected a whole number" })
    .int("expected a whole number")
    .min(min, `expected a whole number from ${min} to ${max}`)
    .max(max, `expected a whole number from ${min} to ${max}`)
    .default(fallback);

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
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "expected a redis:// or rediss:// URL" }).optional(),
  MAX_QUERY_COST: count(20_000, 1, 10_000_000),
  MAX_QUERY_DEPTH: count(12, 1, 100),
  MAX_QUERY_FIELDS: count(500, 1, 100_000),
  PERSISTED_QUERIES_ONLY: booleanFlag(false),
  RESPONSE_CACHE: booleanFlag(true),
  CACHE_MAX_AGE_SECONDS: count(60, 0, 86_400),
  RATE_LIMIT_PER_MINUTE: count(600, 0, 10_000_000),
  RATE_LIMIT_PER_MINUTE_WITH_KEY: count(3_000, 0, 10_000_000),
  RATE_LIMIT_FAILED_AUTH_PER_MINUTE: count(20, 0, 10_000_000),
  MAX_BODY_BYTES: count(1_048_576, 1_024, 104_857_600),
  MAX_BATCH_SIZE: count(10, 1, 1_000),
  STATEMENT_TIMEOUT_MS: count(10_000, 0, 3_600_000),
  PREPARED_STATEMENTS: booleanFlag(true),
  SHUTDOWN_TIMEOUT_MS: count(10_000, 1_000, 600_000),
  TRUST_PROXY: booleanFlag(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

/** Every environment variable the gateway reads. */
export const ENVIRONMENT_VARIABLES = Object.keys(environmentSchema.shape);

/** How much one operation may ask for; refused before execution when it asks for more. */
export interface QueryLimits {
  /** The most an operation may cost (see limits/query-cost.ts). */
  maxCost: number;
  /** The deepest nesting of fields. */
  maxDepth: number;
  /** The most fields one operation may select, aliases and fragments counted. */
  maxFields: number;
}

/** Requests per minute; 0 turns a limit off. */
export interface RateLimits {
  /** Per client address, without an API key. */
  perMinute: number;
  /** Per API key. */
  perMinuteWithKey: number;
  /** Requests with a bad API key, per client address (slows down key guessing). */
  failedAuthPerMinute: number;
}

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
  /** The shared store for caches and rate limits; undefined keeps them in this process's memory. */
  redisUrl: string | undefined;
  queryLimits: QueryLimits;
  /** Run only the trusted operations of schema/operations/, by hash. */
  persistedQueriesOnly: boolean;
  /** Cache whole responses of public reads. */
  responseCache: boolean;
  /** How long public reads may be cached (response cache, Cache-Control), in seconds. */
  cacheMaxAgeSeconds: number;
  rateLimits: RateLimits;
  /** The largest request body, in bytes. */
  maxBodyBytes: number;
  /** The most operations one batched request may hold. */
  maxBatchSize: number;
  /** PostgreSQL's statement_timeout for the server's queries, in ms; 0 for none. */
  statementTimeoutMs: number;
  /** Reads run as named (prepared) statements on PostgreSQL; off behind a pooler that cannot keep them (PgBouncer's transaction mode before 1.21). */
  preparedStatements: boolean;
  /** How long shutdown may take (draining requests, closing pools), in ms. */
  shutdownTimeoutMs: number;
  /** Behind a proxy: take the client address from X-Forwarded-For (for rate limits and logs). */
  trustProxy: boolean;
  /** Where to send OpenTelemetry traces (OTLP over HTTP); undefined sends none. */
  otlpEndpoint: string | undefined;
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
    redisUrl: e.REDIS_URL,
    queryLimits: { maxCost: e.MAX_QUERY_COST, maxDepth: e.MAX_QUERY_DEPTH, maxFields: e.MAX_QUERY_FIELDS },
    persistedQueriesOnly: e.PERSISTED_QUERIES_ONLY,
    responseCache: e.RESPONSE_CACHE,
    cacheMaxAgeSeconds: e.CACHE_MAX_AGE_SECONDS,
    rateLimits: {
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      perMinuteWithKey: e.RATE_LIMIT_PER_MINUTE_WITH_KEY,
      failedAuthPerMinute: e.RATE_LIMIT_FAILED_AUTH_PER_MINUTE,
    },
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxBatchSize: e.MAX_BATCH_SIZE,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    preparedStatements: e.PREPARED_STATEMENTS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
  };
}
