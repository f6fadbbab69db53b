import { randomUUID } from "node:crypto";
import { type Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { type DataSource } from "typeorm";
import { authenticate } from "./api-keys/auth";
import { type Config } from "./config";
import { type Context, createContext } from "./context";
import { ErrorCode, UnauthenticatedError } from "./errors";
import { type Logger } from "./logger";
import { pendingMigrations } from "./migrations";
import { readOperation, SANDBOX_EXAMPLE } from "./operations";
import { currentSqlStats, runWithSqlStats } from "./sql-stats";

/** Longest a readiness probe waits for the database. */
const READINESS_TIMEOUT_MS = 2000;

export interface HttpDependencies {
  config: Config;
  schema: GraphQLSchema;
  dataSource: DataSource;
  logger: Logger;
  httpServer: Server;
  /** True once shutdown began: readiness fails so load balancers stop sending traffic. */
  isDraining(): boolean;
}

/** The Apollo server: errors coded and, outside development, internal ones masked. */
export function createApolloServer(deps: Pick<HttpDependencies, "config" | "schema" | "logger"> & { httpServer?: Server }): ApolloServer<Context> {
  const mask = deps.config.nodeEnv !== "development";
  return new ApolloServer<Context>({
    schema: deps.schema,
    introspection: true,
    // main.ts owns shutdown (drain, then close the database); Apollo's own handler would re-raise
    // the signal and kill the process before the database is closed.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !mask,
    plugins: [
      // GET /graphql from a browser opens Apollo Sandbox with an example operation ready to run.
      ApolloServerPluginLandingPageLocalDefault({
        embed: true,
        footer: false,
        document: readOperation(SANDBOX_EXAMPLE.operation),
        variables: SANDBOX_EXAMPLE.variables,
      }),
      // Drain within 8 s: under main.ts's 10 s limit, so a stuck request cannot race the exit.
      ...(deps.httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer, stopGracePeriodMillis: 8000 })] : []),
      {
        // Every response says how many SQL statements it took: deterministic, and what tests count.
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              const stats = currentSqlStats();
              if (stats) response.http.headers.set("x-sql-statements", String(stats.statements));
            },
          };
        },
      },
    ],
    formatError: (formatted, error) => formatError(formatted, error, mask, deps.logger),
  });
}

/** Internal errors are logged whole and, outside development, reach clients as a bare code. */
function formatError(formatted: GraphQLFormattedError, error: unknown, mask: boolean, logger: Logger): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR) {
    logger.error({ err: error }, "internal error");
    if (mask) {
      return { message: "Internal server error", locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  return formatted;
}

/** The routes: /graphql, /healthz (the process lives), /readyz (it can serve). */
export async function createHttpApp(deps: HttpDependencies, apollo: ApolloServer<Context>): Promise<express.Express> {
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

  await apollo.start();
  app.use(
    "/graphql",
    (req, _res, next) => runWithSqlStats(next),
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const viewer = await authenticate(deps.dataSource, req.header("authorization"));
        if (viewer === null && deps.config.requireKeyForReads) {
          throw new UnauthenticatedError("this server needs an API key for every request: send `Authorization: Bearer <key>`", { beforeExecution: true });
        }
        return createContext(deps.dataSource, deps.logger, { requestId: req.header("x-request-id") ?? randomUUID(), viewer });
      },
    }),
  );
  return app;
}

/** Why the gateway cannot serve right now, or null when it can. */
async function notReadyReason(deps: HttpDependencies): Promise<string | null> {
  if (deps.isDraining()) return "shutting down";
  try {
    const pending = await withTimeout(pendingMigrations(deps.dataSource), READINESS_TIMEOUT_MS);
    if (pending.length > 0) return `migrations pending: ${pending.join(", ")}`;
    return null;
  } catch (error) {
    return `database unreachable: ${(error as Error).message}`;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
