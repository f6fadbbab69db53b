import { type EntityManager } from "typeorm";
import { BadUserInputError, ConflictError, ConflictReason } from "../errors";
import { checkVersion, lockVersioned } from "./writes";
import { toGlobalId } from "../domain/global-id";

/** How many referencing ids a refusal names (it counts them all). */
const NAMED_REFERENCES = 10;

/** A table of nodes known by slug (people, companies, topics): what may be edited, what refers to them. */
export interface SluggedTable {
  table: "people" | "companies" | "topics";
  type: string;
  /** The columns an upsert sets, besides the slug. */
  columns: string[];
  /** The columns a new row needs (an update may leave them out). */
  required: string[];
  /** What refers to a row: `sql` selects the referring nodes' `id`s for the row id `$1`. */
  references: Array<{ what: string; type: string; sql: string }>;
}

/**
 * Creates the row of a slug, or updates the columns given (a value left undefined stays as it
 * is; null clears it). Nothing is written when nothing differs. `expectedVersion` guards an
 * update; given for a slug that does not exist, it is a conflict (the row was removed since).
 */
export async function upsertBySlug(
  manager: EntityManager,
  spec: SluggedTable,
  slug: string,
  values: Record<string, unknown>,
  expectedVersion: number | null | undefined,
): Promise<{ id: string; created: boolean }> {
  const [row] = await manager.query<Array<Record<string, unknown> & { id: string; version: number }>>(`SELECT * FROM ${spec.table} WHERE slug = $1 FOR UPDATE`, [slug]);
  if (row === undefined) {
    if (expectedVersion != null) {
      throw new ConflictError(`${spec.type} "${slug}" does not exist (any more): it cannot be at version ${expectedVersion}`, ConflictReason.STALE_VERSION, {
        expectedVersion,
        actualVersion: null,
      });
    }
    const missing = spec.required.filter((column) => values[column] == null);
    const [first, ...rest] = missing.map((column) => ({ argumentPath: `input.${column}`, message: `input.${column}: needed to create ${spec.type} "${slug}"` }));
    if (first) throw BadUserInputError.of([first, ...rest]);
    const [created] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO ${spec.table} (slug, ${spec.columns.join(", ")}) VALUES ($1, ${spec.columns.map((_, i) => `$${i + 2}`).join(", ")}) RETURNING id`,
      [slug, ...spec.columns.map((column) => values[column] ?? null)],
    );
    if (created === undefined) throw new Error("internal: insert returned no row");
    return { id: created.id, created: true };
  }
  checkVersion(spec.type, row.id, row.version, expectedVersion);
  const changed = spec.columns.filter((column) => values[column] !== undefined && values[column] !== row[column]);
  if (changed.length > 0) {
    await manager.query(`UPDATE ${spec.table} SET ${changed.map((column, i) => `${column} = $${i + 2}`).join(", ")} WHERE id = $1`, [row.id, ...changed.map((column) => values[column])]);
  }
  return { id: row.id, created: false };
}

/**
 * Removes a row that nothing refers to. A row still referred to is refused with CONFLICT,
 * naming what refers to it (counts, and the first ids of each kind).
 */
export async function removeUnreferenced(manager: EntityManager, spec: SluggedTable, id: string, expectedVersion: number | null | undefined): Promise<void> {
  await lockVersioned(manager, spec.table, spec.type, id, expectedVersion);
  const references = [];
  for (const reference of spec.references) {
    const ids = (await manager.query<Array<{ id: string }>>(reference.sql, [id])).map((row) => row.id);
    if (ids.length > 0) references.push({ what: reference.what, count: ids.length, ids: ids.slice(0, NAMED_REFERENCES).map((refId) => toGlobalId(reference.type, refId)) });
  }
  if (references.length > 0) {
    const list = references.map((reference) => `${reference.count} ${reference.what} (${reference.ids.join(", ")}${reference.count > reference.ids.length ? ", …" : ""})`).join("; ");
    throw new ConflictError(`${spec.type} ${toGlobalId(spec.type, id)} is still referenced by ${list}: change or remove those first`, ConflictReason.STILL_REFERENCED, { references });
  }
  await manager.query(`DELETE FROM ${spec.table} WHERE id = $1`, [id]);
}
