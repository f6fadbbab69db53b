/**
 * Persisted queries over real HTTP: Apollo's automatic persisted queries (POST and GET), GET
 * answers cacheable by HTTP caches (Cache-Control from @cacheControl hints), and the
 * trusted-documents mode that runs only the operations of schema/operations/.
 */
import { createHash } from "node:crypto";
import { readOperation } from "../src/operations";
import { loadTrustedOperations } from "../src/serving/persisted-queries";
import { bearer, graphql, type OwnApp, startOwnApp } from "./support/http";
import { ApiKeyRole, createKey } from "./support/keys";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

/** Sends an operation by hash (and its text when given), over POST or GET. */
async function send(app: OwnApp["app"], method: "GET" | "POST", hash: string, options: { query?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
  const body = { ...(options.query ? { query: options.query } : {}), variables: options.variables ?? {}, extensions: persisted(hash) };
  const response =
    method === "POST"
      ? await fetch(`${app.url}/graphql`, { method, headers: { "content-type": "application/json", ...options.headers }, body: JSON.stringify(body) })
      : await fetch(
          `${app.url}/graphql?${new URLSearchParams({ ...(options.query ? { query: options.query } : {}), variables: JSON.stringify(body.variables), extensions: JSON.stringify(body.extensions) }).toString()}`,
          // Apollo's CSRF prevention asks GET clients for a header a plain link cannot send.
          { headers: { "apollo-require-preflight": "1", ...options.headers } },
        );
  return { status: response.status, cacheControl: response.headers.get("cache-control"), body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
}

describe("automatic persisted queries", () => {
  let own: OwnApp;

  beforeAll(async () => {
    own = await startOwnApp();
  });

  afterAll(async () => {
    await own?.finish();
  });

  const QUERY = `query Who($slug: String!) { person(slug: $slug) { name } }`;

  it("answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, then runs it by hash once registered", async () => {
    const hash = sha256(QUERY);
    const unknown = await send(own.app, "POST", hash, { variables: { slug: "jigar-bhati" } });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");

    const registered = await send(own.app, "POST", hash, { query: QUERY, variables: { slug: "jigar-bhati" } });
    expect(registered.body.data).toEqual({ person: { name: "Jigar Bhati" } });

    const byHash = await send(own.app, "POST", hash, { variables: { slug: "jigar-bhati" } });
    expect(byHash.body.data).toEqual({ person: { name: "Jigar Bhati" } });
  });

  it("runs a persisted query by GET, with an answer HTTP caches may keep", async () => {
    const query = `query Topics { topics { slug } }`;
    await send(own.app, "POST", sha256(query), { query });
    const get = await send(own.app, "GET", sha256(query));
    expect(get.status).toBe(200);
    expect(get.body.errors).toBeUndefined();
    expect(get.cacheControl).toBe("max-age=60, public");
  });

  it("knows the trusted operations from the start: a fresh copy runs them by hash alone", async () => {
    const text = readOperation("person-timeline");
    const reply = await send(own.app, "GET", sha256(text), { variables: { slug: "jigar-bhati", quotes: 1 } });
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data).toMatchObject({ person: { name: "Jigar Bhati" } });
  });

  it("refuses a hash that does not match the text", async () => {
    const reply = await send(own.app, "POST", sha256("something else"), { query: QUERY, variables: { slug: "x" } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0]?.message).toMatch(/sha does not match/);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("marks what depends on the key as private and uncacheable", async () => {
    const key = await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR);
    const query = `query Me { viewer { label } }`;
    await send(own.app, "POST", sha256(query), { query, headers: bearer(key.secret) });
    const get = await send(own.app, "GET", sha256(query), { headers: bearer(key.secret) });
    expect(get.body.data).toEqual({ viewer: { label: "editor-key" } });
    expect(get.cacheControl).toBe("no-store");
  });
});

describe("trusted documents only (PERSISTED_QUERIES_ONLY=true)", () => {
  let own: OwnApp;

  beforeAll(async () => {
    own = await startOwnApp({ persistedQueriesOnly: true });
  });

  afterAll(async () => {
    await own?.finish();
  });

  it("hashes each operation of schema/operations/ by its file's text", () => {
    const operations = [...loadTrustedOperations().values()];
    expect(operations.map((operation) => operation.name).sort()).toEqual(["people-directory", "person-timeline", "quote-search", "source-reader", "topic-dashboard"]);
    for (const operation of operations) expect(operation.sha256).toBe(sha256(readOperation(operation.name)));
  });

  it("runs a trusted operation by its hash alone, over GET or POST", async () => {
    const hash = sha256(readOperation("person-timeline"));
    for (const method of ["GET", "POST"] as const) {
      const reply = await send(own.app, method, hash, { variables: { slug: "jigar-bhati" } });
      expect(reply.status).toBe(200);
      expect(reply.body.errors).toBeUndefined();
      expect((reply.body.data as { person: { name: string } }).person.name).toBe("Jigar Bhati");
    }
  });

  it("runs a trusted operation sent whole", async () => {
    const reply = await graphql(own.app, readOperation("topic-dashboard"), { filter: { topics: ["hiring"] } });
    expect(reply.errors).toBeUndefined();
  });

  it("refuses any other operation, and lets no client register one", async () => {
    const adHoc = await graphql(own.app, `{ topics { slug } }`);
    expect(adHoc.status).toBe(400);
    expect(adHoc.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(adHoc.errors?.[0]?.message).toMatch(/only its trusted operations/);

    const query = `query Sneaky { topics { slug name } }`;
    const register = await send(own.app, "POST", sha256(query), { query });
    expect(register.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const byHash = await send(own.app, "POST", sha256(query));
    expect(byHash.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });
});
