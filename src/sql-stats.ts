import { AsyncLocalStorage } from "node:async_hooks";

/** What the database did on behalf of one unit of work (an HTTP request, a test). */
export interface SqlStats {
  statements: number;
}

const current = new AsyncLocalStorage<SqlStats>();

/** Runs `work` and counts the SQL statements it sends, however deep in the call tree. */
export async function withSqlStats<T>(work: () => Promise<T>): Promise<{ result: T; stats: SqlStats }> {
  const stats: SqlStats = { statements: 0 };
  const result = await current.run(stats, work);
  return { result, stats };
}

/** Starts counting for everything `next` sets off (an HTTP request's handlers). */
export function runWithSqlStats(next: () => void): void {
  current.run({ statements: 0 }, next);
}

/** The counts of the unit of work running now, if any. */
export function currentSqlStats(): SqlStats | undefined {
  return current.getStore();
}

/** Called by the database logger for every statement. */
export function recordStatement(): void {
  const stats = current.getStore();
  if (stats) stats.statements += 1;
}
