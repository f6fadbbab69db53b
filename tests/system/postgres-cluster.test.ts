/**
 * The gateway over a real PostgreSQL primary and a real streaming standby of its own (started
 * by scripts/pg-cluster.sh, on both CI paths): reads go to the replica, writes and migrations
 * to the primary, a request that wrote reads its own write; writes made outside the gateway
 * reach its response cache; a statement_timeout bounds every statement; and a database outage
 * is answered fast with a clean 503, from which the gateway recovers by itself.
 */
import { Client } from "pg";
import { type App, startApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { bearer, graphql } from "../support/http";
import { ApiKeyRole, createKey, type TestKey } from "../support/keys";
import { eventually, startPostgres, startStandby, type TestService } from "../support/services";
import { silentLogger } from "../support/test-database";
import { requirePackage } from "../support/system-packages";

jest.setTimeout(120_000);

let primary: TestService;
let standby: TestService;
let app: App;
let editor: TestKey;

/** Runs SQL on a server directly, as psql would. */
async function sql<T = Record<string, unknown>>(url: string, statement: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  requirePackage("postgresql-15");
  primary = await startPostgres();
  standby = await startStandby(primary.url);
  const config = loadConfig({ DATABASE_URL: primary.url, DATABASE_REPLICA_URLS: standby.url, PORT: "0", NODE_ENV: "test", LOG_LEVEL: "silent" });
  app = await startApp(config, silentLogger);
  editor = await createKey(app.database.dataSource, ApiKeyRole.EDITOR);
});

afterAll(async () => {
  await app?.close();
  await standby?.stop();
  await primary?.stop();
});

const TOPICS = `query ($n: Int) { topics { slug } quotes(first: $n) { totalCount } }`;
const slugsOf = (reply: { data?: { topics: Array<{ slug: string }> } | null }) => reply.data?.topics.map((topic) => topic.slug) ?? [];

describe("read replicas", () => {
  it("migrated and loaded the primary; the standby streams it", async () => {
    const [onPrimary] = await sql<{ recovering: boolean; quotes: number }>(primary.url, "SELECT pg_is_in_recovery() AS recovering, (SELECT count(*)::int FROM quotes) AS quotes");
    expect(onPrimary).toEqual({ recovering: false, quotes: 29 });
    await eventually(async () => {
      const [onStandby] = await sql<{ recovering: boolean; quotes: number }>(standby.url, "SELECT pg_is_in_recovery() AS recovering, (SELECT count(*)::int FROM quotes) AS quotes");
      return onStandby?.recovering === true && onStandby.quotes === 29;
    }, "the standby streaming the content");
  });

  it("reads from the replica, and a request that wrote reads its own write from the primary", async () => {
    // Hold the replica at this point in time: what is written from now on is on the primary only.
    await sql(standby.url, "SELECT pg_wal_replay_pause()");
    try {
      await sql(primary.url, "INSERT INTO topics (slug, name) VALUES ('only-on-primary', 'Only on the primary')");
      // A read request goes to the replica: the row is not there.
      await eventually(async () => !slugsOf(await graphql(app, TOPICS, { n: 1 })).includes("only-on-primary"), "reading from the paused replica");
      const read = await graphql<{ topics: Array<{ slug: string }> }>(app, TOPICS, { n: 2 });
      expect(slugsOf(read)).not.toContain("only-on-primary");

      // A request that writes reads its own write (and everything else) from the primary.
      const wrote = await graphql<{ upsertTopic: { topic: { slug: string; quoteCount: number } } }>(
        app,
        `mutation { upsertTopic(input: { slug: "written-now", name: "Written now" }) { topic { slug quoteCount } } }`,
        {},
        bearer(editor.secret),
      );
      expect(wrote.errors).toBeUndefined();
      expect(wrote.data?.upsertTopic.topic).toEqual({ slug: "written-now", quoteCount: 0 });
      const [onPrimary] = await sql<{ n: number }>(primary.url, "SELECT count(*)::int AS n FROM topics WHERE slug IN ('written-now', 'only-on-primary')");
      expect(onPrimary?.n).toBe(2);
      // Writes go to the primary: the replica, paused, has neither.
      const [onReplica] = await sql<{ n: number }>(standby.url, "SELECT count(*)::int AS n FROM topics WHERE slug IN ('written-now', 'only-on-primary')");
      expect(onReplica?.n).toBe(0);
    } finally {
      await sql(standby.url, "SELECT pg_wal_replay_resume()");
    }
    // Once the replica catches up, reads see both.
    await eventually(async () => {
      const slugs = slugsOf(await graphql(app, TOPICS, { n: Math.floor(Math.random() * 50) + 3 }));
      return slugs.includes("only-on-primary") && slugs.includes("written-now");
    }, "the replica catching up");
  });
});

describe("writes made outside the gateway", () => {
  it("reach the response cache: a psql write is seen, not a cached answer from before it", async () => {
    const query = `{ person(slug: "jigar-bhati") { headline } }`;
    const before = await graphql<{ person: { headline: string } }>(app, query);
    await eventually(async () => (await graphql(app, query)).headers.get("age") !== null, "the answer being cached");
    await sql(primary.url, "UPDATE people SET headline = 'Changed in psql' WHERE slug = 'jigar-bhati'");
    await eventually(async () => (await graphql<{ person: { headline: string } }>(app, query)).data?.person.headline === "Changed in psql", "the psql write being seen");
    expect(before.data?.person.headline).not.toBe("Changed in psql");
  });

  it("reach the response cache when they TRUNCATE: a count cached before is not served after", async () => {
    const query = `{ topics { slug quoteCount } }`;
    const counted = (reply: { data?: { topics: Array<{ quoteCount: number }> } | null }) => reply.data?.topics.reduce((sum, topic) => sum + topic.quoteCount, 0) ?? -1;
    expect(counted(await graphql(app, query))).toBeGreaterThan(0);
    await eventually(async () => (await graphql(app, query)).headers.get("age") !== null, "the answer being cached");
    await sql(primary.url, "TRUNCATE quote_topics");
    await eventually(async () => counted(await graphql(app, query)) === 0, "the truncation being seen");
  });
});

describe("statement_timeout", () => {
  it("bounds every statement of the gateway's pool", async () => {
    const [setting] = await app.database.dataSource.query<Array<{ statement_timeout: string }>>("SHOW statement_timeout");
    expect(setting?.statement_timeout).toBe("10s");
    const config = loadConfig({ DATABASE_URL: primary.url, PORT: "0", NODE_ENV: "test", STATEMENT_TIMEOUT_MS: "100", MIGRATE_ON_START: "false", LOAD_CONTENT_ON_EMPTY: "false" });
    const quick = await startApp(config, silentLogger);
    try {
      await expect(quick.database.dataSource.query("SELECT pg_sleep(2)")).rejects.toThrow(/statement timeout/);
    } finally {
      await quick.close();
    }
  });
});

describe("a database outage", () => {
  it("is answered fast with SERVICE_UNAVAILABLE and 503, readiness fails, and the gateway recovers by itself", async () => {
    // The standby would take the primary's place in nothing: stop it first, so only the primary matters.
    await standby.halt();
    await primary.halt();
    try {
      // Each request asks for a page not cached before, so it must reach the database.
      const down = await graphql(app, `query ($n: Int) { quotes(first: $n) { totalCount } }`, { n: 41 });
      expect(down.status).toBe(503);
      expect(down.headers.get("retry-after")).toBe("5");
      expect(down.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
      expect(down.errors?.[0]?.message).toMatch(/database is unavailable/);
      expect(down.raw).not.toMatch(/ECONNREFUSED|stack/);
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(503);
      // Without READINESS_DETAILS the reason names no host or port.
      expect(((await ready.json()) as { reason: string }).reason).toBe("database unreachable");
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await primary.resume();
      await standby.resume();
    }
    let n = 60;
    await eventually(async () => (await graphql(app, `query ($n: Int) { quotes(first: $n) { totalCount } }`, { n: (n += 1) % 100 })).status === 200, "serving again");
    await eventually(async () => (await fetch(`${app.url}/readyz`)).status === 200, "ready again");
  });
});
