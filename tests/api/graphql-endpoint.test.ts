/**
 * The /graphql endpoint's HTTP (src/http/graphql-endpoint.ts, on node:http): bodies in every
 * content encoding a client may use, and refused ones (with a code, `argumentPath: "body"`, no
 * SQL, nothing changed, the connection still usable); ETags and 304 for GETs; and which address
 * a request counts against for rate limits, with and without a trusted proxy.
 */
import { Agent, request } from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { isGraphqlUrl } from "../../src/http/graphql-endpoint";
import { snapshot } from "../support/bundles";
import { bearer, type OwnApp, startOwnApp } from "../support/http";
import { ApiKeyRole, createKey } from "../support/keys";

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Whether the request went over a connection an earlier one had used. */
  reusedSocket: boolean;
}

/** One request over node:http (the agent decides whether connections are kept). */
function send(url: string, init: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent }): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method: init.method ?? "POST", path: init.path ?? "/graphql", headers: init.headers ?? {}, agent: init.agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), reusedSocket: req.reusedSocket }));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("no answer in 30 s")));
    req.end(init.body);
  });
}

const JSON_TYPE = { "content-type": "application/json" };
const TYPENAME = JSON.stringify({ query: "{ __typename }" });
const UPSERT = JSON.stringify({ query: 'mutation { upsertTopic(input: { slug: "refused", name: "Refused" }) { topic { slug } } }' });
const errorsOf = (answer: RawAnswer) => (JSON.parse(answer.body) as { errors?: Array<{ message: string; extensions: Record<string, unknown> }> }).errors ?? [];

describe("isGraphqlUrl", () => {
  it.each([
    ["/graphql", true],
    ["/graphql?query=%7B__typename%7D", true],
    ["/graphql/", true],
    ["/graphqlx", false],
    ["/graph", false],
    ["/metrics", false],
    [undefined, false],
  ])("%s → %s", (url, expected) => {
    expect(isGraphqlUrl(url)).toBe(expected);
  });
});

describe("request bodies", () => {
  let own: OwnApp;

  beforeAll(async () => {
    own = await startOwnApp({ maxBodyBytes: 4_096, rateLimits: { perMinute: 0, perMinuteWithKey: 0, failedAuthPerMinute: 0 } });
  });

  afterAll(async () => {
    await own?.finish();
  });

  it.each([
    ["gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ])("runs an operation whose body is compressed with %s", async (encoding, compress) => {
    const answer = await send(own.app.url, { headers: { ...JSON_TYPE, "content-encoding": encoding }, body: compress(TYPENAME) });
    expect({ status: answer.status, body: JSON.parse(answer.body) as unknown }).toMatchObject({ status: 200, body: { data: { __typename: "Query" } } });
  });

  it("counts the size limit after decompression", async () => {
    const inflated = JSON.stringify({ query: `{ __typename } # ${"x".repeat(10_000)}` });
    const compressed = gzipSync(inflated);
    expect(compressed.length).toBeLessThan(4_096);
    const answer = await send(own.app.url, { headers: { ...JSON_TYPE, "content-encoding": "gzip" }, body: compressed });
    expect(answer.status).toBe(413);
    expect(errorsOf(answer)[0]?.message).toBe("the request body is over 4096 bytes");
  });

  it("refuses what it cannot read as UTF-8 JSON, saying why, with no SQL and nothing changed", async () => {
    // The writes carry an editor's key: they would change the database, were they read.
    const editor = bearer((await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR)).secret);
    const written = await send(own.app.url, { headers: { ...JSON_TYPE, ...editor }, body: UPSERT.replace(/refused/g, "accepted") });
    expect(JSON.parse(written.body)).toMatchObject({ data: { upsertTopic: { topic: { slug: "accepted" } } } });
    const refusals: Array<[string, { headers: Record<string, string>; body: string | Buffer }, number, RegExp]> = [
      ["an unknown content encoding", { headers: { ...JSON_TYPE, "content-encoding": "zstd" }, body: TYPENAME }, 415, /content encoding "zstd" is not one of gzip, deflate, br/],
      ["a body that does not inflate", { headers: { ...JSON_TYPE, "content-encoding": "gzip" }, body: "plainly not gzip" }, 400, /^the request body is not valid gzip: /],
      ["a charset other than UTF-8", { headers: { "content-type": "application/json; charset=latin1" }, body: TYPENAME }, 415, /must be UTF-8; its charset is "latin1"/],
      ["JSON null", { headers: JSON_TYPE, body: "null" }, 400, /must be an object or an array of objects/],
      ["a JSON string", { headers: JSON_TYPE, body: '"{ __typename }"' }, 400, /must be an object or an array of objects/],
      ["broken JSON", { headers: JSON_TYPE, body: '{"query": ' }, 400, /^the request body is not valid JSON: /],
      ["a write in a charset other than UTF-8", { headers: { "content-type": "application/json; charset=utf-16", ...editor }, body: UPSERT }, 415, /must be UTF-8/],
      ["a write in a body that does not inflate", { headers: { ...JSON_TYPE, "content-encoding": "deflate", ...editor }, body: UPSERT }, 400, /^the request body is not valid deflate: /],
    ];
    const before = await snapshot(own.app.database.dataSource);
    for (const [what, init, status, message] of refusals) {
      const answer = await send(own.app.url, init);
      expect({ what, status: answer.status, sqlStatements: answer.headers["x-sql-statements"] }).toEqual({ what, status, sqlStatements: undefined });
      expect(errorsOf(answer)).toEqual([{ message: expect.stringMatching(message) as unknown, extensions: { code: "BAD_USER_INPUT", argumentPath: "body" } }]);
    }
    expect(await snapshot(own.app.database.dataSource)).toEqual(before);
  });

  it("answers a refused body after reading it, so the connection stays usable", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const tooBig = await send(own.app.url, { agent, headers: JSON_TYPE, body: JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(200_000) } }) });
      expect(tooBig.status).toBe(413);
      const next = await send(own.app.url, { agent, headers: JSON_TYPE, body: TYPENAME });
      expect({ status: next.status, reusedSocket: next.reusedSocket }).toEqual({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  });
});

describe("conditional GETs", () => {
  let own: OwnApp;

  beforeAll(async () => {
    own = await startOwnApp({ rateLimits: { perMinute: 0, perMinuteWithKey: 0, failedAuthPerMinute: 0 } });
  });

  afterAll(async () => {
    await own?.finish();
  });

  const path = `/graphql?query=${encodeURIComponent('{ person(slug: "jigar-bhati") { name } }')}`;
  const preflight = { "apollo-require-preflight": "1" };

  it("gives a GET an ETag, and answers 304 without a body while If-None-Match still holds", async () => {
    const first = await send(own.app.url, { method: "GET", path, headers: preflight });
    expect(first.status).toBe(200);
    const tag = first.headers.etag;
    expect(tag).toMatch(/^W\/"/);

    const again = await send(own.app.url, { method: "GET", path, headers: { ...preflight, "if-none-match": tag as string } });
    expect({ status: again.status, body: again.body, etag: again.headers.etag }).toEqual({ status: 304, body: "", etag: tag });

    const stale = await send(own.app.url, { method: "GET", path, headers: { ...preflight, "if-none-match": 'W/"stale"' } });
    expect({ status: stale.status, body: JSON.parse(stale.body) as unknown }).toEqual({ status: 200, body: JSON.parse(first.body) as unknown });
  });

  it("gives a POST no ETag: its answer is not cached by HTTP", async () => {
    const answer = await send(own.app.url, { headers: JSON_TYPE, body: TYPENAME });
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBeUndefined();
  });
});

describe("the address a request counts against", () => {
  const limits = { perMinute: 2, perMinuteWithKey: 0, failedAuthPerMinute: 0 };
  const fromProxy = (client: string) => ({ ...JSON_TYPE, "x-forwarded-for": `${client}, 10.0.0.1` });

  /** The statuses of three requests from one client, then one from another, all through a proxy. */
  async function statuses(own: OwnApp): Promise<number[]> {
    const answers = [];
    for (const client of ["203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2"]) answers.push((await send(own.app.url, { headers: fromProxy(client), body: TYPENAME })).status);
    return answers;
  }

  it.each([
    ["the client the two proxies name, with TRUST_PROXY=2 (two hops in front)", 2, [200, 200, 429, 200]],
    ["the client the proxies name, with TRUST_PROXY listing their addresses", ["loopback", "10.0.0.0/8"], [200, 200, 429, 200]],
    ["the nearest hop not trusted, with TRUST_PROXY=1: the proxy at 10.0.0.1, for every client behind it", 1, [200, 200, 429, 429]],
    ["the connection's peer otherwise: X-Forwarded-For is not believed", 0, [200, 200, 429, 429]],
  ] as Array<[string, number | string[], number[]]>)("is %s", async (_what, trustProxy, expected) => {
    const own = await startOwnApp({ loadContentOnEmpty: false, trustProxy, rateLimits: limits });
    try {
      expect(await statuses(own)).toEqual(expected);
    } finally {
      await own.finish();
    }
  });

  it("cannot be chosen by the client: addresses it writes to the left of what the trusted proxy appended are not believed", async () => {
    const own = await startOwnApp({ loadContentOnEmpty: false, trustProxy: 1, rateLimits: limits });
    try {
      const answers = [];
      // The one proxy in front (the socket's peer) appended the client's real address, 203.0.113.9.
      for (let i = 0; i < 4; i += 1) answers.push((await send(own.app.url, { headers: { ...JSON_TYPE, "x-forwarded-for": `198.51.100.${i + 1}, 203.0.113.9` }, body: TYPENAME })).status);
      expect(answers).toEqual([200, 200, 429, 429]);
    } finally {
      await own.finish();
    }
  });
});
