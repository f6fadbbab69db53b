import { type SqlParameters } from "../../db/sql";
import { type ManyRelationSql } from "../read/prefetch";

/**
 * How a GraphQL field is written as JSON by PostgreSQL (json-plan.ts puts a whole operation
 * together from these). Each field is a SQL expression of type text that is its value's JSON,
 * never NULL (`null` is the text `null`), built from its parent's row. Plain columns of an entity
 * need no declaration: a field named as a stored property is its column. The rest (relations,
 * computed fields, embedded objects, root fields and connections) are declared by the feature
 * that answers them, beside their resolvers, and a test runs every compiled operation both ways.
 */

/** Where a GraphQL object's values are in a statement: a SQL expression for each of its column names. */
export interface Row {
  column(name: string): string;
}

/** The row of a table at an alias. */
export function tableRow(alias: string): Row {
  return { column: (name) => `${alias}.${name}` };
}

/** A row whose columns are other expressions, by name (an embedded object's view of its parent's row). */
export function viewRow(columns: Readonly<Record<string, string>>): Row {
  return {
    column(name) {
      const sql = columns[name];
      if (sql === undefined) throw new NotCompilable(`no column ${name} in this view`);
      return sql;
    },
  };
}

/** A row's columns named with a prefix: `prefixedRow(step, "start_")` is a fuzzy date's view of a step. */
export function prefixedRow(row: Row, prefix: string): Row {
  return { column: (name) => row.column(`${prefix}${name}`) };
}

/** What a field's SQL is made with. */
export interface FieldSql {
  /** The parent's row. */
  row: Row;
  /**
   * A parameter holding the field's argument, as given or defaulted: its placeholder (`$3`).
   * `value` turns the argument into what the statement takes; when it throws, the operation runs
   * through the GraphQL layer, whose resolvers answer the bad argument with their error.
   */
  argument(name: string, value?: (given: unknown) => unknown, type?: string): string;
  /**
   * Where the field's SQL depends on an argument's value (a first page or a later one, a
   * search or none): the name of this request's variant. Each variant is planned apart, on its
   * first request; `nameOf` (one per argument of a field) throws NotCompilable for a value no SQL
   * of the field answers, and the request then runs through the GraphQL layer.
   */
  variant(name: string, nameOf: (given: unknown) => string): string;
  /** Parameters of fixed values (`add(value, cast)`, as db/sql.ts's SqlParameters): for SQL made by the statements' own builders. */
  constants: Pick<SqlParameters, "add">;
  /** The JSON of the field's selection (an object) over a row of its type. */
  object(row: Row): string;
  /** An alias no other part of the statement uses. */
  alias(): string;
}

/** A field's JSON, as a SQL text expression. */
export type JsonField = (field: FieldSql) => string;

/** JSON fields by GraphQL type name, then field name. */
export type JsonTypes = Readonly<Record<string, Readonly<Record<string, JsonField>>>>;

/** An operation asks for something no JSON field is declared for: it runs through the GraphQL layer. */
export class NotCompilable extends Error {
  constructor(why: string) {
    super(why);
    this.name = "NotCompilable";
  }
}

/** The argument must be null or absent: otherwise the request runs through the GraphQL layer (a `during` filter the field's SQL does not apply). */
export function absent(field: FieldSql, name: string): void {
  field.variant(name, nothingGiven);
}

function nothingGiven(given: unknown): string {
  if (given !== null && given !== undefined) throw new NotCompilable("an argument the field's SQL does not apply");
  return "";
}

/** A SQL value as JSON: PostgreSQL's `to_json` writes text, numbers, booleans and dates as JSON.stringify does. */
export function jsonOf(sql: string): string {
  return `coalesce(to_json(${sql})::text, 'null')`;
}

/** A scalar field: the JSON of a SQL value over the parent's row. */
export function value(sql: (row: Row) => string): JsonField {
  return ({ row }) => jsonOf(sql(row));
}

/** A field whose object is made of its parent's row (a fuzzy date of a step's columns), null when `isNull` holds. */
export function embedded(view: (row: Row) => Row, isNull?: (row: Row) => string): JsonField {
  return (field) => {
    const object = field.object(view(field.row));
    return isNull ? `CASE WHEN ${isNull(field.row)} THEN 'null' ELSE ${object} END` : object;
  };
}

/** A field holding the row of `table` whose id is `key` of the parent's row (a foreign key); null when there is none. */
export function related(table: string, key: (row: Row) => string): JsonField {
  return (field) => {
    const alias = field.alias();
    return `coalesce((SELECT ${field.object(tableRow(alias))} FROM ${table} ${alias} WHERE ${alias}.id = ${key(field.row)}), 'null')`;
  };
}

/** A list field: the rows of a to-many relation (the SQL its loader and the prefetch read), in its order. */
export function relatedList(sql: (n: string) => ManyRelationSql): JsonField {
  return (field) => {
    const relation = sql(field.alias());
    return `coalesce((SELECT '[' || string_agg(${field.object(tableRow(relation.alias))}, ',' ORDER BY ${relation.order}) || ']' FROM ${relation.from} WHERE ${relation.key} = ${field.row.column("id")}), '[]')`;
  };
}

/** base64url (no padding) of a SQL text, as Buffer's "base64url" writes it: ids and cursors. */
export function base64url(text: string): string {
  return `translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;
}

/** A Relay global id: base64url of "Type:key" (domain/global-id.ts), as JSON. */
export function globalId(type: string): JsonField {
  return ({ row }) => `'"' || ${base64url(`'${type}:' || ${row.column("id")}`)} || '"'`;
}
