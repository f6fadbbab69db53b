import { type QueryRunner } from "typeorm";

/**
 * What the database did on behalf of one unit of work (an HTTP request, a test's operation):
 * one per request, carried by its context and its reader. Counted where statements are sent,
 * not through AsyncLocalStorage, whose promise hooks cost every promise of every request.
 */
export interface SqlStats {
  statements: number;
  /** The answer was built whole by one statement (a trusted operation's plan, graphql/json/), not by the resolvers. */
  builtBySql: boolean;
}

export function newSqlStats(): SqlStats {
  return { statements: 0, builtBySql: false };
}

/** A TypeORM query runner whose statements count for `stats` (the database's logger counts them). */
export function countedOn<R extends QueryRunner>(runner: R, stats: SqlStats | undefined): R {
  if (stats !== undefined) runner.data = { ...runner.data, sqlStats: stats };
  return runner;
}

/** Called by the database's logger for every statement TypeORM sends: counted for its runner's unit of work, if any. */
export function recordStatement(runner: QueryRunner | undefined): void {
  const stats = (runner?.data as { sqlStats?: SqlStats } | undefined)?.sqlStats;
  if (stats !== undefined) stats.statements += 1;
}
