import { IsOptional, Max, MaxLength, Min } from "class-validator";
import { ArgsType, type ClassType, Extensions, Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "./page-info.type";
import { type ScanExtension } from "./scan";

/** The page size when a client names none. */
export const DEFAULT_PAGE_SIZE = 20;

/** The largest page a client may ask for. */
export const MAX_PAGE_SIZE = 100;

/** `first` and `after`, the arguments of every connection (Relay cursor pagination, forward). */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many items to return: 0 to ${MAX_PAGE_SIZE} (${DEFAULT_PAGE_SIZE} when omitted or null).`,
  })
  @IsOptional()
  @Min(0, { message: `must be between 0 and ${MAX_PAGE_SIZE}, got $value` })
  @Max(MAX_PAGE_SIZE, { message: `must be between 0 and ${MAX_PAGE_SIZE}, got $value` })
  first: number | null;

  @Field(() => String, { nullable: true, description: "Return the items after this cursor (an edge's `cursor` or `pageInfo.endCursor`)." })
  @IsOptional()
  @MaxLength(1024, { message: "is not a cursor of this list" })
  after: string | null;
}

/** A page request with the defaults applied. */
export interface PageRequest {
  first: number;
  after: string | null;
}

export function pageRequest(args: PageArgs): PageRequest {
  return { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after ?? null };
}

/** One item of a page, with the cursor pointing at it. */
export interface PageItem<T> {
  node: T;
  cursor: string;
  /** Quotes only: the text with search matches marked. */
  highlight?: string | null;
}

/** A page of a keyset-paginated list, as services return it. `count` runs only when called. */
export interface Page<T> {
  items: Array<PageItem<T>>;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  count: () => Promise<number>;
}

/**
 * The edge type of a connection: a node with its cursor. Concrete edges extend it
 * (`@ObjectType("PersonEdge") class PersonEdge extends EdgeType(Person, "person") {}`).
 */
export function EdgeType<TNode extends object>(node: ClassType<TNode>, noun: string) {
  @ObjectType({ simpleResolvers: true })
  abstract class Edge {
    @Field({ description: `Opaque position of this ${noun} in the list: pass it as \`after\` to continue from here.` })
    cursor: string;

    @Field(() => node, { description: `The ${noun}.` })
    node: TNode;
  }
  return Edge;
}

/**
 * The connection type of a list (Relay shape): edges, nodes, page info and a lazy total count,
 * which counts all of the list (a scan, `scanOf` its table, priced by the query limits).
 */
export function ConnectionType<TNode extends object, TEdge extends object>(node: ClassType<TNode>, edge: ClassType<TEdge>, plural: string, count: ScanExtension) {
  @ObjectType({ simpleResolvers: true })
  abstract class Connection {
    @Field(() => [edge], { description: `The ${plural} on this page, with their cursors.` })
    edges: TEdge[];

    @Field(() => [node], { description: `The ${plural} on this page, without cursors.` })
    nodes: TNode[];

    @Field(() => PageInfo, { description: "Whether more pages follow, and the cursors to reach them." })
    pageInfo: PageInfo;

    /** Counts the whole list; called only when a client asks for `totalCount`. */
    count: () => Promise<number>;

    @Field(() => Int, { description: `How many ${plural} the whole list holds (counted only when asked for).` })
    @Extensions(count)
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return Connection;
}

/** The GraphQL connection object of a page. */
export function toConnection<TNode extends object, C extends { edges: unknown[]; nodes: TNode[]; pageInfo: PageInfo; count: () => Promise<number> }>(
  connection: new () => C,
  page: Page<TNode>,
): C {
  const items = page.items;
  return Object.assign(new connection(), {
    edges: items.map((item) => ({ cursor: item.cursor, node: item.node, highlight: item.highlight ?? null })),
    nodes: items.map((item) => item.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: items[0]?.cursor ?? null,
      endCursor: items.at(-1)?.cursor ?? null,
    },
    count: page.count,
  });
}

/**
 * The LIMIT of a keyset query: `first + 1` rows, the extra one telling whether more follow
 * ({@link cutPage}). Written into the statement, not passed as a parameter: the planner then
 * knows how few rows are wanted, so a prepared statement can keep one plan instead of being
 * planned again on every run (commit 52ade77: the database's CPU per first page 2.1 -> 1.3 ms on
 * the 100k corpus). `first` is bounded by the page
 * arguments, so a statement has at most {@link MAX_PAGE_SIZE} + 1 forms.
 */
export function pageLimit(request: PageRequest): string {
  const rows = request.first + 1;
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`internal: a page's LIMIT must be a positive integer, got ${rows}`);
  return `LIMIT ${rows}`;
}

/** The column in which a page's statement brings the count of its whole list, when asked to. */
const TOTAL = "$total";

/**
 * The select-list item counting a whole list in a page's statement (`, (SELECT count(*) …) AS
 * "$total"`): an uncorrelated subquery, which PostgreSQL runs once for the statement, and one
 * round trip fewer than counting apart. `from` and `where` are the list's, without the cursor.
 */
export function totalColumn(from: string, where: string): string {
  return totalColumnOf(`(SELECT count(*)::int FROM ${from} WHERE ${where})`);
}

/** The column of {@link totalColumn} from an integer SQL expression (a count kept elsewhere). */
export function totalColumnOf(expression: string): string {
  return `, ${expression} AS "${TOTAL}"`;
}

/** A page's count: the one its statement brought (on every row), else counted apart when asked. */
export function countOf(rows: ReadonlyArray<Record<string, unknown>>, countApart: () => Promise<number>): () => Promise<number> {
  const total = rows[0]?.[TOTAL];
  return typeof total === "number" ? () => Promise.resolve(total) : countApart;
}

/**
 * A page from the `first + 1` rows a keyset query fetched: the extra row only says that more
 * follow.
 */
export function cutPage<R, N>(rows: R[], request: PageRequest, itemOf: (row: R) => PageItem<N>, count: () => Promise<number>): Page<N> {
  return {
    items: rows.slice(0, request.first).map(itemOf),
    hasNextPage: rows.length > request.first,
    hasPreviousPage: request.after !== null,
    count,
  };
}
