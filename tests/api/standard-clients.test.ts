/**
 * What standard GraphQL clients and tools send, over real HTTP, with their defaults: the
 * specified directives, the stock introspection queries, CORS from another origin, plain GETs,
 * and client mistakes answered as client mistakes (never a 500). The clients themselves run
 * in clients/ (Apollo Client, Relay, urql, graphql-request, GraphQL Code Generator, graphql-http).
 */
import { getIntrospectionQuery, type IntrospectionOptions } from "graphql";
import { graphql, type OwnApp, startOwnApp } from "../support/http";

let own: OwnApp;

beforeAll(async () => {
  own = await startOwnApp();
});

afterAll(async () => {
  await own?.finish();
});

/** A GET to /graphql with these parameters and headers, as urql's and graphql-request's defaults send it (no special header). */
async function get(app: OwnApp["app"], parameters: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/graphql?${new URLSearchParams(parameters).toString()}`, { headers: { accept: "application/graphql-response+json, application/json", ...headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> } };
}

describe("the directives graphql-js specifies", () => {
  it("are all in the schema beside @cacheControl", async () => {
    const reply = await graphql<{ __schema: { directives: Array<{ name: string }> } }>(own.app, `{ __schema { directives { name } } }`);
    expect(reply.data?.__schema.directives.map((directive) => directive.name).sort()).toEqual(["cacheControl", "deprecated", "include", "oneOf", "skip", "specifiedBy"]);
  });

  it("@skip and @include work on fields, fragments and inline fragments, with literals and variables, over POST and GET", async () => {
    const query = `query ($full: Boolean!) {
      person(slug: "jigar-bhati") {
        name @skip(if: true)
        slug @include(if: $full)
        ... @include(if: $full) { headline }
        ...Steps @skip(if: $full)
      }
    }
    fragment Steps on Person { careerTimeline { title } }`;
    const full = await graphql<{ person: Record<string, unknown> }>(own.app, query, { full: true });
    expect(full.errors).toBeUndefined();
    expect(Object.keys(full.data?.person ?? {})).toEqual(["slug", "headline"]);
    const brief = await get(own.app, { query, variables: JSON.stringify({ full: false }) });
    expect(brief.status).toBe(200);
    expect(Object.keys((brief.body.data?.person as Record<string, unknown>) ?? {})).toEqual(["careerTimeline"]);
  });
});

describe("introspection", () => {
  const VARIANTS: Array<[string, IntrospectionOptions]> = [
    ["graphql-js's default", {}],
    ["without descriptions", { descriptions: false }],
    ["with specifiedByURL", { specifiedByUrl: true }],
    ["with isRepeatable", { directiveIsRepeatable: true }],
    ["with the schema's description", { schemaDescription: true }],
    ["with deprecated input values (GraphiQL's)", { inputValueDeprecation: true }],
    ["with isOneOf", { oneOf: true }],
    ["with every option (Apollo Sandbox, GraphQL Code Generator)", { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true }],
  ];

  it.each(VARIANTS)("answers the stock introspection query %s", async (_what, options) => {
    const reply = await graphql<{ __schema: { types: Array<{ name: string }> } }>(own.app, getIntrospectionQuery(options));
    expect(reply.status).toBe(200);
    expect(reply.errors).toBeUndefined();
    expect(reply.data?.__schema.types.map((type) => type.name)).toEqual(expect.arrayContaining(["Query", "Mutation", "Person", "Quote", "FuzzyDate"]));
  });

  it("answers it over GET too, as a plain link", async () => {
    const reply = await get(own.app, { query: getIntrospectionQuery() });
    expect(reply.status).toBe(200);
    expect(reply.body.errors).toBeUndefined();
  });

  it.each([
    ["types inside fields inside fields", `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`, "types.fields.fields"],
    ["fields through ofType", `{ __type(name: "Query") { fields { type { ofType { fields { name } } } } } }`, "fields.fields"],
    ["four lists deep", `{ __schema { types { possibleTypes { interfaces { fields { name } } } } } }`, "types.possibleTypes.interfaces.fields"],
  ])("refuses the circular-introspection attack (%s) before running it", async (_what, query, path) => {
    const reply = await graphql(own.app, query);
    expect(reply.status).toBe(400);
    expect(reply.errors?.[0]?.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", introspection: path, limit: 3 });
  });

  it("is measured apart from the data: introspection beside data does not lift the data limits", async () => {
    let selection = "name";
    for (let i = 0; i < 4; i += 1) selection = `quotes(first: 1) { nodes { speaker { ${selection} } } }`;
    const reply = await graphql(own.app, `{ __schema { queryType { name } } person(slug: "jigar-bhati") { ${selection} } }`);
    expect(reply.errors?.[0]?.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", depth: 14, limit: 12 });
  });

  it("is off in production unless INTROSPECTION=true, as Apollo does", async () => {
    const production = await startOwnApp({ nodeEnv: "production", introspection: false, loadContentOnEmpty: false });
    try {
      const refused = await graphql(production.app, getIntrospectionQuery());
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(refused.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
      // Data is served as ever, and __typename is no introspection.
      expect((await graphql(production.app, `{ __typename topics { slug } }`)).errors).toBeUndefined();
    } finally {
      await production.finish();
    }
  });
});

describe("CORS, for browser apps on other origins", () => {
  const ORIGIN = "http://localhost:3000";

  it("answers a preflight with the methods and headers clients send", async () => {
    const response = await fetch(`${own.app.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization,apollo-require-preflight,x-apollo-operation-name" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,POST,OPTIONS");
    const allowed = (response.headers.get("access-control-allow-headers") ?? "").split(",");
    expect(allowed).toEqual(expect.arrayContaining(["content-type", "authorization", "apollo-require-preflight", "x-apollo-operation-name"]));
    expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
  });

  it("lets the page read answers and refusals alike, with the useful headers exposed", async () => {
    const answer = await graphql(own.app, `{ __typename }`, {}, { origin: ORIGIN });
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("access-control-expose-headers")).toContain("retry-after");
    // A page on another origin can read who answered (a trusted operation's statement, the resolvers, the cache).
    expect(answer.headers.get("access-control-expose-headers")).toContain("x-answered-by");
    const refused = await graphql(own.app, `{ nope }`, {}, { origin: ORIGIN });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    const tooDeep = await fetch(`${own.app.url}/graphql`, { method: "POST", headers: { origin: ORIGIN, "content-type": "application/json" }, body: "[".repeat(50) + "]".repeat(50) });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("with CORS_ORIGINS, answers the listed origins by name (Vary: Origin) and no other", async () => {
    const listed = await startOwnApp({ corsOrigins: [ORIGIN], loadContentOnEmpty: false });
    try {
      const allowed = await graphql(listed.app, `{ __typename }`, {}, { origin: ORIGIN });
      expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(allowed.headers.get("vary")).toMatch(/origin/i);
      const other = await graphql(listed.app, `{ __typename }`, {}, { origin: "https://elsewhere.example" });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      expect(other.headers.get("vary")).toMatch(/origin/i);
    } finally {
      await listed.finish();
    }
  });
});

describe("GET without ceremony", () => {
  it("answers a query sent as urql and graphql-request send it, with no preflight header", async () => {
    const reply = await get(own.app, { query: `query Topics { topics { slug } }`, operationName: "Topics" });
    expect(reply.status).toBe(200);
    expect(reply.body.errors).toBeUndefined();
    expect(reply.headers.get("cache-control")).toBe("max-age=60, public");
    // The answer's media type follows Accept: a cache must keep one per Accept.
    expect(reply.headers.get("vary")).toMatch(/accept/i);
  });

  it("still refuses a mutation over GET", async () => {
    const reply = await get(own.app, { query: `mutation { upsertTopic(input: { slug: "by-get", name: "By GET" }) { topic { slug } } }` });
    expect(reply.status).toBe(405);
    expect(reply.body.errors?.[0]?.message).toMatch(/GET/);
  });
});

describe("a client's mistakes are client errors, never a 500", () => {
  it("answers an unknown operationName with 400 and a code", async () => {
    const response = await fetch(`${own.app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "query A { __typename }", operationName: "B" }) });
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(response.status).toBe(400);
    expect(body.errors[0]?.extensions).toMatchObject({ code: "OPERATION_RESOLUTION_FAILURE", argumentPath: "operationName" });
    expect(body.errors[0]?.message).toBe('Unknown operation named "B".');
  });

  it("answers the gateway's own refusals in the media type the client accepts, as Apollo's errors are", async () => {
    let deep = "name";
    for (let i = 0; i < 5; i += 1) deep = `quotes(first: 1) { nodes { speaker { ${deep} } } }`;
    for (const [accept, type] of [
      ["application/graphql-response+json, application/json;q=0.9", "application/graphql-response+json"],
      ["application/json", "application/json"],
      [undefined, "application/json"],
    ] as const) {
      const refused = await graphql(own.app, `{ person(slug: "x") { ${deep} } }`, {}, accept ? { accept } : {});
      const apollo = await graphql(own.app, `{ nope }`, {}, accept ? { accept } : {});
      expect([refused.status, refused.headers.get("content-type")]).toEqual([400, `${type}; charset=utf-8`]);
      expect(apollo.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
    }
  });

  it("answers several operations without operationName with 400 and a code", async () => {
    const reply = await graphql(own.app, `query A { __typename } query B { __typename }`);
    expect(reply.status).toBe(400);
    expect(reply.errors?.[0]?.extensions?.code).toBe("OPERATION_RESOLUTION_FAILURE");
  });

  // Every malformed request a client library or a hand-written call could send.
  const MALFORMED: Array<[string, RequestInit | string]> = [
    ["no query", { body: "{}" }],
    ["a query that is not a string", { body: JSON.stringify({ query: 42 }) }],
    ["an empty query", { body: JSON.stringify({ query: "" }) }],
    ["variables that are not an object", { body: JSON.stringify({ query: "{ __typename }", variables: [1] }) }],
    ["variables as a string of JSON", { body: JSON.stringify({ query: "{ __typename }", variables: "{}" }) }],
    ["an operationName that is not a string", { body: JSON.stringify({ query: "{ __typename }", operationName: 7 }) }],
    ["extensions that are not an object", { body: JSON.stringify({ query: "{ __typename }", extensions: "x" }) }],
    ["a persisted query of version 2", { body: JSON.stringify({ extensions: { persistedQuery: { version: 2, sha256Hash: "a".repeat(64) } } }) }],
    ["a persisted query whose hash is not a string", { body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 5 } } }) }],
    ["a batch holding a number", { body: JSON.stringify([1]) }],
    ["a variable of the wrong type", { body: JSON.stringify({ query: "query ($n: Int) { quotes(first: $n) { totalCount } }", variables: { n: "x" } }) }],
    ["a required variable missing", { body: JSON.stringify({ query: "query ($s: String!) { person(slug: $s) { name } }" }) }],
    ["text/plain", { body: "{ __typename }", headers: { "content-type": "text/plain" } }],
    ["a GET without a query", "?"],
    ["a GET with variables that are not JSON", `?query=${encodeURIComponent("{ __typename }")}&variables=%7Bnope`],
    ["a GET with an unknown operationName", `?query=${encodeURIComponent("query A { __typename }")}&operationName=B`],
    ["a PUT", { method: "PUT", body: JSON.stringify({ query: "{ __typename }" }) }],
  ];

  it.each(MALFORMED)("answers %s with a code, never a 500 (a 4xx, or the 200 of Apollo's persisted-query protocol)", async (_what, request) => {
    const response =
      typeof request === "string"
        ? await fetch(`${own.app.url}/graphql${request}`)
        : await fetch(`${own.app.url}/graphql`, { method: "POST", ...request, headers: { "content-type": "application/json", ...(request.headers as Record<string, string> | undefined) } });
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    if (body.errors?.[0]?.extensions?.code !== "PERSISTED_QUERY_NOT_FOUND") expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
    expect(body.errors?.[0]?.extensions?.code).not.toBe("INTERNAL_SERVER_ERROR");
    const after = await graphql(own.app, `{ topics { slug } }`);
    expect(after.errors).toBeUndefined();
  });
});
