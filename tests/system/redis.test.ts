/**
 * Two copies of the gateway over one PostgreSQL and one Redis (each started here by the
 * project's scripts), as in production: they share the response cache, its generation, the
 * persisted queries and the rate limits; when Redis stops they keep serving from the database,
 * with a warning, and they pick Redis up again when it is back.
 */
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { type App, startApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { bearer, graphql } from "../support/http";
import { ApiKeyRole, createKey, type TestKey } from "../support/keys";
import { eventually, startPostgres, startRedis, type TestService } from "../support/services";
import { silentLogger } from "../support/test-database";
import { requirePackage } from "../support/system-packages";

jest.setTimeout(120_000);

let postgres: TestService;
let redis: TestService;
let a: App;
let b: App;
let editor: TestKey;
const warnings: string[] = [];

beforeAll(async () => {
  requirePackage("redis-server");
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const env = { DATABASE_URL: postgres.url, REDIS_URL: redis.url, PORT: "0", NODE_ENV: "test", RATE_LIMIT_PER_MINUTE_WITH_KEY: "4" };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        const entry = JSON.parse(line) as { level: number; msg: string };
        if (entry.level === 40) warnings.push(entry.msg);
      }
      done();
    },
  });
  a = await startApp(loadConfig(env), pino({ level: "warn" }, sink));
  b = await startApp(loadConfig({ ...env, LOAD_CONTENT_ON_EMPTY: "false" }), silentLogger);
  editor = await createKey(a.database.dataSource, ApiKeyRole.EDITOR);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
  await postgres?.stop();
});

const HEADLINE = `query ($slug: String!) { person(slug: $slug) { name headline } }`;

describe("shared by every copy", () => {
  it("the response cache: what one copy cached, the other answers without SQL", async () => {
    const query = `query ($n: Int) { quotes(first: $n) { nodes { text } } }`;
    const fromA = await graphql(a, query, { n: 7 });
    expect(fromA.statements).toBeGreaterThan(0);
    const fromB = await graphql(b, query, { n: 7 });
    expect(fromB.statements).toBe(0);
    expect(fromB.headers.get("age")).not.toBeNull();
    expect(fromB.data).toEqual(fromA.data);
  });

  it("the generation: a write through one copy is seen at once through the other", async () => {
    await graphql(b, HEADLINE, { slug: "jigar-bhati" });
    expect((await graphql(b, HEADLINE, { slug: "jigar-bhati" })).statements).toBe(0);
    const write = await graphql(a, `mutation { upsertPerson(input: { slug: "jigar-bhati", headline: "Written through copy A" }) { person { headline } } }`, {}, bearer(editor.secret));
    expect(write.errors).toBeUndefined();
    const fromB = await graphql<{ person: { headline: string } }>(b, HEADLINE, { slug: "jigar-bhati" });
    expect(fromB.data?.person.headline).toBe("Written through copy A");
  });

  it("persisted queries: registered with one copy, run by hash on the other", async () => {
    const query = `query Shared { topics { slug } }`;
    const hash = createHash("sha256").update(query).digest("hex");
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
    const post = (app: App, body: object) => fetch(`${app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await (await post(a, { query, extensions })).json()) as object).toMatchObject({ data: { topics: expect.any(Array) as unknown } });
    expect((await (await post(b, { extensions })).json()) as object).toMatchObject({ data: { topics: expect.any(Array) as unknown } });
  });

  it("rate limits: a key's requests count once, whichever copy they reach", async () => {
    const key = await createKey(a.database.dataSource, ApiKeyRole.EDITOR, "limited");
    const statuses = [];
    for (const app of [a, b, a, b, a]) statuses.push((await graphql(app, `{ __typename }`, {}, bearer(key.secret))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});

describe("when Redis stops", () => {
  it("keeps serving from the database, with a warning, and shares the cache again once Redis is back", async () => {
    const query = `query ($n: Int) { quotes(first: $n) { totalCount } }`;
    await redis.halt();
    try {
      await eventually(async () => warnings.some((message) => /Redis is unreachable/.test(message)), "a warning about Redis");
      for (const app of [a, b, a]) {
        const reply = await graphql(app, query, { n: 9 });
        expect(reply.status).toBe(200);
        expect(reply.errors).toBeUndefined();
        // No cache while the store is away: every answer comes from the database.
        expect(reply.statements).toBeGreaterThan(0);
      }
      expect((await graphql(a, `{ __typename }`, {}, bearer(editor.secret))).status).toBe(200);
    } finally {
      await redis.resume();
    }
    await eventually(async () => warnings.some((message) => /Redis is back/.test(message)), "Redis being picked up again");
    await eventually(async () => {
      await graphql(a, query, { n: 9 });
      return (await graphql(b, query, { n: 9 })).statements === 0;
    }, "the shared cache answering again");
  });
});
