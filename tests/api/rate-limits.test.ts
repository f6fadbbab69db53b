/**
 * Rate limits and request bounds over real HTTP: per address, per API key, and for bad keys;
 * refusals are HTTP 429 with Retry-After and RATE_LIMITED; bodies and batches are bounded.
 * (Limits shared by several copies through Redis: redis.test.ts.)
 */
import { bearer, graphql, type OwnApp, startOwnApp } from "../support/http";
import { ApiKeyRole, createKey } from "../support/keys";

const QUERY = `{ __typename }`;

describe("rate limits", () => {
  let own: OwnApp;

  beforeAll(async () => {
    own = await startOwnApp({ loadContentOnEmpty: false, rateLimits: { perMinute: 5, perMinuteWithKey: 8, failedAuthPerMinute: 3 } });
  });

  afterAll(async () => {
    await own?.finish();
  });

  it("refuses the address's requests past its limit with 429, Retry-After and RATE_LIMITED; a key has its own", async () => {
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await graphql(own.app, QUERY)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await graphql(own.app, QUERY);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });
    expect(refused.errors?.[0]?.message).toMatch(/too many requests from this address/);

    // The same address with a key counts against the key, which has a limit of its own.
    const key = await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR);
    const withKey = [];
    for (let i = 0; i < 9; i += 1) withKey.push((await graphql(own.app, QUERY, {}, bearer(key.secret))).status);
    expect(withKey).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);

    const metrics = await (await fetch(`${own.app.url}/metrics`)).text();
    expect(metrics).toMatch(/rate_limit_refusals_total\{limit="address"\} 2\n/);
    expect(metrics).toMatch(/rate_limit_refusals_total\{limit="key"\} 1\n/);
  });

  it("slows down key guessing: bad keys from an address are refused past their own limit, and spend the address's budget too", async () => {
    const guessed = await startOwnApp({ loadContentOnEmpty: false, rateLimits: { perMinute: 5, perMinuteWithKey: 8, failedAuthPerMinute: 3 } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await graphql(guessed.app, QUERY, {}, bearer(`ig_${String(i).repeat(43)}`))).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const metrics = await (await fetch(`${guessed.app.url}/metrics`)).text();
      expect(metrics).toMatch(/rate_limit_refusals_total\{limit="failed_auth"\} 2\n/);
      // Three bad keys counted against the address's own five: two requests without a key are left.
      const plain = [];
      for (let i = 0; i < 3; i += 1) plain.push((await graphql(guessed.app, QUERY)).status);
      expect(plain).toEqual([200, 200, 429]);
    } finally {
      await guessed.finish();
    }
  });
});

describe("request bounds", () => {
  let own: OwnApp;

  beforeAll(async () => {
    own = await startOwnApp({ loadContentOnEmpty: false, maxBodyBytes: 2_048, maxBatchSize: 3 });
  });

  afterAll(async () => {
    await own?.finish();
  });

  const post = (body: string) => fetch(`${own.app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body });

  it("refuses a body over MAX_BODY_BYTES with 413", async () => {
    const response = await post(JSON.stringify({ query: `{ __typename } # ${"x".repeat(3_000)}` }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: "the request body is over 2048 bytes", extensions: { code: "BAD_USER_INPUT", argumentPath: "body" } }] });
  });

  it("refuses a body that is not JSON with 400", async () => {
    const response = await post("{ not json");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("runs a batch of up to MAX_BATCH_SIZE operations, and refuses a bigger one", async () => {
    const ok = await post(JSON.stringify([{ query: QUERY }, { query: `{ topics { slug } }` }, { query: QUERY }]));
    expect(ok.status).toBe(200);
    const answers = (await ok.json()) as Array<{ data: unknown }>;
    expect(answers.map((answer) => answer.data)).toEqual([{ __typename: "Query" }, { topics: [] }, { __typename: "Query" }]);

    const tooMany = await post(JSON.stringify([{ query: QUERY }, { query: QUERY }, { query: QUERY }, { query: QUERY }]));
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({ errors: [{ message: "a batch holds at most 3 operations, this one 4", extensions: { code: "BAD_USER_INPUT", argumentPath: "batch" } }] });
  });
});
