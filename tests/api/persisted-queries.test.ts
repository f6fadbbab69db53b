/**
 * Persisted queries over real HTTP: Apollo's automatic persisted queries (POST and GET), GET
 * answers cacheable by HTTP caches (Cache-Control from @cacheControl hints), and the
 * trusted-documents mode that runs only the operations of the manifests: the project's own
 * (schema/operations/ compiled), and those of Apollo's and GraphQL Code Generator's formats.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { print, parse } from "graphql";
import { readOperation } from "../../src/apollo/operations";
import { buildProjectManifest, loadTrustedOperations, manifestText, ManifestError, PROJECT_MANIFEST, readManifest } from "../../src/apollo/persisted-queries";
import { bearer, graphql, type OwnApp, startOwnApp } from "../support/http";
import { ApiKeyRole, createKey } from "../support/keys";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The id the project's manifest gives an operation. */
function idOf(name: string): string {
  const operation = [...loadTrustedOperations().byId.values()].find((it) => it.name === name);
  if (!operation) throw new Error(`no trusted operation ${name}`);
  return operation.id;
}
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

  it("knows the trusted operations from the start: a fresh copy runs them by their manifest id alone", async () => {
    const reply = await send(own.app, "GET", idOf("PersonTimeline"), { variables: { slug: "jigar-bhati", quotes: 1 } });
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

  it("runs a trusted operation by its manifest id alone, over GET or POST", async () => {
    for (const method of ["GET", "POST"] as const) {
      const reply = await send(own.app, method, idOf("PersonTimeline"), { variables: { slug: "jigar-bhati" } });
      expect(reply.status).toBe(200);
      expect(reply.body.errors).toBeUndefined();
      expect((reply.body.data as { person: { name: string } }).person.name).toBe("Jigar Bhati");
    }
  });

  it("runs a trusted operation sent whole: its manifest body, or its file as written", async () => {
    const body = [...loadTrustedOperations().byId.values()].find((it) => it.name === "TopicDashboard")?.body ?? "";
    for (const text of [body, readOperation("topic-dashboard")]) {
      const reply = await graphql(own.app, text, { filter: { topics: ["hiring"] } });
      expect(reply.errors).toBeUndefined();
    }
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

describe("the project's manifest (schema/persisted-query-manifest.json)", () => {
  it("is schema/operations/ compiled, up to date (npm run operations:manifest)", async () => {
    expect(await readFile(PROJECT_MANIFEST, "utf8")).toBe(manifestText(buildProjectManifest()));
  });

  it("is in Apollo's format: each operation by name, printed with __typename, its id the SHA-256 of its body", () => {
    const manifest = buildProjectManifest();
    expect(manifest.format).toBe("apollo-persisted-query-manifest");
    expect(manifest.operations.map((operation) => operation.name).sort()).toEqual([
      "CompanyTimeline",
      "EditorLookup",
      "EditorSource",
      "EditorViewer",
      "ImportInterview",
      "PeopleDirectory",
      "PersonTimeline",
      "QuoteSearch",
      "RemoveCareerStep",
      "RemoveQuote",
      "RevertAuditEvent",
      "ReviewCareerStep",
      "ReviewQuote",
      "ReviseSource",
      "SourceAudit",
      "SourceReader",
      "TopicDashboard",
      "UpdateCareerStep",
      "UpdateQuote",
    ]);
    // The editor's workspace's writes are trusted operations too, so that it runs on a gateway that takes nothing else.
    const mutations = new Set(["ImportInterview", "RemoveCareerStep", "RemoveQuote", "RevertAuditEvent", "ReviewCareerStep", "ReviewQuote", "ReviseSource", "UpdateCareerStep", "UpdateQuote"]);
    for (const operation of manifest.operations) {
      expect(operation.id).toBe(sha256(operation.body));
      expect(operation.type).toBe(mutations.has(operation.name) ? "mutation" : "query");
      expect(print(parse(operation.body))).toBe(operation.body);
      expect(operation.body).toContain("__typename");
    }
  });
});

describe("manifests of clients' tools (PERSISTED_QUERIES_MANIFESTS)", () => {
  const WHO = "query Who($slug: String!) {\n  person(slug: $slug) {\n    id\n    name\n  }\n}";
  const TOPICS = "query Topics {\n  topics {\n    id\n    slug\n  }\n}";
  let folder: string;
  let own: OwnApp;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "manifests-"));
    // Apollo's generate-persisted-query-manifest, and GraphQL Code Generator's persisted documents (sha1 here).
    await writeFile(
      join(folder, "apollo.json"),
      JSON.stringify({ format: "apollo-persisted-query-manifest", version: 1, operations: [{ id: sha256(WHO), name: "Who", type: "query", body: WHO }] }),
    );
    await writeFile(join(folder, "persisted-documents.json"), JSON.stringify({ [sha1(TOPICS)]: TOPICS }));
    own = await startOwnApp({ persistedQueriesOnly: true, persistedQueryManifests: [join(folder, "apollo.json"), join(folder, "persisted-documents.json")] });
  });

  afterAll(async () => {
    await own?.finish();
    await rm(folder, { recursive: true, force: true });
  });

  it("serves each manifest's operations by the ids those tools send, beside the project's own", async () => {
    const who = await send(own.app, "GET", sha256(WHO), { variables: { slug: "jigar-bhati" } });
    expect(who.body.data).toMatchObject({ person: { name: "Jigar Bhati" } });
    const topics = await send(own.app, "POST", sha1(TOPICS));
    expect(topics.body.errors).toBeUndefined();
    expect((topics.body.data as { topics: unknown[] }).topics.length).toBeGreaterThan(0);
    const project = await send(own.app, "GET", idOf("PeopleDirectory"));
    expect(project.body.errors).toBeUndefined();
  });

  it("still refuses what no manifest holds", async () => {
    const reply = await send(own.app, "GET", sha1("query Other { topics { name } }"));
    expect(reply.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("refuses a manifest it cannot read, naming the file and why", async () => {
    const bad = join(folder, "bad.json");
    for (const [content, why] of [
      ["not json", /not a readable JSON file/],
      [JSON.stringify({ format: "apollo-persisted-query-manifest", version: 2, operations: [] }), /expected an Apollo persisted-query manifest/],
      [JSON.stringify({ abc: "query { nope" }), /operation abc: Syntax Error/],
      [JSON.stringify({ abc: 42 }), /operation abc: its body must be a GraphQL document/],
    ] as const) {
      await writeFile(bad, content);
      expect(() => readManifest(bad)).toThrow(ManifestError);
      expect(() => readManifest(bad)).toThrow(why);
      expect(() => readManifest(bad)).toThrow(bad);
    }
    await writeFile(bad, JSON.stringify({ [idOf("PeopleDirectory")]: TOPICS }));
    expect(() => loadTrustedOperations([bad])).toThrow(/given to two different documents/);
  });
});
