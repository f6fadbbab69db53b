import { type DataSource, type EntityManager } from "typeorm";
import { countedOn, type SqlStats } from "./sql-stats";
import { toGlobalId } from "../domain/global-id";

/** Who writes: a key's holder, the command line, or the server loading its content at start-up. */
export type Actor = { kind: "API_KEY"; apiKeyId: string } | { kind: "CLI" } | { kind: "STARTUP" };

/** What a write did: its result, and the audit event that records it (null when nothing changed). */
export interface WriteOutcome<T> {
  result: T;
  /** Global id of the audit event; null when the write changed no row (or was a dry run). */
  auditEventId: string | null;
}

/** Who hears of each committed write on a data source (the response cache's generation). */
const committedWriteListeners = new WeakMap<DataSource, Set<() => Promise<void>>>();

/**
 * Calls `listener` after every write on `dataSource` that committed a change (not after a
 * rejected, empty or dry-run one); the write's caller waits for it, so a client that saw its
 * write succeed never reads a cache from before it. Returns the way to stop listening.
 */
export function onCommittedWrite(dataSource: DataSource, listener: () => Promise<void>): () => void {
  const listeners = committedWriteListeners.get(dataSource) ?? new Set();
  committedWriteListeners.set(dataSource, listeners);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Carries a dry run's outcome out of the transaction it rolls back. */
class DryRunRollback<T> extends Error {
  constructor(readonly outcome: WriteOutcome<T>) {
    super("dry run: rolled back");
  }
}

/**
 * Runs `work` in one transaction that the audit trail attributes to `actor` and `operation`:
 * the database's triggers record every row it changes under one audit event. With `dryRun`, the
 * work is done and its result returned, then everything is rolled back.
 *
 * Everything must run on `manager`, the transaction's own connection: on the embedded database
 * a second connection would wait for this transaction to end, forever.
 */
export async function auditedTransaction<T>(
  dataSource: DataSource,
  actor: Actor,
  operation: string,
  work: (manager: EntityManager) => Promise<T>,
  options: { dryRun?: boolean; sqlStats?: SqlStats } = {},
): Promise<WriteOutcome<T>> {
  let outcome: WriteOutcome<T>;
  const runner = countedOn(dataSource.createQueryRunner("master"), options.sqlStats);
  try {
    outcome = await runner.manager.transaction(async (manager) => {
      const [session] = await manager.query<Array<{ replication_role: string }>>(
        `SELECT set_config('interview_graph.actor', $1, true), set_config('interview_graph.api_key_id', $2, true), set_config('interview_graph.operation', $3, true), current_setting('session_replication_role') AS replication_role`,
        [actor.kind, actor.kind === "API_KEY" ? actor.apiKeyId : "", operation],
      );
      if (session?.replication_role !== "origin") await restoreTriggers(manager, session?.replication_role);
      const result = await work(manager);
      const [event] = await manager.query<Array<{ id: string | null }>>(`SELECT nullif(current_setting('interview_graph.audit_event', true), '') AS id`);
      const outcome = { result, auditEventId: event?.id ? toGlobalId("AuditEvent", event.id) : null };
      if (options.dryRun) throw new DryRunRollback(outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return { result: (error as DryRunRollback<T>).outcome.result, auditEventId: null };
    throw error;
  } finally {
    await runner.release();
  }
  if (outcome.auditEventId !== null) await Promise.all([...(committedWriteListeners.get(dataSource) ?? [])].map((listener) => listener()));
  return outcome;
}

/**
 * Triggers keep versions, the audit trail and the body invariants: a session whose
 * `session_replication_role` is not `origin` runs none of them (on the embedded database,
 * another connection of its one session may have left it so). The write puts it back for the
 * session (a superuser's right, which the embedded database's connection has) or, where it may
 * not, refuses to write at all rather than write unaudited.
 */
async function restoreTriggers(manager: EntityManager, found: string | undefined): Promise<void> {
  try {
    await manager.query("SET session_replication_role = origin");
  } catch (error) {
    throw new Error(`refusing to write: the session's triggers are off (session_replication_role = ${found ?? "?"}) and could not be turned on: ${(error as Error).message}`);
  }
}

