import { type ApolloServerPlugin } from "@apollo/server";
import { OperationTypeNode } from "graphql";
import { type Context } from "../graphql/context";
import { type Metrics } from "../runtime/metrics";
import { cacheStatus } from "./response-cache";

/**
 * Sees every GraphQL request through: its metrics (count, duration, SQL statements, by
 * operation and outcome), one structured log line, and the `x-sql-statements` header (to
 * requests with a key, or to anyone when SQL_STATEMENTS_HEADER says so), with
 * `x-answered-by`: `sql` when a trusted operation's one statement built the answer, `cache`
 * when the response cache held it, else `resolvers`.
 * Operations are labelled by name only when the name is one of schema/operations/ (a client
 * must not be able to grow the metrics without bound); otherwise `other` or `anonymous`.
 */
export function requestObserver(metrics: Metrics, knownOperations: ReadonlySet<string>, options: { statementsToAnyone: boolean }): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(requestContext) {
          const { response, contextValue } = requestContext;
          const name = requestContext.operationName ?? requestContext.request.operationName ?? null;
          const operation = name === null ? "anonymous" : knownOperations.has(name) ? name : "other";
          const result = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = (result?.errors ?? []).map((error) => (typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR"));
          const outcome = codes[0] ?? "ok";
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const statements = contextValue.sqlStats.statements;
          const cost = (result?.extensions?.cost as { requested?: number } | undefined)?.requested;
          const cache = requestContext.operation?.operation === OperationTypeNode.QUERY ? cacheStatus(requestContext) : "bypass";

          metrics.requests.inc({ operation, outcome });
          metrics.duration.observe({ operation, outcome }, seconds);
          metrics.sqlStatements.observe({ operation }, statements);
          // How many statements a request ran tells a prober whether someone asked the same a moment
          // ago (a cached answer runs none): said to anyone only where configured, else to key holders.
          const answeredBy = cache === "hit" ? "cache" : contextValue.sqlStats.builtBySql ? "sql" : "resolvers";
          if (options.statementsToAnyone || contextValue.viewer !== null) {
            response.http.headers.set("x-sql-statements", String(statements));
            response.http.headers.set("x-answered-by", answeredBy);
          }
          contextValue.logger.info(
            { operation: name, kind: requestContext.operation?.operation ?? null, outcome, errors: codes, durationMs: Math.round(seconds * 1e4) / 10, statements, answeredBy, cost, cache, viewer: contextValue.viewer?.prefix ?? null },
            "graphql request",
          );
        },
      };
    },
  };
}
