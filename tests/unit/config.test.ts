/**
 * loadConfig: the environment read once into a typed, validated object. No database needed.
 */
import { ConfigError, DEFAULT_PGLITE_DATA_DIR, loadConfig } from "../../src/config";

/** The ConfigError loadConfig throws for `env`, failing the test if it returns or throws anything else. */
function rejection(env: NodeJS.ProcessEnv): ConfigError {
  let config: unknown;
  try {
    config = loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected, got ${JSON.stringify(config)}`);
}

describe("loadConfig", () => {
  it("gives the documented defaults for an empty environment", () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      databaseUrl: undefined,
      databaseReplicaUrls: [],
      pgliteDataDir: ".data/pglite",
      migrateOnStart: true,
      loadContentOnEmpty: true,
      requireKeyForReads: false,
      redisUrl: undefined,
      queryLimits: { maxCost: 20_000, maxDepth: 12, maxFields: 500 },
      persistedQueriesOnly: false,
      responseCache: true,
      cacheMaxAgeSeconds: 60,
      rateLimits: { perMinute: 600, perMinuteWithKey: 3_000, failedAuthPerMinute: 20 },
      maxBodyBytes: 1_048_576,
      maxBatchSize: 10,
      maxStatementsPerRequest: 50,
      admission: { queuedPerClient: 100, waiting: 200 },
      maxRequestsInFlightPerClient: 64,
      statementTimeoutMs: 10_000,
      preparedStatements: true,
      plannedQueryTexts: 32,
      directFieldResolvers: true,
      shutdownTimeoutMs: 10_000,
      trustProxy: 0,
      persistedQueryManifests: [],
      introspection: true,
      corsOrigins: "*",
      sqlStatementsHeader: true,
      readinessDetails: false,
      otlpEndpoint: undefined,
      logLevel: "info",
      nodeEnv: "development",
    });
    expect(DEFAULT_PGLITE_DATA_DIR).toBe(".data/pglite");
  });

  it("ignores variables it does not read", () => {
    expect(loadConfig({ HOME: "/root", FOO: "bar", REDIS_URLX: "nope" })).toEqual(loadConfig({}));
  });

  it("parses every variable", () => {
    expect(
      loadConfig({
        PORT: "8080",
        DATABASE_URL: "postgres://user:secret@db.example:5432/graph",
        DATABASE_REPLICA_URLS: "postgres://r1.example/graph",
        PGLITE_DATA_DIR: "memory://",
        MIGRATE_ON_START: "false",
        LOAD_CONTENT_ON_EMPTY: "0",
        REQUIRE_KEY_FOR_READS: "yes",
        REDIS_URL: "redis://cache.example:6379/2",
        MAX_QUERY_COST: "5000",
        MAX_QUERY_DEPTH: "8",
        MAX_QUERY_FIELDS: "100",
        PERSISTED_QUERIES_ONLY: "true",
        RESPONSE_CACHE: "false",
        CACHE_MAX_AGE_SECONDS: "0",
        RATE_LIMIT_PER_MINUTE: "0",
        RATE_LIMIT_PER_MINUTE_WITH_KEY: "100",
        RATE_LIMIT_FAILED_AUTH_PER_MINUTE: "5",
        MAX_BODY_BYTES: "2048",
        MAX_BATCH_SIZE: "1",
        MAX_STATEMENTS_PER_REQUEST: "20",
        MAX_QUEUED_STATEMENTS_PER_CLIENT: "5",
        MAX_WAITING_STATEMENTS: "50",
        MAX_REQUESTS_IN_FLIGHT_PER_CLIENT: "4",
        SQL_STATEMENTS_HEADER: "yes",
        READINESS_DETAILS: "true",
        STATEMENT_TIMEOUT_MS: "0",
        PREPARED_STATEMENTS: "false",
        DIRECT_FIELD_RESOLVERS: "false",
        SHUTDOWN_TIMEOUT_MS: "5000",
        TRUST_PROXY: "loopback, 10.0.0.0/8,fd00::1",
        PERSISTED_QUERIES_MANIFESTS: "clients/persisted-documents.json, /srv/apollo-manifest.json",
        INTROSPECTION: "true",
        CORS_ORIGINS: "https://app.example, http://localhost:3000/",
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector.example:4318",
        LOG_LEVEL: "debug",
        NODE_ENV: "production",
      }),
    ).toEqual({
      port: 8080,
      databaseUrl: "postgres://user:secret@db.example:5432/graph",
      databaseReplicaUrls: ["postgres://r1.example/graph"],
      pgliteDataDir: "memory://",
      migrateOnStart: false,
      loadContentOnEmpty: false,
      requireKeyForReads: true,
      redisUrl: "redis://cache.example:6379/2",
      queryLimits: { maxCost: 5000, maxDepth: 8, maxFields: 100 },
      persistedQueriesOnly: true,
      responseCache: false,
      cacheMaxAgeSeconds: 0,
      rateLimits: { perMinute: 0, perMinuteWithKey: 100, failedAuthPerMinute: 5 },
      maxBodyBytes: 2048,
      maxBatchSize: 1,
      maxStatementsPerRequest: 20,
      admission: { queuedPerClient: 5, waiting: 50 },
      maxRequestsInFlightPerClient: 4,
      statementTimeoutMs: 0,
      preparedStatements: false,
      plannedQueryTexts: 0,
      directFieldResolvers: false,
      shutdownTimeoutMs: 5000,
      trustProxy: ["loopback", "10.0.0.0/8", "fd00::1"],
      persistedQueryManifests: ["clients/persisted-documents.json", "/srv/apollo-manifest.json"],
      introspection: true,
      corsOrigins: ["https://app.example", "http://localhost:3000"],
      sqlStatementsHeader: true,
      readinessDetails: true,
      otlpEndpoint: "http://collector.example:4318",
      logLevel: "debug",
      nodeEnv: "production",
    });
  });

  it("says how many SQL statements a request ran to anyone unless in production, where only key holders are told", () => {
    expect(loadConfig({ NODE_ENV: "production" }).sqlStatementsHeader).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", SQL_STATEMENTS_HEADER: "true" }).sqlStatementsHeader).toBe(true);
  });

  it("turns introspection off in production unless INTROSPECTION says otherwise", () => {
    expect(loadConfig({ NODE_ENV: "production" }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", INTROSPECTION: "true" }).introspection).toBe(true);
    expect(loadConfig({ INTROSPECTION: "false" }).introspection).toBe(false);
  });

  it.each([
    ["false", 0],
    ["0", 0],
    ["true", 1],
    ["3", 3],
    ["127.0.0.1", ["127.0.0.1"]],
    ["uniquelocal, 192.168.0.0/16", ["uniquelocal", "192.168.0.0/16"]],
  ] as Array<[string, number | string[]]>)("reads TRUST_PROXY=%s as %j (hops, or the proxies' addresses)", (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(["127.0.0.1", "::1", "0.0.0.0", "::", "localhost", "gateway.internal", "fe80::1"])("accepts HOST=%s, the address to listen on", (host) => {
    expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it("listens on every interface when HOST is unset or empty", () => {
    expect(loadConfig({}).host).toBeUndefined();
    expect(loadConfig({ HOST: "" }).host).toBeUndefined();
  });

  it("accepts port 0 (a free port) and 65535", () => {
    expect(loadConfig({ PORT: "0" }).port).toBe(0);
    expect(loadConfig({ PORT: "65535" }).port).toBe(65535);
  });

  it.each([
    ["true", true],
    ["1", true],
    ["false", false],
    ["0", false],
  ])("reads the flag value %s as %s", (value, expected) => {
    const config = loadConfig({ MIGRATE_ON_START: value, LOAD_CONTENT_ON_EMPTY: value });
    expect(config.migrateOnStart).toBe(expected);
    expect(config.loadContentOnEmpty).toBe(expected);
  });

  it("reads the two flags independently", () => {
    expect(loadConfig({ MIGRATE_ON_START: "false" })).toMatchObject({ migrateOnStart: false, loadContentOnEmpty: true });
    expect(loadConfig({ LOAD_CONTENT_ON_EMPTY: "false" })).toMatchObject({ migrateOnStart: true, loadContentOnEmpty: false });
  });

  it.each(["postgres://db.example/graph", "postgresql://db.example:6543/graph?sslmode=require"])("accepts the database URL %s", (url) => {
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it("splits the replica list on commas and trims the spaces around each URL", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://primary.example/graph",
      DATABASE_REPLICA_URLS: " postgres://r1.example/graph , postgresql://r2.example:5433/graph,, ",
    });
    expect(config.databaseReplicaUrls).toEqual(["postgres://r1.example/graph", "postgresql://r2.example:5433/graph"]);
  });

  it.each(["fatal", "error", "warn", "info", "debug", "trace", "silent"])("accepts the log level %s", (level) => {
    expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
  });

  it.each(["development", "production", "test"])("accepts NODE_ENV=%s", (nodeEnv) => {
    expect(loadConfig({ NODE_ENV: nodeEnv }).nodeEnv).toBe(nodeEnv);
  });

  it("treats empty strings as unset", () => {
    expect(
      loadConfig({
        PORT: "",
        DATABASE_URL: "",
        DATABASE_REPLICA_URLS: "",
        PGLITE_DATA_DIR: "",
        MIGRATE_ON_START: "",
        LOAD_CONTENT_ON_EMPTY: "",
        LOG_LEVEL: "",
        NODE_ENV: "",
      }),
    ).toEqual(loadConfig({}));
  });

  it("does not mind an empty replica list without a primary", () => {
    expect(loadConfig({ DATABASE_REPLICA_URLS: "" }).databaseReplicaUrls).toEqual([]);
  });

  it("does not mind a replica list of only commas and spaces without a primary (it names no replica)", () => {
    expect(loadConfig({ DATABASE_REPLICA_URLS: " , ," }).databaseReplicaUrls).toEqual([]);
  });

  describe("rejects invalid values with a ConfigError naming the variable", () => {
    it.each([
      ["HOST", "http://127.0.0.1"],
      ["HOST", "127.0.0.1:4000"],
      ["HOST", "a host"],
      ["HOST", "..."],
      ["PORT", "abc"],
      ["PORT", "70000"],
      ["PORT", "-1"],
      ["PORT", "80.5"],
      ["DATABASE_URL", "mysql://x"],
      ["DATABASE_URL", "not a url"],
      ["MIGRATE_ON_START", "maybe"],
      ["LOAD_CONTENT_ON_EMPTY", "TRUE!"],
      ["REQUIRE_KEY_FOR_READS", "sometimes"],
      ["REDIS_URL", "http://not-redis"],
      ["MAX_QUERY_COST", "0"],
      ["MAX_QUERY_DEPTH", "deep"],
      ["MAX_BODY_BYTES", "10"],
      ["MAX_BATCH_SIZE", "-1"],
      ["STATEMENT_TIMEOUT_MS", "1.5"],
      ["OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"],
      ["LOG_LEVEL", "loud"],
      ["NODE_ENV", "staging"],
      ["TRUST_PROXY", "everyone"],
      ["TRUST_PROXY", "10.0.0.0/40"],
      ["TRUST_PROXY", "99"],
      ["CORS_ORIGINS", "app.example"],
      ["CORS_ORIGINS", "https://app.example/path"],
      ["INTROSPECTION", "sometimes"],
    ])("%s=%s", (name, value) => {
      const error = rejection({ [name]: value });
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toContain(name);
      expect(error.message).toContain(name);
      // The offending value is shown, so the operator sees what was read.
      expect(error.message).toContain(JSON.stringify(value));
    });

    it("a replica URL that is not a postgres URL", () => {
      const error = rejection({ DATABASE_URL: "postgres://primary.example/graph", DATABASE_REPLICA_URLS: "postgres://r1.example/graph, mysql://r2" });
      expect(error.message).toContain("DATABASE_REPLICA_URLS");
    });

    it("replicas without a primary", () => {
      const error = rejection({ DATABASE_REPLICA_URLS: "postgres://r1.example/graph" });
      expect(error.problems).toHaveLength(1);
      expect(error.message).toContain("DATABASE_REPLICA_URLS");
      expect(error.message).toContain("DATABASE_URL");
    });

    it("replicas with an empty DATABASE_URL (unset)", () => {
      expect(rejection({ DATABASE_URL: "", DATABASE_REPLICA_URLS: "postgres://r1.example/graph" }).message).toContain("DATABASE_REPLICA_URLS");
    });
  });

  it("names every bad variable in one error", () => {
    const error = rejection({ PORT: "abc", DATABASE_URL: "mysql://x", MIGRATE_ON_START: "maybe", LOG_LEVEL: "loud", NODE_ENV: "staging" });
    expect(error.name).toBe("ConfigError");
    for (const name of ["PORT", "DATABASE_URL", "MIGRATE_ON_START", "LOG_LEVEL", "NODE_ENV"]) {
      expect(error.message).toContain(name);
      expect(error.problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
    expect(error.problems).toHaveLength(5);
    // The variables that were fine are not blamed.
    expect(error.message).not.toContain("LOAD_CONTENT_ON_EMPTY");
    expect(error.message).not.toContain("PGLITE_DATA_DIR");
  });

  it("names replicas without a primary along with another bad variable", () => {
    const error = rejection({ PORT: "abc", DATABASE_REPLICA_URLS: "postgres://r1.example/graph" });
    expect(error.message).toContain("PORT");
    expect(error.message).toContain("DATABASE_REPLICA_URLS");
  });
});
