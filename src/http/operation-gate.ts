import { type GraphQLError } from "graphql";
import { type Metrics } from "../runtime/metrics";
import { type Refusal } from "./refusal";

/** A check of an operation's text as it arrives: why it may not run, or null. */
export type OperationCheck = (query: string, operationName: string | null) => GraphQLError | null;

/** An operation as a request carries it, before GraphQL parses it. */
export interface SentOperation {
  query: string;
  operationName: string | null;
}

/** The operations of a request: its JSON body (one, or a batch), or a GET's parameters. */
export function sentOperations(body: unknown): SentOperation[] {
  const asOperation = (value: unknown) => {
    const { query, operationName } = (value ?? {}) as { query?: unknown; operationName?: unknown };
    return typeof query === "string" ? [{ query, operationName: typeof operationName === "string" ? operationName : null }] : [];
  };
  return Array.isArray(body) ? body.flatMap(asOperation) : asOperation(body);
}

/**
 * Refuses a request before GraphQL parses and validates it when any of its operations fails a
 * check (too deep, too many fields, not a trusted operation): answered in GraphQL's shape, with
 * the error's HTTP status. Operations sent by hash alone are checked when their text was sent.
 */
export function operationGate(checks: OperationCheck[], metrics: Metrics) {
  return (operations: SentOperation[]): Refusal | null => {
    for (const { query, operationName } of operations) {
      for (const check of checks) {
        const problem = check(query, operationName);
        if (problem === null) continue;
        const { http, ...extensions } = problem.extensions as { http?: { status?: number }; code: string };
        metrics.requests.inc({ operation: "other", outcome: extensions.code ?? "refused" });
        return { status: http?.status ?? 400, message: problem.message, extensions };
      }
    }
    return null;
  };
}
