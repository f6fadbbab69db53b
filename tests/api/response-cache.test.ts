/**
 * The response cache (in memory here; shared through Redis in redis.test.ts): public reads
 * answered from it without SQL, every completed write starting a new generation so that no
 * answer older than the write is served, private answers never cached, hits and misses counted.
 */
import { bearer, graphql, type OwnApp, startOwnApp } from "../support/http";
import { ApiKeyRole, createKey, type TestKey } from "../support/keys";

let own: OwnApp;
let editor: TestKey;

beforeAll(async () => {
  own = await startOwnApp();
  editor = await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR);
});

afterAll(async () => {
  await own?.finish();
});

const TIMELINE = `query ($slug: String!) { person(slug: $slug) { name headline careerTimeline { title } } }`;

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${own.app.url}/metrics`)).text();
  const line = text.split("\n").find((row) => row.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("the response cache", () => {
  it("answers a repeated public read from the cache, without SQL, with its age", async () => {
    const first = await graphql(own.app, TIMELINE, { slug: "jigar-bhati" });
    expect(first.statements).toBeGreaterThan(0);
    expect(first.headers.get("age")).toBeNull();
    const second = await graphql(own.app, TIMELINE, { slug: "jigar-bhati" });
    expect(second.data).toEqual(first.data);
    expect(second.statements).toBe(0);
    expect(second.headers.get("age")).toMatch(/^\d+$/);
    expect(second.headers.get("cache-control")).toBe("max-age=60, public");
  });

  it("keys answers by their variables", async () => {
    await graphql(own.app, TIMELINE, { slug: "jigar-bhati" });
    const other = await graphql(own.app, TIMELINE, { slug: "nobody" });
    expect(other.data).toEqual({ person: null });
    expect(other.statements).toBe(1);
  });

  it("never serves an answer from before a completed write", async () => {
    await graphql(own.app, TIMELINE, { slug: "jigar-bhati" });
    expect((await graphql(own.app, TIMELINE, { slug: "jigar-bhati" })).statements).toBe(0);
    const write = await graphql(own.app, `mutation { upsertPerson(input: { slug: "jigar-bhati", headline: "Edited through the API" }) { person { headline } } }`, {}, bearer(editor.secret));
    expect(write.errors).toBeUndefined();
    const after = await graphql<{ person: { headline: string } }>(own.app, TIMELINE, { slug: "jigar-bhati" });
    expect(after.data?.person.headline).toBe("Edited through the API");
    expect(after.statements).toBeGreaterThan(0);
  });

  it("never caches what depends on the API key, nor errors, nor mutations", async () => {
    const viewer = `{ viewer { label } }`;
    await graphql(own.app, viewer, {}, bearer(editor.secret));
    const again = await graphql(own.app, viewer, {}, bearer(editor.secret));
    expect(again.headers.get("age")).toBeNull();
    expect(again.headers.get("cache-control")).toBe("no-store");

    const bad = `{ quotes(first: 500) { totalCount } }`;
    await graphql(own.app, bad);
    expect((await graphql(own.app, bad)).headers.get("age")).toBeNull();
  });

  it("counts hits and misses in /metrics", async () => {
    const hits = await metric("response_cache_lookups_total", 'result="hit"');
    const misses = await metric("response_cache_lookups_total", 'result="miss"');
    const query = `{ topics { slug name } }`;
    await graphql(own.app, query);
    await graphql(own.app, query);
    await graphql(own.app, query);
    expect(await metric("response_cache_lookups_total", 'result="miss"')).toBe(misses + 1);
    expect(await metric("response_cache_lookups_total", 'result="hit"')).toBe(hits + 2);
  });
});

describe("RESPONSE_CACHE=false", () => {
  it("answers every read from the database", async () => {
    const uncached = await startOwnApp({ responseCache: false, loadContentOnEmpty: false });
    try {
      const query = `{ topics { slug } }`;
      await graphql(uncached.app, query);
      const again = await graphql(uncached.app, query);
      expect(again.statements).toBe(1);
      expect(again.headers.get("age")).toBeNull();
    } finally {
      await uncached.finish();
    }
  });
});
