import { type EntityMetadata, type EntityTarget, type ObjectLiteral } from "typeorm";
import { type ColumnMetadata } from "typeorm/metadata/ColumnMetadata";

/** What knows the entities' columns (a DataSource, or a request's Reader). */
export interface MetadataSource {
  getMetadata(entity: EntityTarget<ObjectLiteral>): EntityMetadata;
}

/** What runs read statements and knows the entities' columns (a DataSource, or a request's Reader). */
export interface ReadSource extends MetadataSource {
  query<T>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** Positional parameters of one SQL statement: `add` keeps a value and returns its placeholder. */
export class SqlParameters {
  readonly values: unknown[] = [];

  /** `$n` (with `::cast` when given) standing for `value`; values never enter the SQL text. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ""}`;
  }
}

/**
 * The select list of an entity's columns under `alias`, each named after its property
 * (`q.span_start AS "spanStart"`), so that a hand-written statement's rows hydrate with
 * {@link hydrate}. Dates are read as ISO strings, as TypeORM reads them, never as local-time
 * `Date`s; columns TypeORM does not select (the search vector) are left out.
 */
export function entityColumns(source: MetadataSource, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  const metadata = source.getMetadata(entity);
  let byAlias = selectLists.get(metadata);
  if (!byAlias) selectLists.set(metadata, (byAlias = new Map<string, string>()));
  let list = byAlias.get(alias);
  if (list === undefined) {
    list = selectedColumns(metadata)
      .map((column) => `${columnRead(column, alias)} AS "${column.propertyName}"`)
      .join(", ");
    byAlias.set(alias, list);
  }
  return list;
}

/** The columns an entity's statements read, in a fixed order (TypeORM's): all but those it never selects. */
export function selectedColumns(metadata: EntityMetadata): ColumnMetadata[] {
  let columns = readColumns.get(metadata);
  if (columns === undefined) readColumns.set(metadata, (columns = metadata.columns.filter((column) => column.isSelect)));
  return columns;
}

const readColumns = new WeakMap<EntityMetadata, ColumnMetadata[]>();

/** Select lists made, by entity and alias: every request's statements use the same few. */
const selectLists = new WeakMap<EntityMetadata, Map<string, string>>();

/** The properties of an entity's columns, by entity: what {@link hydrate} copies from a row. */
const columnProperties = new WeakMap<EntityMetadata, string[]>();

/** How a column of the table at `alias` is read: dates as ISO strings, the rest as they are. */
function columnRead(column: ColumnMetadata, alias: string): string {
  const value = `${alias}.${column.databaseName}`;
  return column.type === "date" ? `to_char(${value}, 'YYYY-MM-DD')` : value;
}

/** An entity instance from a row selected with {@link entityColumns} (extra columns are ignored). */
export function hydrate<T extends object>(entity: new () => T, row: Record<string, unknown>, source: MetadataSource): T {
  const metadata = source.getMetadata(entity);
  let properties = columnProperties.get(metadata);
  if (properties === undefined) columnProperties.set(metadata, (properties = metadata.columns.map((column) => column.propertyName)));
  const instance = new entity() as Record<string, unknown>;
  for (const property of properties) {
    if (property in row) instance[property] = row[property];
  }
  return instance as T;
}

/**
 * Runs a statement selecting an entity's columns ({@link entityColumns}) plus a `key` column
 * (the id of what they belong to), and pairs each key with its entity: what a loader of a
 * relation needs.
 */
export async function keyedEntities<T extends object>(
  source: ReadSource,
  entity: new () => T,
  sql: string,
  values: unknown[],
): Promise<Array<[key: string, value: T]>> {
  const rows = await source.query<Array<Record<string, unknown> & { key: string }>>(sql, values);
  return rows.map((row) => [row.key, hydrate(entity, row, source)]);
}

/**
 * The rows of an entity's table (alias `x`) that a condition keeps, hydrated: what a loader by
 * id or a lookup by slug needs, in one statement on the request's reader. `extraColumns` are
 * select-list items to add, and `made` sees each row with its instance (prefetching does both:
 * graphql/read/select.ts).
 */
export async function selectEntities<T extends object>(
  source: ReadSource,
  entity: new () => T,
  where: string,
  values: unknown[],
  extra: { columns: string; made(instance: T, row: Record<string, unknown>): void } | null = null,
): Promise<T[]> {
  const table = source.getMetadata(entity).tablePath;
  const rows = await source.query<Array<Record<string, unknown>>>(`SELECT ${entityColumns(source, entity, "x")}${extra?.columns ?? ""} FROM ${table} x WHERE ${where}`, values);
  return rows.map((row) => {
    const instance = hydrate(entity, row, source);
    extra?.made(instance, row);
    return instance;
  });
}

/** The entities of these ids, in no particular order (a byIdLoader puts them in key order). */
export function selectByIds<T extends object>(source: ReadSource, entity: new () => T, ids: readonly string[]): Promise<T[]> {
  return selectEntities(source, entity, "x.id = ANY($1::uuid[])", [ids]);
}
