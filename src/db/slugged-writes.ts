import { type EntityManager } from "typeorm";
import { BadUserInputError, ConflictError, ConflictReason } from "../errors";
import { contentColumns, type EntityColumn } from "./entity-columns";
import { checkVersion, lockVersioned } from "./writes";
import { toGlobalId } from "../domain/global-id";

/** How many referencing ids a refusal names (it counts them all). */
const NAMED_REFERENCES = 10;

/** A table of nodes known by slug (people, companies, topics): what may be edited, what refers to them. */
export interface SluggedTable {
  table: "people" | "companies" | "topics";
  type: string;
  /** The columns an upsert sets, besides the slug (derived from the entity: {@link sluggedColumns}); a new row needs the columns that are not nullable. */
  columns: readonly EntityColumn[];
  /** What refers to a row: `sql` selects the referring nodes' `id`s for the row id `$1`. */
  references: Array<{ what: string; type: string; sql: string }>;
}

/** An entity's columns an upsert by slug sets: all that say what the row is, but the slug. */
export function sluggedColumns(entity: abstract new () => object): EntityColumn[] {
  return contentColumns(entity).filter((column) => column.column !== "slug");
}

/**
 * Creates the row of a slug, or updates the columns given, read from `values` by property (a
 * value left undefined stays as it is; null clears it). Nothing is written when nothing differs. `expectedVersion` guards an
 * update; given for a slug that does not exist, it is a conflict (the row was removed since).
 */
export async function upsertBySlug(
  manager: EntityManager,
  spec: SluggedTable,
  slug: string,
  values: object,
  expectedVersion: number | null | undefined,
): Promise<{ id: string; created: boolean }> {
  const given: Record<string, unknown> = Object.fromEntries(spec.columns.map(({ property, column }) => [column, (values as Record<string, unknown>)[property]]));
  const [row] = await manager.query<Array<Record<string, unknown> & { id: string; version: number }>>(`SELECT * FROM ${spec.table} WHERE slug = $1 FOR UPDATE`, [slug]);
  if (row === undefined) {
    if (expectedVersion != null) {
      throw new ConflictError(`${spec.type} "${slug}" does not exist (any more): it cannot be at version ${expectedVersion}`, ConflictReason.STALE_VERSION, {
        expectedVersion,
        actualVersion: null,
      });
    }
    const missing = spec.columns.filter((column) => !column.nullable && given[column.column] == null);
    const [first, ...rest] = missing.map(({ property }) => ({ argumentPath: `input.${property}`, message: `input.${property}: needed to create ${spec.type} "${slug}"` }));
    if (first) throw BadUserInputError.of([first, ...rest]);
    const [created] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO ${spec.table} (slug, ${spec.columns.map(({ column }) => column).join(", ")}) VALUES ($1, ${spec.columns.map((_, i) => `$${i + 2}`).join(", ")}) RETURNING id`,
      [slug, ...spec.columns.map(({ column }) => given[column] ?? null)],
    );
    if (created === undefined) throw new Error("internal: insert returned no row");
    return { id: created.id, created: true };
  }
  checkVersion(spec.type, row.id, row.version, expectedVersion);
  const changed = spec.columns.map(({ column }) => column).filter((column) => given[column] !== undefined && given[column] !== row[column]);
  if (changed.length > 0) {
    await manager.query(`UPDATE ${spec.table} SET ${changed.map((column, i) => `${column} = $${i + 2}`).join(", ")} WHERE id = $1`, [row.id, ...changed.map((column) => given[column])]);
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
