import { IsOptional, MaxLength } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { countOf, cutPage, type Page, PageArgs, pageLimit, pageRequest, totalColumn } from "../connection";
import { CursorCodec } from "../cursor";
import { entityColumns, type ReadSource, SqlParameters } from "../../db/sql";
import { hydratePrefetched, prefetchColumns, type Prefetching } from "./select";

/** Longest text a name search takes. */
export const MAX_NAME_SEARCH_LENGTH = 100;

/** `first`, `after` and a name search: the arguments of `people` and `companies`. */
@ArgsType()
export class SearchablePageArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: `Keep only those whose name or slug contains this text, ignoring case (at most ${MAX_NAME_SEARCH_LENGTH} characters; blank does not filter).`,
  })
  @IsOptional()
  @MaxLength(MAX_NAME_SEARCH_LENGTH, { message: `is longer than ${MAX_NAME_SEARCH_LENGTH} characters` })
  search: string | null;
}

/** A table listed by slug: its entity, and the columns a search looks in. */
export interface SlugListed<T extends object> {
  entity: new () => T;
  table: "people" | "companies" | "sources";
  searchColumns: string[];
}

/** The cursor of a list in slug order: it names its table, so a cursor of one list is refused by another. */
export function slugListCursor(table: SlugListed<object>["table"]): CursorCodec {
  return new CursorCodec(table, ["string"]);
}

/**
 * A page of a table in slug order (slugs are unique and collate "C", so the order is the same on
 * every server and a keyset page is an index range): one statement, which also counts the whole
 * list when `prefetching.total` asks it to; otherwise the total is counted apart, if asked for.
 */
export async function pageBySlug<T extends object & { slug: string }>(
  reader: ReadSource,
  listed: SlugListed<T>,
  args: PageArgs & { search?: string | null },
  prefetching?: Prefetching,
): Promise<Page<T>> {
  const request = pageRequest(args);
  const cursor = slugListCursor(listed.table);
  const after = request.after === null ? null : String(cursor.decode(request.after)[0]);
  const search = args.search?.trim() ?? "";
  const params = new SqlParameters();
  const filter: string[] = [];
  if (search !== "") {
    const pattern = params.add(`%${search.replace(/[\\%_]/g, "\\$&")}%`);
    filter.push(`(${listed.searchColumns.map((column) => `x.${column} ILIKE ${pattern}`).join(" OR ")})`);
  }
  const filtered = filter.length > 0 ? filter.join(" AND ") : "true";
  const filterValues = [...params.values];
  const conditions = after === null ? filtered : `${filtered} AND x.slug > ${params.add(after)}`;
  const total = prefetching?.total ? totalColumn(`${listed.table} x`, filtered) : "";
  const rows = await reader.query<Array<Record<string, unknown>>>(
    `SELECT ${entityColumns(reader, listed.entity, "x")}${prefetchColumns(prefetching, listed.entity, "x")}${total} FROM ${listed.table} x
      WHERE ${conditions}
      ORDER BY x.slug ${pageLimit(request)}`,
    params.values,
  );
  return cutPage(
    rows.map((row) => hydratePrefetched(listed.entity, row, reader, prefetching)),
    request,
    (node) => ({ node, cursor: cursor.encode([node.slug]) }),
    countOf(rows, async () => {
      const [row] = await reader.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM ${listed.table} x WHERE ${filtered}`, filterValues);
      return row?.count ?? 0;
    }),
  );
}
