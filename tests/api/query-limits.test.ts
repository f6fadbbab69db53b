/**
 * Query cost, depth and field count: an operation that asks for too much is refused with
 * QUERY_TOO_COMPLEX (saying how much and the limit) before it runs a single SQL statement;
 * every executed operation says its cost in extensions.cost.
 */
import { parse } from "graphql";
import { readOperation } from "../../src/apollo/operations";
import { bracketDepth, measureOperation } from "../../src/apollo/query-limits";
import { jsonDepth } from "../../src/http/request-bounds";
import { loadTrustedOperations } from "../../src/apollo/persisted-queries";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";
import { graphql, type OwnApp, startOwnApp } from "../support/http";

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
});

afterAll(async () => {
  await api.close();
});

/** The default limits (config.ts): cost 20,000, depth 12, fields 500. */
const LIMITS = { cost: 20_000, depth: 12, fields: 500 };

interface Cost {
  requested: number;
  limit: number;
}

async function costOf(query: string, variables: Record<string, unknown> = {}): Promise<Cost | undefined> {
  return (await api.run(query, variables)).extensions?.cost as Cost | undefined;
}

describe("cost", () => {
  it.each([
    ["a scalar at the root", `{ __typename }`, 0],
    ["one object", `{ person(slug: "jigar-bhati") { name } }`, 1],
    ["a page of 20 (the default)", `{ quotes { nodes { text } } }`, 1 + 20 * 1],
    ["a page of 5 with each speaker", `{ quotes(first: 5) { nodes { text speaker { name } } } }`, 1 + 5 * (1 + 1)],
    ["a list of unknown length, guessed at 10", `{ topics { slug } }`, 1 + 10 * 0],
    ["nested pages multiply", `{ people(first: 10) { nodes { quotes(first: 10) { nodes { text } } } } }`, 1 + 10 * (1 + (1 + 10 * 1))],
    // Past the cap the field is refused when it runs (BAD_USER_INPUT): what it could cost is the cap's.
    ["a first past the cap, costed at the cap", `{ quotes(first: 1000) { nodes { speaker { name } } } }`, 1 + 100 * 2],
  ])("costs %s", async (_what, query, expected) => {
    expect(await costOf(query)).toEqual({ requested: expected, limit: LIMITS.cost });
  });

  it("takes the variables into account", async () => {
    const query = `query ($n: Int) { quotes(first: $n) { nodes { speaker { name } } } }`;
    expect((await costOf(query, { n: 3 }))?.requested).toBe(1 + 3 * 2);
    expect((await costOf(query, { n: 50 }))?.requested).toBe(1 + 50 * 2);
  });

  it("refuses an operation over the limit before any SQL, saying the cost and the limit", async () => {
    const reply = await api.run(`{ people(first: 100) { nodes { quotes(first: 100) { nodes { speaker { quotes(first: 100) { totalCount } } } } } } }`);
    expect(reply.errors).toHaveLength(1);
    expect(reply.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: LIMITS.cost });
    expect(reply.errors?.[0]?.extensions?.cost).toBeGreaterThan(LIMITS.cost);
    expect(reply.errors?.[0]?.message).toMatch(/would cost \d+; the limit is 20000/);
    expect(reply.data).toBeUndefined();
    expect(reply.statements).toBe(0);
  });

  it("refuses the same operation each time it comes: a kept cost is refused again, with a new error", async () => {
    const query = `{ people(first: 100) { nodes { quotes(first: 100) { nodes { speaker { quotes(first: 99) { totalCount } } } } } } }`;
    const replies = [await api.run(query), await api.run(query)];
    for (const reply of replies) {
      expect(reply.errors?.map((error) => error.extensions?.code)).toEqual(["QUERY_TOO_COMPLEX"]);
      expect(reply.statements).toBe(0);
    }
    expect(replies[1]?.errors?.[0]?.extensions?.cost).toBe(replies[0]?.errors?.[0]?.extensions?.cost);
  });

  it("keeps every trusted operation of schema/operations/ well within the limits", async () => {
    // The workspace's mutations run anonymously here (refused: what is measured is their cost).
    const inputs: Record<string, Record<string, unknown>> = {
      UpdateQuote: { id: "x" },
      RemoveQuote: { id: "x" },
      ReviewQuote: { id: "x", status: "CONFIRMED" },
      UpdateCareerStep: { id: "x" },
      RemoveCareerStep: { id: "x" },
      ReviewCareerStep: { id: "x", status: "CONFIRMED" },
      ReviseSource: { source: "x", body: "x" },
      RevertAuditEvent: { id: "x" },
    };
    for (const operation of loadTrustedOperations().byId.values()) {
      const variables = { slug: "jigar-bhati", search: "hiring", nodeId: "x", bundle: "x", dryRun: true, input: inputs[operation.name] };
      const cost = await costOf(operation.body, variables);
      expect(cost?.requested).toBeLessThan(LIMITS.cost / 4);
      const { depth, fields } = measureOperation(parse(operation.body), null);
      expect(depth).toBeLessThanOrEqual(LIMITS.depth);
      expect(fields).toBeLessThan(LIMITS.fields / 2);
    }
  });
});

describe("depth and field count, checked as the request arrives", () => {
  let own: OwnApp;

  beforeAll(async () => {
    own = await startOwnApp({ loadContentOnEmpty: false });
  });

  afterAll(async () => {
    await own?.finish();
  });

  it("refuses nesting deeper than the limit with HTTP 400, running no SQL", async () => {
    // person → quotes → nodes → speaker → … 14 levels.
    let selection = "name";
    for (let i = 0; i < 4; i += 1) selection = `quotes(first: 1) { nodes { speaker { ${selection} } } }`;
    // Twice: the second time the kept verdict answers, the same.
    for (let i = 0; i < 2; i += 1) {
      const reply = await graphql(own.app, `{ person(slug: "jigar-bhati") { ${selection} } }`);
      expect(reply.status).toBe(400);
      expect(reply.errors?.[0]?.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", depth: 14, limit: LIMITS.depth });
      expect(reply.headers.get("x-sql-statements")).toBeNull();
    }
  });

  it("refuses a flood of aliases, and counts fields spread through fragments each time", async () => {
    const aliases = Array.from({ length: 600 }, (_, i) => `a${i}: __typename`).join(" ");
    const flood = await graphql(own.app, `{ ${aliases} }`);
    expect(flood.status).toBe(400);
    expect(flood.errors?.[0]?.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", fields: 600, limit: LIMITS.fields });

    const spreads = Array.from({ length: 130 }, (_, i) => `f${i}: speaker { name } ...F`).join(" ");
    const spread = await graphql(own.app, `fragment F on Quote { text section span { start end } } { quotes(first: 1) { nodes { ${spreads} } } }`);
    expect(spread.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("checks every operation of a batch, and GET requests too", async () => {
    const deep = `{ person(slug: "x") { quotes { nodes { speaker { quotes { nodes { speaker { quotes { nodes { speaker { quotes { nodes { text } } } } } } } } } } } } }`;
    const batch = await fetch(`${own.app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ __typename }" }, { query: deep }]),
    });
    expect(batch.status).toBe(400);
    const get = await fetch(`${own.app.url}/graphql?query=${encodeURIComponent(deep)}`, { headers: { "apollo-require-preflight": "1" } });
    expect(get.status).toBe(400);
    expect(((await get.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("lets an operation within the limits through", async () => {
    const reply = await graphql(own.app, `{ topics { slug } }`);
    expect(reply.status).toBe(200);
    expect(reply.errors).toBeUndefined();
  });
});

describe("measureOperation", () => {
  it("follows fragments and inline fragments, picks the named operation, and stops at a fragment cycle", () => {
    const document = parse(`
      query A { person(slug: "x") { ...P } }
      query B { topics { slug } }
      fragment P on Person { name careerTimeline { company { ... on Company { name } } } }
      fragment Loop on Person { ...Loop name }
    `);
    const none = { depth: 0, fields: 0, tooNested: null };
    expect(measureOperation(document, "A")).toEqual({ depth: 4, fields: 5, introspection: none });
    expect(measureOperation(document, "B")).toEqual({ depth: 2, fields: 2, introspection: none });
    expect(measureOperation(parse(`{ person(slug: "x") { ...Loop } } fragment Loop on Person { ...Loop name }`), null)).toEqual({ depth: 2, fields: 2, introspection: none });
    expect(measureOperation(parse(readOperation("topic-dashboard")), null).depth).toBeGreaterThan(2);
  });
});

describe("bracketDepth", () => {
  it("counts how deep brackets nest, skipping those inside strings, block strings and comments", () => {
    expect(bracketDepth(`{ a { b(x: [1, {y: 2}]) } }`)).toBe(5);
    expect(bracketDepth(`{ a(s: "{{{{[[[(((") }`)).toBe(2);
    expect(bracketDepth(`{ a(s: """ {{{ \\""" {{{ """) }`)).toBe(2);
    expect(bracketDepth(`{ a(s: "\\" {{{") }`)).toBe(2);
    expect(bracketDepth(`# {{{{{{\n{ a }`)).toBe(1);
  });
});

describe("jsonDepth", () => {
  it("measures nesting without recursion, and stops once past the limit", () => {
    expect(jsonDepth(null)).toBe(0);
    expect(jsonDepth({ a: [1, { b: [] }] })).toBe(4);
    expect(jsonDepth(JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`))).toBe(33);
  });
});
