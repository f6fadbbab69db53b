/**
 * API keys over real HTTP: the Authorization header, roles, revocation, keys stored only as
 * hashes, reads public unless REQUIRE_KEY_FOR_READS; and two editors racing on one quote,
 * where one wins and the other gets CONFLICT, never a silently lost update.
 */
import { hashKey } from "../../src/api-keys/auth";
import { snapshot } from "../support/bundles";
import { bearer, graphql, type OwnApp, startOwnApp } from "../support/http";
import { ApiKeyRole, createKey, type TestKey } from "../support/keys";

let own: OwnApp;
let editor: TestKey;
let admin: TestKey;

beforeAll(async () => {
  own = await startOwnApp();
  editor = await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR, "cms");
  admin = await createKey(own.app.database.dataSource, ApiKeyRole.ADMIN, "ops");
});

afterAll(async () => {
  await own?.finish();
});

const READ = `{ person(slug: "jigar-bhati") { name } }`;
const UPSERT = `mutation ($slug: String!) { upsertTopic(input: { slug: $slug, name: "A topic" }) { topic { slug } created } }`;
const CREATE_KEY = `mutation ($label: String!, $role: ApiKeyRole!) { createApiKey(input: { label: $label, role: $role }) { apiKey { id label role prefix revokedAt } secret } }`;
const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { id revokedAt } } }`;

describe("reads and writes", () => {
  it("serves reads without a key, and refuses writes without one, changing nothing", async () => {
    expect((await graphql(own.app, READ)).data).toEqual({ person: { name: "Jigar Bhati" } });
    const before = await snapshot(own.app.database.dataSource);
    const reply = await graphql(own.app, UPSERT, { slug: "no-key" });
    expect(reply.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(reply.data).toBeNull();
    expect(await snapshot(own.app.database.dataSource)).toEqual(before);
  });

  it("lets an EDITOR key write content", async () => {
    const reply = await graphql(own.app, UPSERT, { slug: "by-editor" }, bearer(editor.secret));
    expect(reply.errors).toBeUndefined();
    expect(reply.data).toEqual({ upsertTopic: { topic: { slug: "by-editor" }, created: true } });
  });

  it("refuses key administration and the audit trail to an EDITOR key with FORBIDDEN", async () => {
    const create = await graphql(own.app, CREATE_KEY, { label: "nope", role: "EDITOR" }, bearer(editor.secret));
    expect(create.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const trail = await graphql(own.app, "{ auditEvents { totalCount } }", {}, bearer(editor.secret));
    expect(trail.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(trail.errors?.[0]?.message).toContain("ADMIN");
  });

  it("says who a key is (viewer), and nothing without one", async () => {
    expect((await graphql(own.app, "{ viewer { label role prefix } }", {}, bearer(editor.secret))).data).toEqual({
      viewer: { label: "cms", role: "EDITOR", prefix: editor.secret.slice(0, 8) },
    });
    expect((await graphql(own.app, "{ viewer { label } }")).data).toEqual({ viewer: null });
  });
});

describe("bad keys", () => {
  it.each<[string, () => string]>([
    ["an unknown key of the right form", () => `Bearer ig_${"A".repeat(43)}`],
    ["a key of the wrong form", () => "Bearer hunter2"],
    ["another scheme", () => "Basic dXNlcjpwYXNz"],
    ["a valid key without `Bearer`", () => editor.secret],
  ])("refuses %s with HTTP 401 UNAUTHENTICATED, even for a read", async (_what, header) => {
    const reply = await graphql(own.app, READ, {}, { authorization: header() });
    expect(reply.status).toBe(401);
    expect(reply.headers.get("www-authenticate")).toBe('Bearer realm="interview-graph"');
    expect(reply.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(reply.data).toBeUndefined();
  });
});

describe("key administration", () => {
  it("shows a new key's secret once, keeps only its hash, and revokes it", async () => {
    const created = await graphql<{ createApiKey: { apiKey: { id: string; label: string; role: string; prefix: string; revokedAt: null }; secret: string } }>(
      own.app,
      CREATE_KEY,
      { label: "script", role: "EDITOR" },
      bearer(admin.secret),
    );
    const { apiKey, secret } = created.data?.createApiKey ?? { apiKey: null, secret: "" };
    expect(secret).toMatch(/^ig_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ label: "script", role: "EDITOR", prefix: secret.slice(0, 8), revokedAt: null });

    // Stored as its SHA-256: the secret itself is in no column of any row.
    const rows = await own.app.database.dataSource.query<Array<Record<string, unknown>>>("SELECT * FROM api_keys WHERE key_prefix = $1", [secret.slice(0, 8)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key_sha256).toBe(hashKey(secret));
    expect(JSON.stringify(rows)).not.toContain(secret);
    const audit = await own.app.database.dataSource.query<Array<{ row: string }>>("SELECT row_to_json(c)::text AS row FROM audit_changes c WHERE table_name = 'api_keys'");
    expect(audit.map((row) => row.row).join("")).not.toContain(hashKey(secret));

    // It works, it is listed (without its secret), its use is recorded, then it is revoked.
    expect((await graphql(own.app, UPSERT, { slug: "by-script" }, bearer(secret))).errors).toBeUndefined();
    const listed = await graphql<{ apiKeys: Array<{ id: string; label: string; lastUsedAt: string | null }> }>(own.app, "{ apiKeys { id label lastUsedAt } }", {}, bearer(admin.secret));
    expect(listed.raw).not.toContain(secret);
    expect(listed.data?.apiKeys.find((key) => key.id === apiKey?.id)?.lastUsedAt).not.toBeNull();

    const revoked = await graphql<{ revokeApiKey: { apiKey: { revokedAt: string | null } } }>(own.app, REVOKE_KEY, { id: apiKey?.id }, bearer(admin.secret));
    expect(revoked.data?.revokeApiKey.apiKey.revokedAt).not.toBeNull();
    const refused = await graphql(own.app, READ, {}, bearer(secret));
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a bad label or role, and an id that is not a key's", async () => {
    expect((await graphql(own.app, CREATE_KEY, { label: " ", role: "EDITOR" }, bearer(admin.secret))).errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argumentPath: "input.label",
    });
    expect((await graphql(own.app, CREATE_KEY, { label: "x", role: "ROOT" }, bearer(admin.secret))).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await graphql(own.app, REVOKE_KEY, { id: "nope" }, bearer(admin.secret))).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentPath: "input.id" });
  });
});

describe("REQUIRE_KEY_FOR_READS=true", () => {
  it("refuses reads without a key with 401, and serves them with one", async () => {
    const locked = await startOwnApp({ requireKeyForReads: true, loadContentOnEmpty: false });
    try {
      const key = await createKey(locked.app.database.dataSource, ApiKeyRole.EDITOR);
      const anonymous = await graphql(locked.app, "{ topics { slug } }");
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect((await graphql(locked.app, "{ topics { slug } }", {}, bearer(key.secret))).data).toEqual({ topics: [] });
    } finally {
      await locked.finish();
    }
  });
});

describe("concurrent edits", () => {
  const ADD = `mutation { addQuote(input: { source: "openai-engineer-as-told-to", speaker: "jigar-bhati", text: "exponential growth in your professional career" }) { quote { id version } } }`;
  const UPDATE = `mutation ($id: ID!, $version: Int, $topics: [String!]) { updateQuote(input: { id: $id, expectedVersion: $version, topics: $topics }) { quote { version topics { slug } } } }`;

  it("lets one of two racing updates of the same version win; the other gets CONFLICT, and nothing is lost", async () => {
    const added = await graphql<{ addQuote: { quote: { id: string; version: number } } }>(own.app, ADD, {}, bearer(editor.secret));
    const id = added.data?.addQuote.quote.id;
    const [a, b] = await Promise.all([
      graphql<{ updateQuote: { quote: { version: number } } }>(own.app, UPDATE, { id, version: 1, topics: ["professional-growth"] }, bearer(editor.secret)),
      graphql<{ updateQuote: { quote: { version: number } } }>(own.app, UPDATE, { id, version: 1, topics: ["impact"] }, bearer(admin.secret)),
    ]);
    const outcomes = [a, b].map((reply) => (reply.errors === undefined ? "ok" : String(reply.errors[0]?.extensions?.code)));
    expect(outcomes.sort()).toEqual(["CONFLICT", "ok"]);
    const winner = a.errors === undefined ? "professional-growth" : "impact";
    const loser = a.errors === undefined ? b : a;
    expect(loser.errors?.[0]?.extensions).toMatchObject({ reason: "STALE_VERSION", expectedVersion: 1, actualVersion: 2 });
    const now = await graphql<{ node: { version: number; topics: Array<{ slug: string }> } }>(own.app, `query ($id: ID!) { node(id: $id) { ... on Quote { version topics { slug } } } }`, { id });
    expect(now.data?.node).toEqual({ version: 2, topics: [{ slug: winner }] });
  });

  it("applies both of two racing updates without expectedVersion, one after the other", async () => {
    const added = await graphql<{ addQuote: { quote: { id: string } } }>(
      own.app,
      ADD.replace("exponential growth in your professional career", "learning from different people"),
      {},
      bearer(editor.secret),
    );
    const id = added.data?.addQuote.quote.id;
    const replies = await Promise.all([
      graphql(own.app, UPDATE, { id, topics: ["hiring"] }, bearer(editor.secret)),
      graphql(own.app, UPDATE, { id, topics: ["ai"] }, bearer(editor.secret)),
    ]);
    expect(replies.map((reply) => reply.errors)).toEqual([undefined, undefined]);
    const now = await graphql<{ node: { version: number } }>(own.app, `query ($id: ID!) { node(id: $id) { ... on Quote { version } } }`, { id });
    expect(now.data?.node.version).toBe(3);
  });

  it("reads its own writes within one request: each mutation sees the one before it", async () => {
    const added = await graphql<{ addQuote: { quote: { id: string } } }>(own.app, ADD.replace("exponential growth in your professional career", "smart people"), {}, bearer(editor.secret));
    const id = added.data?.addQuote.quote.id ?? "";
    const both = await graphql<{ first: { quote: { version: number; topics: Array<{ slug: string }> } }; second: { quote: { version: number; topics: Array<{ slug: string }> } } }>(
      own.app,
      `mutation ($id: ID!) {
        first: updateQuote(input: { id: $id, topics: ["hiring"] }) { quote { version topics { slug } } }
        second: updateQuote(input: { id: $id, expectedVersion: 2, companies: ["openai"] }) { quote { version topics { slug } } }
      }`,
      { id },
      bearer(editor.secret),
    );
    expect(both.errors).toBeUndefined();
    expect(both.data).toEqual({ first: { quote: { version: 2, topics: [{ slug: "hiring" }] } }, second: { quote: { version: 3, topics: [{ slug: "hiring" }] } } });
    // And a search finds it at once.
    const found = await graphql<{ quotes: { totalCount: number } }>(own.app, `{ quotes(filter: { search: "\\"smart people\\"", topics: ["hiring"] }) { totalCount } }`);
    expect(found.data?.quotes.totalCount).toBeGreaterThanOrEqual(1);
  });
});
