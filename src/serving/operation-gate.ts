import { type NextFunction, type Request, type Response } from "express";
import { type GraphQLError } from "graphql";
import { type Metrics } from "./metrics";

/** A check of an operation's text as it arrives: why it may not run, or null. */
export type OperationCheck = (query: string, operationName: string | null) => GraphQLError | null;

/** The operations of a request: the JSON body (one, or a batch), or the query string of a GET. */
function operationsOf(req: Request): Array<{ query: string; operationName: string | null }> {
  const asOperation = (value: unknown) => {
    const { query, operationName } = (value ?? {}) as { query?: unknown; operationName?: unknown };
    return typeof query === "string" ? [{ query, operationName: typeof operationName === "string" ? operationName : null }] : [];
  };
  if (req.method === "GET") return asOperation(req.query);
  return Array.isArray(req.body) ? req.body.flatMap(asOperation) : asOperation(req.body);
}

/**
 * Refuses a request before GraphQL parses and validates it when any of its operations fails a
 * check (too deep, too many fields, not a trusted operation): answered in GraphQL's shape, with
 * the error's HTTP status. Operations sent by hash alone are checked when their text was sent.
 */
export function operationGate(checks: OperationCheck[], metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    for (const { query, operationName } of operationsOf(req)) {
      for (const check of checks) {
        const problem = check(query, operationName);
        if (problem === null) continue;
        const { http, ...extensions } = problem.extensions as { http?: { status?: number }; code?: string };
        metrics.requests.inc({ operation: "other", outcome: extensions.code ?? "refused" });
        res.status(http?.status ?? 400).json({ errors: [{ message: problem.message, extensions }] });
        return;
      }
    }
    next();
  };
}
