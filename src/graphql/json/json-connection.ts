import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../connection";
import { base64url, type FieldSql, type JsonField, jsonOf, type JsonTypes, NotCompilable, type Row, tableRow, value } from "./json-fields";

/**
 * Connections (Relay pages) as JSON built by PostgreSQL: the page is one array of the ids of its
 * rows (`first + 1` of them, the extra one saying that more follow, as `cutPage` does), and
 * edges, nodes, page info and the total are read from it. Ids rather than whole rows: a row made
 * a value carries all of its columns, read whole (a quote's search vector too).
 */

/** A keyset list of one table, in the terms of its page's statement. `alias` is the row of the table. */
export interface KeysetList {
  /** The table of the list's rows. */
  table: string;
  /** FROM: the table as `alias`, and what its order needs joined to it. */
  from(alias: string): string;
  /** The list's own conditions (a filter), or "true". */
  where(field: FieldSql, alias: string): string;
  /** The condition on a later page's rows: past the key of the cursor `after` (decoded into parameters). */
  after(field: FieldSql, alias: string): string;
  /** ORDER BY of the rows. */
  order(field: FieldSql, alias: string): string;
  /** A row's cursor key as JSON text (`["people","ada"]`): its cursor is base64url of it, as graphql/cursor.ts writes cursors. */
  cursorKey(row: Row): string;
  /** What an item of the page has besides its row and cursor, by name (a quote's `$highlight`): SQL over the row. */
  itemValues?(field: FieldSql): Readonly<Record<string, (row: Row) => string>>;
  /** The whole list's count, as SQL. */
  total(field: FieldSql): string;
}

/** A page as its connection's fields see it. */
interface PageView extends Row {
  /** An item's value besides its row (`$cursor`). */
  itemValue(name: string, row: Row): string;
  /** The table of the rows. */
  table: string;
}

/** `first` as the page arguments take it (graphql/connection.ts): 0 to MAX_PAGE_SIZE, the default when null. */
function pageSize(given: unknown): number {
  const first = given ?? DEFAULT_PAGE_SIZE;
  if (typeof first !== "number" || !Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw new NotCompilable("first is out of range");
  return first;
}

/** A connection field over a keyset list (a root list: `people`, `quotes`). */
export function keysetConnection(list: KeysetList): JsonField {
  return (field) => {
    const alias = field.alias();
    const page = field.alias();
    const first = field.argument("first", pageSize, "int");
    const later = laterPage(field);
    const itemValues: Readonly<Record<string, (row: Row) => string>> = { $cursor: (row) => base64url(list.cursorKey(row)), ...list.itemValues?.(field) };
    // Read only when a selected field asks for it: a count nobody asked for would cost.
    const columns: Record<string, () => string> = {
      ids: () => `${page}.ids`,
      first: () => first,
      later: () => String(later),
      total: () => list.total(field),
    };
    const view: PageView = {
      column(name) {
        const column = columns[name];
        if (!column) throw new NotCompilable(`no column ${name} in a page`);
        return column();
      },
      table: list.table,
      itemValue(name, row) {
        const item = itemValues[name];
        if (!item) throw new NotCompilable(`no ${name} in an item of this list`);
        return item(row);
      },
    };
    const conditions = [list.where(field, alias), ...(later ? [list.after(field, alias)] : [])].join(" AND ");
    // OFFSET 0 keeps the subquery whole: flattened, the array would be made again at every use.
    return `(SELECT ${field.object(view)} FROM (SELECT ARRAY(SELECT ${alias}.id FROM ${list.from(alias)} WHERE ${conditions} ORDER BY ${list.order(field, alias)} LIMIT ${first} + 1) AS ids OFFSET 0) ${page})`;
  };
}

/** Whether the request asks for a later page (an `after` cursor): a variant of the statement of its own. */
function laterPage(field: FieldSql): boolean {
  return field.variant("after", pageKind) === "later";
}

function pageKind(given: unknown): string {
  return given === null || given === undefined ? "first" : "later";
}

/** The page's items (not the extra row), each as an object over `itemRow` of its row at an alias. */
function pageItems(field: FieldSql, itemRow: (page: PageView, alias: string) => Row): string {
  const page = field.row as PageView;
  const alias = field.alias();
  const item = field.alias();
  return `coalesce((SELECT '[' || string_agg(${field.object(itemRow(page, alias))}, ',' ORDER BY ${item}.n) || ']' FROM unnest(${page.column("ids")}) WITH ORDINALITY ${item}(id, n) JOIN ${page.table} ${alias} ON ${alias}.id = ${item}.id WHERE ${item}.n <= ${page.column("first")}), '[]')`;
}

/** The cursor of the page's row at a position (1-based), or NULL past its end. */
function cursorAt(field: FieldSql, position: string): string {
  const page = field.row as PageView;
  const alias = field.alias();
  return `(SELECT ${page.itemValue("$cursor", tableRow(alias))} FROM ${page.table} ${alias} WHERE ${alias}.id = (${page.column("ids")})[${position}])`;
}

/** How many items the page shows: `first`, or fewer at the end of the list. */
function shown(page: Row): string {
  return `least(${page.column("first")}, coalesce(cardinality(${page.column("ids")}), 0))`;
}

/**
 * The JSON fields of a connection type and of its edge type (`ConnectionType` and `EdgeType` of
 * graphql/connection.ts), with the edge's own fields (a quote's `highlight`: an item value).
 */
export function connectionJsonTypes(connection: string, edge: string, edgeFields: Readonly<Record<string, JsonField>> = {}): JsonTypes {
  return {
    [connection]: {
      edges: (field) => pageItems(field, (page, alias) => ({ column: (name) => (name.startsWith("$") ? page.itemValue(name, tableRow(alias)) : `${alias}.${name}`) })),
      nodes: (field) => pageItems(field, (_page, alias) => tableRow(alias)),
      pageInfo: (field) => field.object(field.row),
      totalCount: value((page) => page.column("total")),
    },
    [edge]: {
      cursor: value((row) => row.column("$cursor")),
      node: (field) => field.object(field.row),
      ...edgeFields,
    },
  };
}

/** The JSON fields of PageInfo over a page. */
export const PAGE_INFO_JSON: JsonTypes = {
  PageInfo: {
    hasNextPage: ({ row }) => `(coalesce(cardinality(${row.column("ids")}), 0) > ${row.column("first")})::text`,
    hasPreviousPage: ({ row }) => `'${row.column("later")}'`,
    startCursor: (field) => jsonOf(cursorAt(field, `least(1, ${shown(field.row)})`)),
    endCursor: (field) => jsonOf(cursorAt(field, shown(field.row))),
  },
};
