import { randomUUID } from "node:crypto";
import { type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { type ApolloServer } from "@apollo/server";
import { type GraphQLError } from "graphql";
import { type DataSource } from "typeorm";
import { authenticate } from "../api-keys/auth";
import { type TrustedOperations, untrustedChecker } from "../apollo/persisted-queries";
import { shapeChecker } from "../apollo/query-limits";
import { databaseUnavailable, isDatabaseUnavailable } from "../apollo/server";
import { type Config } from "../config";
import { type RequestBudget } from "../db/admission";
import { pendingMigrations } from "../db/migrations";
import { newSqlStats } from "../db/sql-stats";
import { UnauthenticatedError } from "../errors";
import { type Viewer } from "../graphql/auth";
import { type Context, createContext } from "../graphql/context";
import { type FeatureRegistry } from "../graphql/feature";
import { type Logger } from "../logger";
import { type Serving } from "../runtime/serving";
import { graphqlEndpoint, type Identification, isGraphqlUrl } from "./graphql-endpoint";
import { type OperationCheck } from "./operation-gate";
import { RateLimiter } from "./rate-limits";
import { type Refusal, sendPlain } from "./refusal";
import { webExplorer } from "./web-explorer";

/** Longest a readiness probe waits for the database. */
const READINESS_TIMEOUT_MS = 2000;

export interface HttpDependencies {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  serving: Serving;
  /** The features (src/features.ts), for each request's context. */
  features: FeatureRegistry;
  trustedOperations: TrustedOperations;
  httpServer: Server;
  /** True once shutdown began: readiness fails so load balancers stop sending traffic. */
  isDraining(): boolean;
}

/**
 * The routes, on node:http itself: /graphql (graphql-endpoint.ts), /healthz (the process
 * lives), /readyz (it can serve), /metrics (Prometheus), and the web explorer's pages and assets.
 * Anything else is a 404.
 */
export async function createRequestListener(deps: HttpDependencies, apollo: ApolloServer<Context>): Promise<RequestListener> {
  const { config, serving } = deps;
  const explorer = webExplorer();
  await apollo.start();
  const graphql = graphqlEndpoint(apollo, {
    maxBodyBytes: config.maxBodyBytes,
    maxBatchSize: config.maxBatchSize,
    maxStatementsPerRequest: config.maxStatementsPerRequest,
    maxRequestsInFlightPerClient: config.maxRequestsInFlightPerClient,
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    keyRequired: config.requireKeyForReads,
    rateLimiter: new RateLimiter(config.rateLimits, serving.store, serving.metrics, deps.logger),
    operationChecks: operationChecks(config, deps.trustedOperations),
    metrics: serving.metrics,
    logger: deps.logger,
    identify: (authorization) => identify(deps, authorization),
    contextOf: (request) => contextOf(deps, request),
  });
  const routes: Record<string, (res: ServerResponse) => Promise<void>> = {
    "/healthz": async (res) => sendPlain(res, 200, JSON.stringify({ status: "ok" }), "application/json; charset=utf-8"),
    "/readyz": async (res) => {
      const reason = await notReadyReason(deps);
      sendPlain(res, reason === null ? 200 : 503, JSON.stringify(reason === null ? { status: "ready" } : { status: "not ready", reason }), "application/json; charset=utf-8");
    },
    "/metrics": async (res) => sendPlain(res, 200, await serving.metrics.registry.metrics(), serving.metrics.registry.contentType),
  };
  return (req, res) => {
    if (isGraphqlUrl(req.url)) return graphql(req, res);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = routes[path];
    if (route && (req.method === "GET" || req.method === "HEAD")) {
      route(res).catch((error: unknown) => {
        deps.logger.error({ err: error, path }, "internal error");
        if (!res.headersSent) sendPlain(res, 500, "Internal server error\n");
        else res.destroy();
      });
      return;
    }
    explorer(req, res);
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
  return createContext(deps.dataSource, deps.logger, deps.features, {
    requestId: typeof requestId === "string" ? requestId : randomUUID(),
    viewer: caller,
    // The key's lookup counts for the request (x-sql-statements), once.
    sqlStats: { ...newSqlStats(), statements: request.statementsBefore },
    access: { admission: deps.serving.admission, client: caller ? `key:${caller.apiKeyId}` : `address:${clientAddress}`, budget },
    offThread: (workerFile, input) => deps.serving.workers.run(workerFile, input),
  });
}

/** What an operation's text must pass before GraphQL parses it: its shape, and in trusted mode its hash. */
function operationChecks(config: Config, trustedOperations: TrustedOperations): OperationCheck[] {
  const checks: OperationCheck[] = [shapeChecker(config.queryLimits)];
  if (config.persistedQueriesOnly) checks.unshift(untrustedChecker(trustedOperations));
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
