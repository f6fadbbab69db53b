import { type Server } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from "@apollo/server/plugin/landingPage/default";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, OperationTypeNode } from "graphql";
import { type Config } from "../config";
import { OverloadedError, RETRY_AFTER_OVERLOAD_SECONDS } from "../db/admission";
import { isConnectionLost } from "../db/connection-errors";
import { isPoolWaitTimeout, StatementNames } from "../db/reader";
import { ErrorCode } from "../errors";
import { type Context } from "../graphql/context";
import { type Logger } from "../logger";
import { type Serving } from "../runtime/serving";
import { StoreKeyValueCache } from "../runtime/store/key-value-cache";
import { cachePolicyPlugin } from "./cache-policy";
import { compiledExecution, type JsonExecution } from "./compiled-execution";
import { stringifyResult } from "./json-text";
import { readOperation, SANDBOX_EXAMPLE } from "./operations";
import { operationNames, TrustedDocumentsCache, TrustedFirstCache, type TrustedOperations } from "./persisted-queries";
import { queryLimitsPlugin } from "./query-limits";
import { requestObserver } from "./request-observer";
import { responseCache } from "./response-cache";
import { type FeatureRegistry } from "../graphql/feature";

/** How long a client told the database is down should wait before trying again. */
export const RETRY_AFTER_OUTAGE_SECONDS = 5;

/** How long persisted queries registered by clients (APQ) are kept. */
const APQ_TTL_SECONDS = 24 * 60 * 60;

/** What the Apollo server is made of: the schema, the settings, the process's serving state and the trusted operations. */
export interface ApolloDependencies {
  config: Config;
  schema: GraphQLSchema;
  logger: Logger;
  serving: Serving;
  trustedOperations: TrustedOperations;
  /** The features: what plans trusted operations into one statement each (their JSON fields). */
  features: FeatureRegistry;
  /** Drained on shutdown when given. */
  httpServer?: Server;
}

/**
 * The Apollo server and every plugin a request goes through: query limits, persisted queries
 * (automatic, or trusted documents only), cache control and the response cache, metrics and
 * logs, and coded errors (internal ones masked outside development).
 */
export function createApolloServer(deps: ApolloDependencies): ApolloServer<Context> {
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
    requestObserver(serving.metrics, operationNames(deps.trustedOperations), { statementsToAnyone: config.sqlStatementsHeader }),
    outageStatus(),
    oneSnapshotPerQuery(),
    ...(deps.httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer, stopGracePeriodMillis: Math.max(1000, config.shutdownTimeoutMs - 2000) })] : []),
  ];
  // What plans queries into one statement each: the trusted operations, and texts asked often (PLANNED_QUERY_TEXTS).
  const json: JsonExecution = {
    trusted: deps.trustedOperations.bodies,
    ...(config.plannedQueryTexts > 0 ? { textStatements: new StatementNames(config.plannedQueryTexts) } : {}),
    types: deps.features.json,
    entities: deps.features.entitiesByType,
  };
  return new ApolloServer<Context>({
    stringifyResult,
    // Compiled execution, except when traces are sent: OpenTelemetry's instrumentation traces
    // graphql-js's execution (its spans per operation and resolver), not compiled functions.
    ...(config.otlpEndpoint === undefined ? { gateway: compiledExecution(deps.schema, json) } : { schema: deps.schema }),
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
        ? new TrustedDocumentsCache(deps.trustedOperations)
        : new TrustedFirstCache(deps.trustedOperations, new StoreKeyValueCache(serving.store, "persisted:")),
      ttl: APQ_TTL_SECONDS,
    },
    plugins,
    formatError: (formatted, error) => formatError(formatted, error, mask, deps.logger),
  });
}

/** The error a client gets when the database cannot answer: 503, with when to try again. */
export function databaseUnavailable(logger: Logger, cause: unknown): GraphQLError {
  logger.warn({ err: cause }, "database unavailable: answered 503");
  return new GraphQLError(`the database is unavailable; retry in ${RETRY_AFTER_OUTAGE_SECONDS} s`, {
    extensions: {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      retryAfterSeconds: RETRY_AFTER_OUTAGE_SECONDS,
      http: { status: 503, headers: new Map([["retry-after", String(RETRY_AFTER_OUTAGE_SECONDS)]]) },
    },
  });
}

/** Whether an error (as a resolver threw it, or one from another realm) means the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const unwrapped = unwrapResolverError(error) as { thrownValue?: unknown } | null;
  // graphql-js wraps what it does not recognise as an Error (one from another realm) as NonErrorThrown.
  return isConnectionLost(unwrapped?.thrownValue ?? unwrapped);
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

