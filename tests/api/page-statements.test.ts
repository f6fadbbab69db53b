/**
 * The statements of a page of quotes (src/quotes/quote-query.ts): what PostgreSQL is given to
 * plan. The root list is a plain keyset query with its LIMIT written in, so that a first page
 * has no parameter at all and its prepared statement keeps one plan; lists of parent objects
 * run the same query once per parent. Run on the database too: each form returns its rows.
 */
import { pageLimit } from "../../src/graphql/connection";
import { normalizeFilter, QuoteListQuery, type QuotePageRow } from "../../src/quotes/quote-query";
import { QuoteOrder } from "../../src/quotes/quote.inputs";
import { Reader } from "../../src/db/reader";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";

let api: TestApi;
let reader: Reader;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  reader = new Reader(api.db.dataSource);
});

afterAll(async () => {
  await api?.close();
});

const sourceOrder = (scope: "all" | "speaker", filter = {}) => new QuoteListQuery(reader, scope, normalizeFilter(filter), QuoteOrder.SOURCE_ORDER);

describe("the root list of quotes", () => {
  it("is a plain keyset query: a first page has no parameter, its LIMIT (first + 1) written in", async () => {
    const { sql, values } = sourceOrder("all").page([null], { first: 5, after: null });
    expect(values).toEqual([]);
    expect(sql).toMatch(/LIMIT 6\b/);
    expect(sql).not.toMatch(/unnest/);
    const rows = await reader.query<QuotePageRow[]>(sql, values);
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.parentId === null)).toBe(true);
  });

  it("passes the cursor's key and the filter as parameters, never in the text", async () => {
    const first = sourceOrder("all", { speakers: ["jigar-bhati"] });
    const firstPage = first.page([null], { first: 2, after: null });
    const [, second] = await reader.query<QuotePageRow[]>(firstPage.sql, firstPage.values);
    const { sql, values } = first.page([null], { first: 2, after: first.cursorOf(second as QuotePageRow) });
    const row = second as QuotePageRow;
    expect(values).toEqual([["jigar-bhati"], row.sourceSlug, row.spanStart, row.spanEnd, row.anchorRevision]);
    expect(sql).not.toContain("jigar-bhati");
    const rows = await reader.query<QuotePageRow[]>(sql, values);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.spanStart).toBeGreaterThan((second as QuotePageRow).spanStart as number);
  });
});

describe("the lists of parent objects", () => {
  it("run the keyset query once per parent id, in one statement", async () => {
    const [speaker] = await reader.query<Array<{ id: string }>>("SELECT id FROM people WHERE slug = 'jigar-bhati'");
    const { sql, values } = sourceOrder("speaker").page([speaker!.id, "00000000-0000-0000-0000-000000000000"], { first: 3, after: null });
    expect(sql).toMatch(/unnest/);
    expect(values).toEqual([[speaker!.id, "00000000-0000-0000-0000-000000000000"]]);
    const rows = await reader.query<QuotePageRow[]>(sql, values);
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.parentId === speaker!.id)).toBe(true);
  });
});

describe("pageLimit", () => {
  it("writes first + 1, and refuses what is not a whole number of rows", () => {
    expect(pageLimit({ first: 0, after: null })).toBe("LIMIT 1");
    expect(pageLimit({ first: 100, after: null })).toBe("LIMIT 101");
    expect(() => pageLimit({ first: 1.5, after: null })).toThrow(/positive integer/);
    expect(() => pageLimit({ first: Number.NaN, after: null })).toThrow(/positive integer/);
    expect(() => pageLimit({ first: -2, after: null })).toThrow(/positive integer/);
  });
});
