import { type EntityManager } from "typeorm";
import { cutPage, type Page, pageLimit, type PageRequest } from "../graphql/connection";
import { CursorCodec } from "../graphql/cursor";
import { entityColumns, hydrate, SqlParameters } from "../db/sql";
import { type Context } from "../graphql/context";
import { BadUserInputError, ConflictError, ConflictReason } from "../errors";
import { AuditChange } from "./audit-change.entity";
import { AuditEvent } from "./audit-event.entity";
import { fromGlobalId, UUID_KEY } from "../domain/global-id";
import { type RevertibleTable } from "../graphql/feature";

/** Newest first: an identity only grows, so it is the whole sort key. */
const EVENTS_CURSOR = new CursorCodec("audit-events", ["string"]);

/** Columns that are bookkeeping, not content: a revert compares rows without them. */
const BOOKKEEPING = ["version", "updated_at"];

/** Reads and reverts the audit trail. */
export const auditService = {
  /** A page of events, newest first; with `nodeId`, those that changed that node. */
  async page(context: Context, request: PageRequest, nodeId: string | null): Promise<Page<AuditEvent>> {
    const after = request.after === null ? null : String(EVENTS_CURSOR.decode(request.after)[0]);
    if (after !== null && !/^[0-9]{1,18}$/.test(after)) throw new BadUserInputError("after: not a cursor of this list", "after");
    const node = nodeId === null ? null : fromGlobalId(nodeId);
    // The trail records changes of content nodes and API keys, by their uuid: an audit event is none.
    if (nodeId !== null && (node === null || node.type === "AuditEvent" || !UUID_KEY.test(node.id))) throw new BadUserInputError(`nodeId: "${nodeId}" is not the id of a node or key whose changes are recorded`, "nodeId");
    const where = (params: SqlParameters) =>
      node === null
        ? "true"
        : `EXISTS (SELECT 1 FROM audit_changes c WHERE c.event_id = e.id AND c.node_id = ${params.add(node.id, "uuid")} AND c.node_type = ${params.add(node.type)})`;
    const params = new SqlParameters();
    const conditions = [where(params), ...(after === null ? [] : [`e.id < ${params.add(after, "bigint")}`])];
    const rows = await context.reader.query<Array<Record<string, unknown>>>(
      `SELECT ${entityColumns(context.reader, AuditEvent, "e")} FROM audit_events e
        WHERE ${conditions.join(" AND ")} ORDER BY e.id DESC ${pageLimit(request)}`,
      params.values,
    );
    return cutPage(
      rows.map((row) => hydrate(AuditEvent, row, context.reader)),
      request,
      (event) => ({ node: event, cursor: EVENTS_CURSOR.encode([event.id]) }),
      async () => {
        const countParams = new SqlParameters();
        const [row] = await context.reader.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM audit_events e WHERE ${where(countParams)}`, countParams.values);
        return row?.count ?? 0;
      },
    );
  },

  async findById(manager: EntityManager, id: string): Promise<AuditEvent | null> {
    return manager.getRepository(AuditEvent).findOneBy({ id });
  },

  /**
   * Undoes an event: removes the rows it created, puts back the values it changed, restores the
   * rows it removed (with their ids, so a restored quote is the same quote). Each row must still
   * be as the event left it (content compared, bookkeeping ignored); otherwise nothing is undone
   * and the answer is CONFLICT naming the first row that changed since.
   *
   * Order follows the foreign keys: created rows go children first, removed rows come back
   * parents first (the database records a cascade's children before their parent, so the
   * event's own order cannot be trusted for that).
   */
  async revert(manager: EntityManager, eventId: string, argumentPath: string, revertible: Readonly<Record<string, RevertibleTable>>): Promise<void> {
    const changes = await manager.getRepository(AuditChange).find({ where: { eventId }, order: { id: "ASC" } });
    const foreign = changes.find((change) => revertible[change.table] === undefined);
    if (foreign) throw new BadUserInputError(`${argumentPath}: changes to ${foreign.table} are not content and cannot be reverted`, argumentPath);
    const rank = (change: AuditChange) => revertible[change.table]?.rank ?? 0;
    const keyOf = (change: AuditChange) => revertible[change.table]?.key ?? [];
    const byId = (a: AuditChange, b: AuditChange) => Number(BigInt(a.id) - BigInt(b.id));
    const created = changes.filter((change) => change.before === null).sort((a, b) => rank(b) - rank(a) || byId(b, a));
    const updated = changes.filter((change) => change.before !== null && change.after !== null).sort((a, b) => byId(b, a));
    const removed = changes.filter((change) => change.after === null).sort((a, b) => rank(a) - rank(b) || byId(a, b));
    const columns = new ColumnLists(manager);
    for (const change of created) await undoInsert(manager, change, keyOf(change), await columns.of(change.table));
    for (const change of updated) await undoUpdate(manager, change, keyOf(change), await columns.of(change.table));
    for (const change of removed) await undoDelete(manager, change, keyOf(change), await columns.of(change.table));
  },
};

/** The columns of each table, writable (not generated) and generated apart, read once per revert. */
class ColumnLists {
  private readonly lists = new Map<string, { writable: string[]; generated: string[] }>();

  constructor(private readonly manager: EntityManager) {}

  async of(table: string): Promise<{ writable: string[]; generated: string[] }> {
    let list = this.lists.get(table);
    if (list === undefined) {
      const rows = await this.manager.query<Array<{ name: string; generated: boolean }>>(
        `SELECT column_name AS name, is_generated <> 'NEVER' AS generated FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      list = { writable: rows.filter((row) => !row.generated).map((row) => row.name), generated: rows.filter((row) => row.generated).map((row) => row.name) };
      this.lists.set(table, list);
    }
    return list;
  }
}

/** `(k1, k2) = (the key of the row in $n)`, for a revertible table whose key columns are `key`. */
function keyMatch(table: string, key: readonly string[], keyParameter: string): string {
  const columns = key.map((column) => `t.${column}`).join(", ");
  return `(${columns}) = (SELECT ${key.map((column) => `r.${column}`).join(", ")} FROM jsonb_populate_record(NULL::${table}, ${keyParameter}::jsonb) r)`;
}

/**
 * The row's content now equals `$n`, bookkeeping and generated columns aside: the database
 * derives those, and a change recorded before a generated column existed does not hold it.
 */
function sameContent(expectedParameter: string, generated: readonly string[]): string {
  const ignored = `'{${[...BOOKKEEPING, ...generated].join(",")}}'::text[]`;
  return `(to_jsonb(t) - ${ignored}) = (${expectedParameter}::jsonb - ${ignored})`;
}

function changedSince(change: AuditChange): ConflictError {
  return new ConflictError(
    `cannot revert: the ${change.table} row ${JSON.stringify(change.key)} is no longer as this event left it (changed or reverted since)`,
    ConflictReason.CHANGED_SINCE,
    { table: change.table, key: change.key },
  );
}

/** How many rows a DELETE or UPDATE changed (as a SELECT, so that every driver returns rows alike). */
async function changedRows(manager: EntityManager, statement: string, values: unknown[]): Promise<number> {
  const [row] = await manager.query<Array<{ changed: number }>>(`WITH done AS (${statement} RETURNING 1) SELECT count(*)::int AS changed FROM done`, values);
  return row?.changed ?? 0;
}

async function undoInsert(manager: EntityManager, change: AuditChange, key: readonly string[], columns: { generated: string[] }): Promise<void> {
  const params = new SqlParameters();
  const changed = await changedRows(
    manager,
    `DELETE FROM ${change.table} t WHERE ${keyMatch(change.table, key, params.add(change.key))} AND ${sameContent(params.add(change.after), columns.generated)}`,
    params.values,
  );
  if (changed !== 1) throw changedSince(change);
}

async function undoUpdate(manager: EntityManager, change: AuditChange, key: readonly string[], columns: { writable: string[]; generated: string[] }): Promise<void> {
  const restored = columns.writable.filter((column) => !key.includes(column) && !BOOKKEEPING.includes(column) && column !== "created_at");
  const params = new SqlParameters();
  const changed = await changedRows(
    manager,
    `UPDATE ${change.table} t SET (${restored.join(", ")}) = (SELECT ${restored.map((column) => `r.${column}`).join(", ")} FROM jsonb_populate_record(NULL::${change.table}, ${params.add(change.before)}::jsonb) r)
      WHERE ${keyMatch(change.table, key, params.add(change.key))} AND ${sameContent(params.add(change.after), columns.generated)}`,
    params.values,
  );
  if (changed !== 1) throw changedSince(change);
}

async function undoDelete(manager: EntityManager, change: AuditChange, key: readonly string[], { writable: columns }: { writable: string[] }): Promise<void> {
  const params = new SqlParameters();
  const existing = await manager.query<unknown[]>(`SELECT 1 FROM ${change.table} t WHERE ${keyMatch(change.table, key, params.add(change.key))}`, params.values);
  if (existing.length > 0) throw changedSince(change);
  await manager.query(
    `INSERT INTO ${change.table} (${columns.join(", ")}) SELECT ${columns.map((column) => `r.${column}`).join(", ")} FROM jsonb_populate_record(NULL::${change.table}, $1::jsonb) r`,
    [change.before],
  );
}
