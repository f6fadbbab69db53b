import { isIP } from "node:net";
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

/** A comma-separated list, trimmed, empty items dropped. */
const commaList = (value: string | undefined): string[] => (value ?? "").split(",").map((item) => item.trim()).filter(Boolean);

/**
 * CORS_ORIGINS: `*` (any origin), or the origins a browser app may call from
 * (`https://app.example,http://localhost:3000`), each a scheme, host and optional port.
 */
const corsOrigins = z
  .string()
  .default("*")
  .transform((value, context): "*" | string[] => {
    if (value.trim() === "*") return "*";
    const origins = commaList(value);
    for (const origin of origins) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(origin);
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, "")) {
        context.addIssue({ code: "custom", message: `expected * or a list of origins such as https://app.example or http://localhost:3000; ${JSON.stringify(origin)} is not one` });
        return z.NEVER;
      }
    }
    return origins.map((origin) => origin.replace(/\/$/, ""));
  });

/**
 * TRUST_PROXY: which proxies in front of the gateway may name the client in X-Forwarded-For
 * (proxy-addr's model). `false` or `0`: none (the socket's peer is the client); a whole number N:
 * the N nearest hops; a list of addresses, subnets or proxy-addr's names (`loopback`,
 * `linklocal`, `uniquelocal`): those. `true` means one hop (the one proxy in front), never every
 * hop: trusting every hop lets a client name itself.
 */
const trustProxy = z
  .string()
  .default("false")
  .transform((value, context): number | string[] => {
    const trimmed = value.trim();
    if (["false", "no"].includes(trimmed)) return 0;
    if (["true", "yes"].includes(trimmed)) return 1;
    if (/^[0-9]+$/.test(trimmed)) {
      const hops = Number(trimmed);
      if (hops <= 32) return hops;
    }
    const addresses = commaList(trimmed);
    const invalid = addresses.find((address) => !isProxyAddress(address));
    if (addresses.length === 0 || invalid !== undefined) {
      context.addIssue({
        code: "custom",
        message: `expected false, a number of hops (0 to 32), or addresses and subnets of the proxies (loopback, 10.0.0.0/8, 192.168.1.7…)${invalid === undefined ? "" : `; ${JSON.stringify(invalid)} is none of these`}`,
      });
      return z.NEVER;
    }
    return addresses;
  });

/** Whether proxy-addr can compile an address, a subnet or one of its names. */
function isProxyAddress(address: string): boolean {
  if (["loopback", "linklocal", "uniquelocal"].includes(address)) return true;
  const [ip, bits, ...rest] = address.split("/");
  if (rest.length > 0 || ip === undefined || isIP(ip) === 0) return false;
  if (bits === undefined) return true;
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  return Number(bits) <= (isIP(ip) === 4 ? 32 : 128);
}

const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// or postgresql:// URL" })
  .transform((value) => value.trim());

const environmentSchema = z.object({
  HOST: z
    .string()
    .trim()
    .refine((value) => isIP(value) !== 0 || /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/.test(value), "expected an address or host name to listen on, such as 127.0.0.1, ::1, 0.0.0.0 or localhost")
    .optional(),
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
  PERSISTED_QUERIES_MANIFESTS: z.string().optional().transform(commaList),
  INTROSPECTION: z.enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" }).optional(),
  CORS_ORIGINS: corsOrigins,
  SQL_STATEMENTS_HEADER: z.enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" }).optional(),
  READINESS_DETAILS: booleanFlag(false),
  RESPONSE_CACHE: booleanFlag(true),
  CACHE_MAX_AGE_SECONDS: count(60, 0, 86_400),
  RATE_LIMIT_PER_MINUTE: count(600, 0, 10_000_000),
  RATE_LIMIT_PER_MINUTE_WITH_KEY: count(3_000, 0, 10_000_000),
  RATE_LIMIT_FAILED_AUTH_PER_MINUTE: count(20, 0, 10_000_000),
  MAX_BODY_BYTES: count(1_048_576, 1_024, 104_857_600),
  MAX_BATCH_SIZE: count(10, 1, 1_000),
  MAX_STATEMENTS_PER_REQUEST: count(50, 1, 100_000),
  MAX_QUEUED_STATEMENTS_PER_CLIENT: count(100, 0, 1_000_000),
  MAX_WAITING_STATEMENTS: count(200, 1, 1_000_000),
  MAX_REQUESTS_IN_FLIGHT_PER_CLIENT: count(64, 0, 100_000),
  STATEMENT_TIMEOUT_MS: count(10_000, 0, 3_600_000),
  PREPARED_STATEMENTS: booleanFlag(true),
  PLANNED_QUERY_TEXTS: count(32, 0, 10_000),
  DIRECT_FIELD_RESOLVERS: booleanFlag(true),
  SHUTDOWN_TIMEOUT_MS: count(10_000, 1_000, 600_000),
  TRUST_PROXY: trustProxy,
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

/** Every environment variable the gateway reads. */
export const ENVIRONMENT_VARIABLES = Object.keys(environmentSchema.shape);

/** How much one operation may ask for; refused before execution when it asks for more. */
export interface QueryLimits {
  /** The most an operation may cost (see apollo/query-limits.ts). */
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

/** An optional flag read as true or false, its default depending on NODE_ENV. */
const flagOr = (value: string | undefined, fallback: boolean): boolean => (value === undefined ? fallback : ["true", "1", "yes"].includes(value));

/**
 * Marks an issue about a combination of variables (not about one value): loadConfig names the
 * variable in its path without quoting its value.
 */
const COMBINATION = { combination: true } as const;

/**
 * The gateway's settings from the environment: each variable checked by environmentSchema, then
 * the rules across variables, then the settings built.
 */
const configSchema = environmentSchema
  .superRefine(
    (e, context) => {
      if (e.DATABASE_REPLICA_URLS.length > 0 && e.DATABASE_URL === undefined) {
        context.addIssue({ code: "custom", path: ["DATABASE_REPLICA_URLS"], message: "replicas need a primary; set DATABASE_URL too", params: COMBINATION });
      }
    },
    // Also when another variable is bad, so that one error names every problem.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .transform((e) => {
    // Annotated rather than `satisfies`: the settings' sub-objects are QueryLimits and RateLimits,
    // named, with those interfaces' doc comments on hover.
    const queryLimits: QueryLimits = { maxCost: e.MAX_QUERY_COST, maxDepth: e.MAX_QUERY_DEPTH, maxFields: e.MAX_QUERY_FIELDS };
    const rateLimits: RateLimits = {
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      perMinuteWithKey: e.RATE_LIMIT_PER_MINUTE_WITH_KEY,
      failedAuthPerMinute: e.RATE_LIMIT_FAILED_AUTH_PER_MINUTE,
    };
    return {
      /** The address to listen on; undefined is every interface (Node's default: `::`, or `0.0.0.0` without IPv6). */
      host: e.HOST,
      /** HTTP port; 0 picks a free one (tests). */
      port: e.PORT,
      /** The primary PostgreSQL server; undefined means the embedded PGlite database. */
      databaseUrl: e.DATABASE_URL,
      /** Read replicas: queries read from them, writes and migrations go to the primary. */
      databaseReplicaUrls: e.DATABASE_REPLICA_URLS,
      /** The embedded database's data folder, or `memory://` for a throwaway one. */
      pgliteDataDir: e.PGLITE_DATA_DIR,
      /** Run pending migrations at start-up. */
      migrateOnStart: e.MIGRATE_ON_START,
      /** Load every bundle in `content/` when the database holds no source yet. */
      loadContentOnEmpty: e.LOAD_CONTENT_ON_EMPTY,
      /** Refuse requests without a valid API key, reads included (writes always need one). */
      requireKeyForReads: e.REQUIRE_KEY_FOR_READS,
      /** The shared store for caches and rate limits; undefined keeps them in this process's memory. */
      redisUrl: e.REDIS_URL,
      queryLimits,
      /** Run only trusted operations (the project's manifest and those of `persistedQueryManifests`), by hash or text. */
      persistedQueriesOnly: e.PERSISTED_QUERIES_ONLY,
      /** Manifests of more trusted operations: Apollo's persisted-query manifest or GraphQL Code Generator's persisted documents. */
      persistedQueryManifests: e.PERSISTED_QUERIES_MANIFESTS,
      /** Answer introspection queries (Sandbox, GraphiQL, codegen): on unless NODE_ENV=production, as Apollo does. */
      introspection: flagOr(e.INTROSPECTION, e.NODE_ENV !== "production"),
      /** The origins browser apps may call from: `*` for any (no request is authenticated by a cookie), or a list. */
      corsOrigins: e.CORS_ORIGINS,
      /** Say how many SQL statements a request ran (x-sql-statements) to anyone, not only to key holders: on unless NODE_ENV=production. */
      sqlStatementsHeader: flagOr(e.SQL_STATEMENTS_HEADER, e.NODE_ENV !== "production"),
      /** /readyz says why the database is unreachable (its error: host, port): off by default. */
      readinessDetails: e.READINESS_DETAILS,
      /** Cache whole responses of public reads. */
      responseCache: e.RESPONSE_CACHE,
      /** How long public reads may be cached (response cache, Cache-Control), in seconds. */
      cacheMaxAgeSeconds: e.CACHE_MAX_AGE_SECONDS,
      rateLimits,
      /** The largest request body, in bytes. */
      maxBodyBytes: e.MAX_BODY_BYTES,
      /** The most operations one batched request may hold. */
      maxBatchSize: e.MAX_BATCH_SIZE,
      /** The most SQL statements one request may run (a batch's operations together). */
      maxStatementsPerRequest: e.MAX_STATEMENTS_PER_REQUEST,
      /** Fair use of the database: how many of each client's turns may wait, and all clients' together (past either: 503 OVERLOADED). */
      admission: { queuedPerClient: e.MAX_QUEUED_STATEMENTS_PER_CLIENT, waiting: e.MAX_WAITING_STATEMENTS },
      /** The most requests one client address may have in flight at once (past it: 429); 0 turns the cap off. */
      maxRequestsInFlightPerClient: e.MAX_REQUESTS_IN_FLIGHT_PER_CLIENT,
      /** PostgreSQL's statement_timeout for the server's queries, in ms; 0 for none. */
      statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
      /** Reads run as named (prepared) statements on PostgreSQL; off behind a pooler that cannot keep them (PgBouncer's transaction mode before 1.21). */
      preparedStatements: e.PREPARED_STATEMENTS,
      /**
       * How many statements planned from queries sent as text (not trusted) may be prepared, per
       * process: a text asked for a few times is planned into one statement, as a trusted
       * operation is, and takes one of these names; past them, texts run through the resolvers.
       * 0 answers every text through the resolvers. Only with prepared statements.
       */
      plannedQueryTexts: e.PREPARED_STATEMENTS ? e.PLANNED_QUERY_TEXTS : 0,
      /** Call argument-less field resolvers directly, not through TypeGraphQL's handler (graphql/schema.ts): the same answers, less CPU; off is TypeGraphQL's own path. */
      directFieldResolvers: e.DIRECT_FIELD_RESOLVERS,
      /** How long shutdown may take (draining requests, closing pools), in ms. */
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      /** The proxies whose X-Forwarded-For names the client (rate limits, logs): a number of hops (0: none), or their addresses and subnets. */
      trustProxy: e.TRUST_PROXY,
      /** Where to send OpenTelemetry traces (OTLP over HTTP); undefined sends none. */
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      logLevel: e.LOG_LEVEL,
      nodeEnv: e.NODE_ENV,
    };
  });

/** The gateway's settings, read once from the environment and validated. */
export type Config = z.output<typeof configSchema>;

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
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return issue.code === "custom" && issue.params?.combination === true ? `${name}: ${issue.message}` : `${name}=${JSON.stringify(present[name])}: ${issue.message}`;
    }),
  );
}
