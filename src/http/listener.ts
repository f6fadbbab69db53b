import { randomUUID } from "node:crypto";
import { type IncomingMessage, type RequestListener, type Server } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from "@apollo/server/plugin/landingPage/default";
import { unwrapResolverError } from "@apollo/server/errors";
import express from "express";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, OperationTypeNode } from "graphql";
import { type DataSource } from "typeorm";
import { authenticate, type Viewer } from "../api-keys/auth";
import { type Config } from "../config";
import { type Context, createContext } from "../graphql/context";
import { ErrorCode, UnauthenticatedError } from "../errors";
import { type Logger } from "../logger";
import { pendingMigrations } from "../db/migrations";
import { readOperation, SANDBOX_EXAMPLE } from "../apollo/operations";
import { OverloadedError, type RequestBudget, RETRY_AFTER_OVERLOAD_SECONDS } from "../db/admission";
import { isPoolWaitTimeout } from "../db/reader";
import { graphqlEndpoint, type Identification, isGraphqlUrl } from "./graphql-endpoint";
import { type Refusal } from "./refusal";
import { type OperationCheck } from "./operation-gate";
import { operationNames, TrustedDocumentsCache, TrustedFirstCache, untrustedChecker } from "../apollo/persisted-queries";
import { cachePolicyPlugin } from "../apollo/cache-policy";
import { compiledExecution } from "../apollo/compiled-execution";
import { queryLimitsPlugin, shapeChecker } from "../apollo/query-limits";
import { requestObserver } from "../apollo/request-observer";
import { responseCache } from "../apollo/response-cache";
import { type Serving } from "../runtime/serving";
import { StoreKeyValueCache } from "../runtime/store/key-value-cache";
import { newSqlStats } from "../db/sql-stats";
import { webExplorer } from "./web-explorer";

/** Longest a readiness probe waits for the database. */
const READINESS_TIMEOUT_MS = 2000;

/** How long a client told the database is down should wait before trying again. */
const RETRY_AFTER_OUTAGE_SECONDS = 5;

/** How long persisted queries registered by clients (APQ) are kept. */
const APQ_TTL_SECONDS = 24 * 60 * 60;

export interface HttpDependencies {
  config: Config;
  schema: GraphQLSchema;
  dataSource: DataSource;
  logger: Logger;
  serving: Serving;
  httpServer: Server;
  /** True once shutdown began: readiness fails so load balancers stop sending traffic. */
  isDraining(): boolean;
}

/**
 * The Apollo server and every plugin a request goes through: query limits, persisted queries
 * (automatic, or trusted documents only), cache control and the response cache, metrics and
 * logs, and coded errors (internal ones masked outside development).
 */
export function createApolloServer(deps: Pick<HttpDependencies, "config" | "schema" | "logger" | "serving" | "dataSource"> & { httpServer?: Server }): ApolloServer<Context> {
  const { config, serving } = deps;
  const mask = config.nodeEnv !== "development";
  const plugins: Array<ApolloServerPlugin<Context>> = [
    // GET /graphql from a browser opens Apollo Sandbox with an example operation ready to run;
    // without introspection Sandbox could not load the schema, so a plain page says where the API is.
    config.introspection
      ? ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false, document: readOperation(SANDBOX_EXAMPLE.operation), variables: SANDBOX_EXAMPLE.variables })
      : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
    queryLimitsPlugin(deps.schema, config.queryLimits, serving.tableSizes),
    // Public reads may be cached for CACHE_MAX_AGE_SECONDS; @cacheControl hints narrow it. The
    // policy is read from the query (cache-policy.ts), not gathered field by field as Apollo's does.
    ApolloServerPluginCacheControlDisabled(),
    cachePolicyPlugin(deps.schema, config.cacheMaxAgeSeconds),
    ...(config.responseCache
      ? responseCache({ store: serving.store, generation: serving.generation, metrics: serving.metrics, seesAllWrites: () => serving.seesAllWrites(), replicas: config.databaseReplicaUrls.length > 0 })
      : []),
    requestObserver(serving.metrics, operationNames(serving.trustedOperations), { statementsToAnyone: config.sqlStatementsHeader }),
    outageStatus(),
    oneSnapshotPerQuery(),
    ...(deps.httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer, stopGracePeriodMillis: Math.max(1000, config.shutdownTimeoutMs - 2000) })] : []),
  ];
  return new ApolloServer<Context>({
    // Compiled execution, except when traces are sent: OpenTelemetry's instrumentation traces
    // graphql-js's execution (its spans per operation and resolver), not compiled functions.
    ...(config.otlpEndpoint === undefined ? { gateway: compiledExecution(deps.schema) } : { schema: deps.schema }),
    // Off in production unless INTROSPECTION=true (Apollo's convention); its size has a bound of
    // its own (query-limits.ts), apart from the data limits.
    introspection: config.introspection,
    // No request is authenticated by a cookie or by its network location (writes need a bearer
    // key, which a cross-site form or image cannot send), so Apollo's CSRF rule, which refuses
    // GET requests without a preflight header, guards nothing here (docs/operations.md).
    csrfPrevention: false,
    // main.ts owns shutdown (drain, then close the database); Apollo's own handler would re-raise
    // the signal and kill the process before the database is closed.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !mask,
    allowBatchedHttpRequests: true,
    persistedQueries: {
      cache: config.persistedQueriesOnly
        ? new TrustedDocumentsCache(serving.trustedOperations)
        : new TrustedFirstCache(serving.trustedOperations, new StoreKeyValueCache(serving.store, "persisted:")),
      ttl: APQ_TTL_SECONDS,
    },
    plugins,
    formatError: (formatted, error) => formatError(formatted, error, mask, deps.logger),
  });
}

/** The error a client gets when the database cannot answer: 503, with when to try again. */
function databaseUnavailable(logger: Logger, cause: unknown): GraphQLError {
  logger.warn({ err: cause }, "database unavailable: answered 503");
  return new GraphQLError(`the database is unavailable; retry in ${RETRY_AFTER_OUTAGE_SECONDS} s`, {
    extensions: {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      retryAfterSeconds: RETRY_AFTER_OUTAGE_SECONDS,
      http: { status: 503, headers: new Map([["retry-after", String(RETRY_AFTER_OUTAGE_SECONDS)]]) },
    },
  });
}

/** TypeORM's errors (by name: graphql-js may hand us a copy from another realm) for a connection it let go of. */
const RELEASED_CONNECTION_ERRORS = ["QueryRunnerAlreadyReleasedError", "QueryRunnerProviderAlreadyReleasedError"];

/** Whether an error means the database cannot be reached (it is down, restarting, or unreachable). */
export function isDatabaseUnavailable(error: unknown): boolean {
  type Cause = { name?: string; code?: string; message?: string; driverError?: { code?: string }; thrownValue?: Cause } | null;
  const unwrapped = unwrapResolverError(error) as Cause;
  // graphql-js wraps what it does not recognise as an Error (one from another realm) as NonErrorThrown.
  const cause = unwrapped?.thrownValue ?? unwrapped;
  const code = cause?.driverError?.code ?? cause?.code ?? "";
  const message = cause?.message ?? "";
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "57P01", "57P02", "57P03"].includes(code) ||
    code.startsWith("08") ||
    // TypeORM lets go of a transaction's connection when the connection fails under it; what the
    // transaction runs next (its COMMIT, say) then fails with one of these, and nothing committed.
    RELEASED_CONNECTION_ERRORS.includes(cause?.name ?? "") ||
    /Connection terminated|Connection ended unexpectedly|is not queryable|the database system is (starting up|shutting down|in recovery mode)/.test(message)
  );
}

/** Coded errors pass; a database outage says so; anything else is internal, logged whole and masked outside development. */
function formatError(formatted: GraphQLFormattedError, error: unknown, mask: boolean, logger: Logger): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
  // A GraphQL error made by GraphQL or Apollo itself, not wrapping a thrown error, is about the
  // request (e.g. a persisted query's hash that does not match its text): the client's to fix.
  if (error instanceof GraphQLError && error.originalError == null && error.extensions.code === undefined) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } };
  }
  // Every connection of the pool busy until the wait ran out (writes and key lookups, which
  // TypeORM runs): the database is there, the gateway is overloaded.
  if (isPoolWaitTimeout(unwrapResolverError(error))) {
    const overloaded = new OverloadedError("no database connection came free in time");
    return { message: overloaded.message, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.OVERLOADED, retryAfterSeconds: RETRY_AFTER_OVERLOAD_SECONDS } };
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: unwrapResolverError(error) }, "database unavailable: answered 503");
    return {
      message: `the database is unavailable; retry in ${RETRY_AFTER_OUTAGE_SECONDS} s`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_OUTAGE_SECONDS },
    };
  }
  logger.error({ err: error }, "internal error");
  if (mask) return { message: "Internal server error", locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/**
 * Every read of a query operation sees one snapshot of the database (Reader.readInOneSnapshot),
 * so that an answer never mixes data from before and after a write that committed while it was
 * being read: a page and its total, statistics and the list they count. The snapshot ends once
 * the answer is made (without holding the answer back).
 */
function oneSnapshotPerQuery(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === OperationTypeNode.QUERY) contextValue.reader.readInOneSnapshot();
        },
        async willSendResponse({ contextValue }) {
          void contextValue.reader.finish();
        },
      };
    },
  };
}

/**
 * A response that failed for lack of a database, or that an overloaded gateway could not finish,
 * is an HTTP 503 with Retry-After, for clients and proxies: an answer missing what the load shed
 * is no answer to keep.
 */
function outageStatus(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const { data, errors } = response.body.singleResult;
          if (data == null && errors?.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) {
            response.http.status = 503;
            response.http.headers.set("retry-after", String(RETRY_AFTER_OUTAGE_SECONDS));
          } else if (errors?.some((error) => error.extensions?.code === ErrorCode.OVERLOADED)) {
            response.http.status = 503;
            response.http.headers.set("retry-after", String(RETRY_AFTER_OVERLOAD_SECONDS));
          }
        },
      };
    },
  };
}

/**
 * The routes: /graphql (graphql-endpoint.ts, on node:http itself), and by express /healthz (the
 * process lives), /readyz (it can serve), /metrics (Prometheus) and the web explorer's pages.
 */
export async function createRequestListener(deps: HttpDependencies, apollo: ApolloServer<Context>): Promise<RequestListener> {
  const { config, serving } = deps;
  const app = express();
  app.disable("x-powered-by");

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    const reason = await notReadyReason(deps);
    if (reason === null) res.json({ status: "ready" });
    else res.status(503).json({ status: "not ready", reason });
  });

  app.get("/metrics", async (_req, res) => {
    res.type(serving.metrics.registry.contentType).send(await serving.metrics.registry.metrics());
  });

  app.use(webExplorer());

  await apollo.start();
  const graphql = graphqlEndpoint(apollo, {
    maxBodyBytes: config.maxBodyBytes,
    maxBatchSize: config.maxBatchSize,
    maxStatementsPerRequest: config.maxStatementsPerRequest,
    maxRequestsInFlightPerClient: config.maxRequestsInFlightPerClient,
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    keyRequired: config.requireKeyForReads,
    rateLimiter: serving.rateLimiter,
    operationChecks: operationChecks(config, serving),
    metrics: serving.metrics,
    logger: deps.logger,
    identify: (authorization) => identify(deps, authorization),
    contextOf: (request) => contextOf(deps, request),
  });
  return (req, res) => {
    if (isGraphqlUrl(req.url)) graphql(req, res);
    else void app(req, res);
  };
}

/**
 * Who sends a request: the holder of the key in its Authorization header, or nobody. A bad key
 * (malformed, unknown, revoked) is a 401; so is no key where every request needs one. The
 * database out of reach is a 503.
 */
async function identify(deps: HttpDependencies, authorization: string | undefined): Promise<Identification<Viewer>> {
  let viewer: Viewer | null;
  const sqlStats = newSqlStats();
  try {
    viewer = await authenticate(deps.dataSource, authorization, sqlStats);
  } catch (error) {
    if (error instanceof UnauthenticatedError) return { refusal: refusalOf(error) };
    if (isDatabaseUnavailable(error)) return { refusal: refusalOf(databaseUnavailable(deps.logger, error)) };
    throw error;
  }
  if (viewer === null && deps.config.requireKeyForReads) {
    return { refusal: refusalOf(new UnauthenticatedError("this server needs an API key for every request: send `Authorization: Bearer <key>`", { beforeExecution: true })) };
  }
  return { caller: viewer, statements: sqlStats.statements };
}

/** A coded error as a refusal answered before GraphQL: its status and headers from its `http` extension. */
function refusalOf(error: GraphQLError): Refusal {
  const { http, ...extensions } = error.extensions as { http?: { status?: number; headers?: Map<string, string> }; code: string };
  return { status: http?.status ?? 400, message: error.message, extensions, headers: Object.fromEntries(http?.headers ?? []) };
}

/** An operation's context: its caller, its id, fresh loaders, and reads in the caller's turn within the request's budget. */
async function contextOf(deps: HttpDependencies, request: { req: IncomingMessage; clientAddress: string; caller: Viewer | null; budget: RequestBudget; statementsBefore: number }): Promise<Context> {
  const { req, clientAddress, caller, budget } = request;
  const requestId = req.headers["x-request-id"];
  return createContext(deps.dataSource, deps.logger, {
    requestId: typeof requestId === "string" ? requestId : randomUUID(),
    viewer: caller,
    // The key's lookup counts for the request (x-sql-statements), once.
    sqlStats: { statements: request.statementsBefore },
    access: { admission: deps.serving.admission, client: caller ? `key:${caller.apiKeyId}` : `address:${clientAddress}`, budget },
    checkBundle: deps.serving.checkBundle,
  });
}

/** What an operation's text must pass before GraphQL parses it: its shape, and in trusted mode its hash. */
function operationChecks(config: Config, serving: Serving): OperationCheck[] {
  const checks: OperationCheck[] = [shapeChecker(config.queryLimits)];
  if (config.persistedQueriesOnly) checks.unshift(untrustedChecker(serving.trustedOperations));
  return checks;
}

/** Why the gateway cannot serve right now, or null when it can. */
async function notReadyReason(deps: HttpDependencies): Promise<string | null> {
  if (deps.isDraining()) return "shutting down";
  try {
    const pending = await withTimeout(pendingMigrations(deps.dataSource), READINESS_TIMEOUT_MS);
    if (pending.length > 0) return `migrations pending: ${pending.join(", ")}`;
    return null;
  } catch (error) {
    // The driver's words name the database's host and port: said only where configured.
    return deps.config.readinessDetails ? `database unreachable: ${(error as Error).message}` : "database unreachable";
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
