/**
 * Errors of the read API: every bad argument is BAD_USER_INPUT naming its path, before any SQL
 * runs; several bad arguments are all named; an invalid document keeps Apollo's standard codes.
 * (Masking of internal errors is proven over HTTP in server.test.ts.)
 */
import { ESSAY_BUNDLE, expectBadUserInput, openTestApi, type TestApi } from "../support/api";

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
});

afterAll(async () => {
  await api.close();
});

const slugs = (n: number) => Array.from({ length: n }, (_, i) => `slug-${i}`);

describe("bounded arguments", () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    ["a search over 256 characters", "query ($filter: QuoteFilter) { quotes(filter: $filter) { totalCount } }", { filter: { search: "a".repeat(257) } }, "filter.search"],
    ["more than 100 speakers", "query ($filter: QuoteFilter) { quotes(filter: $filter) { totalCount } }", { filter: { speakers: slugs(101) } }, "filter.speakers"],
    ["more than 100 topics in stats", "query ($filter: QuoteFilter) { quoteStats(filter: $filter) { total } }", { filter: { topics: slugs(101) } }, "filter.topics"],
    ["more than 100 companies on a person's quotes", `query ($filter: QuoteFilter) { person(slug: "jigar-bhati") { quotes(filter: $filter) { totalCount } } }`, { filter: { companies: slugs(101) } }, "filter.companies"],
    ["more than 100 sources on a company's quotes", `query ($filter: QuoteFilter) { company(slug: "openai") { quotes(filter: $filter) { totalCount } } }`, { filter: { sources: slugs(101) } }, "filter.sources"],
    ["a people search over 100 characters", "query ($search: String) { people(search: $search) { totalCount } }", { search: "x".repeat(101) }, "search"],
    ["a company search over 100 characters", "query ($search: String) { companies(search: $search) { totalCount } }", { search: "x".repeat(101) }, "search"],
    ["first over 100 on a topic's quotes", "query ($first: Int) { topics { quotes(first: $first) { totalCount } } }", { first: 101 }, "first"],
    ["first over 100 on a source's quotes", `query ($first: Int) { source(slug: "openai-engineer-as-told-to") { quotes(first: $first) { totalCount } } }`, { first: 101 }, "first"],
    ["first over 100 on sources", "query ($first: Int) { sources(first: $first) { totalCount } }", { first: 101 }, "first"],
  ])("refuses %s", async (_what, query, variables, argumentPath) => {
    const reply = await api.run(query, variables);
    expectBadUserInput(reply, argumentPath);
    expect(reply.errors?.[0]?.message).toMatch(new RegExp(`^${argumentPath.replace(/[.[\]]/g, "\\$&")}: `));
  });

  it("accepts the largest allowed values", async () => {
    const reply = await api.run(
      `query ($filter: QuoteFilter, $search: String) { quotes(first: 100, filter: $filter) { totalCount } people(search: $search) { totalCount } }`,
      { filter: { search: "a".repeat(256), speakers: slugs(100), topics: slugs(100), companies: slugs(100), sources: slugs(100) }, search: "x".repeat(100) },
    );
    expect(reply.errors).toBeUndefined();
  });

  it("names every bad argument of a field at once, and runs no SQL", async () => {
    const reply = await api.run(`query ($filter: QuoteFilter) { quotes(first: 500, filter: $filter) { totalCount } }`, {
      filter: { search: "a".repeat(300), topics: slugs(200) },
    });
    expect(reply.errors).toHaveLength(1);
    expect(reply.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(reply.errors?.[0]?.extensions?.problems?.map((problem) => problem.argumentPath).sort()).toEqual(["filter.search", "filter.topics", "first"]);
    expect(reply.statements).toBe(0);
  });

  it("locates a bad nested argument by the field's path and the argument's name", async () => {
    const reply = await api.run(`{ person(slug: "jigar-bhati") { name quotes(first: 1000) { totalCount } } }`);
    expect(reply.errors?.[0]?.path).toEqual(["person", "quotes"]);
    expect(reply.errors?.[0]?.extensions?.argumentPath).toBe("first");
    // Person.quotes is non-null, so its error nulls the person; no other field is touched.
    expect(reply.data).toEqual({ person: null });
  });
});

describe("invalid documents and variables", () => {
  it("keeps Apollo's codes for a document that does not parse or does not validate", async () => {
    expect((await api.run("{ quotes(")).errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect((await api.run("{ quotes { nope } }")).errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("calls a variable of the wrong type BAD_USER_INPUT", async () => {
    const reply = await api.run("query ($first: Int) { quotes(first: $first) { totalCount } }", { first: "ten" });
    expect(reply.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(reply.errors?.[0]?.message).toContain("$first");
  });

  it("calls an unknown enum value BAD_USER_INPUT", async () => {
    const reply = await api.run("query ($order: QuoteOrder) { quotes(orderBy: $order) { totalCount } }", { order: "NEWEST" });
    expect(reply.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("text the database cannot store as written", () => {
  const cursor = (...key: unknown[]) => Buffer.from(JSON.stringify(key), "utf8").toString("base64url");

  it.each<[string, string, Record<string, unknown>, string]>([
    ["a NUL in a slug", "query ($slug: String!) { person(slug: $slug) { id } }", { slug: "jigar\u0000bhati" }, "slug"],
    ["a NUL in a search", "query ($filter: QuoteFilter) { quotes(filter: $filter) { totalCount } }", { filter: { search: "talent\u0000" } }, "filter.search"],
    ["a lone surrogate among the topics", "query ($filter: QuoteFilter) { quoteStats(filter: $filter) { total } }", { filter: { topics: ["hiring", "\ud800"] } }, "filter.topics[1]"],
    ["a NUL in a people search", "query ($search: String) { people(search: $search) { totalCount } }", { search: "\u0000" }, "search"],
    ["a cursor whose key holds a NUL", "query ($after: String) { people(after: $after) { totalCount } }", { after: cursor("people", "jigar\u0000") }, "after"],
  ])("refuses %s as BAD_USER_INPUT naming it", async (_what, query, variables, argumentPath) => {
    expectBadUserInput(await api.run(query, variables), argumentPath);
  });
});
