import { type EntityMetadata, type EntityTarget, type ObjectLiteral } from "typeorm";

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
  return source
    .getMetadata(entity)
    .columns.filter((column) => column.isSelect)
    .map((column) => {
      const value = `${alias}.${column.databaseName}`;
      const read = column.type === "date" ? `to_char(${value}, 'YYYY-MM-DD')` : value;
      return `${read} AS "${column.propertyName}"`;
    })
    .join(", ");
}

/** An entity instance from a row selected with {@link entityColumns} (extra columns are ignored). */
export function hydrate<T extends object>(entity: new () => T, row: Record<string, unknown>, source: MetadataSource): T {
  const instance = new entity();
  for (const column of source.getMetadata(entity).columns) {
    if (column.propertyName in row) (instance as Record<string, unknown>)[column.propertyName] = row[column.propertyName];
  }
  return instance;
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
