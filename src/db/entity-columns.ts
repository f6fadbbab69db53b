import { getMetadataArgsStorage } from "typeorm";

/** A stored column of an entity, as its decorators declare it. */
export interface EntityColumn {
  /** The entity's property (`startEdtf`). */
  property: string;
  /** The database column (`start_edtf`). */
  column: string;
  /** Its SQL type, as a cast names it (`text`, `date`, `uuid`, `integer`, `text[]`). */
  sqlType: string;
  nullable: boolean;
}

/** The properties declared {@link KeptApart}, by the class that declares them. */
const keptApart = new WeakMap<object, Set<string>>();

/**
 * Marks a column that no bundle or editor's input states: it is kept by its own path (a quote's
 * anchor by source revisions, its review by the review mutations), so the importer and the
 * write paths neither compare nor write it ({@link contentColumns} leaves it out).
 */
export function KeptApart(): PropertyDecorator {
  return (target, property) => {
    const properties = keptApart.get(target.constructor) ?? new Set<string>();
    properties.add(String(property));
    keptApart.set(target.constructor, properties);
  };
}

function isKeptApart(target: unknown, property: string): boolean {
  return typeof target === "function" && keptApart.get(target)?.has(property) === true;
}

/**
 * The columns that say what a row is: every column the entity class declares (inherited ones
 * too), but its key, its version, its timestamps, its generated columns, which the database
 * keeps, and the columns {@link KeptApart}. The write paths and the importer read, compare and
 * write these, so a column added to an entity is written without another list to update.
 */
export function contentColumns(entity: abstract new () => object): EntityColumn[] {
  return getMetadataArgsStorage()
    .filterColumns(entity)
    .filter(
      (column) =>
        column.mode === "regular" &&
        column.options.primary !== true &&
        column.options.generatedType === undefined &&
        column.propertyName !== "version" &&
        !isKeptApart(column.target, column.propertyName),
    )
    .map((column) => {
      const type = typeof column.options.type === "string" ? column.options.type : "text";
      return {
        property: column.propertyName,
        column: column.options.name ?? column.propertyName,
        sqlType: `${type === "char" ? "text" : type}${column.options.array === true ? "[]" : ""}`,
        nullable: column.options.nullable === true,
      };
    });
}

/** A select-list item for a column: dates as ISO strings (as they are compared), under the column's name. */
export function readColumn(column: EntityColumn, alias = ""): string {
  return column.sqlType === "date" ? `to_char(${alias}${column.column}, 'YYYY-MM-DD') AS ${column.column}` : `${alias}${column.column}`;
}

/** The columns' values of an object that names them by property (an input, a bundle's item); absent is null. */
export function valuesByColumn(columns: readonly EntityColumn[], object: object): Record<string, unknown> {
  return Object.fromEntries(columns.map((column) => [column.column, (object as Record<string, unknown>)[column.property] ?? null]));
}
