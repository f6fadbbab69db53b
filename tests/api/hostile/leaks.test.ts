/**
 * Small leaks the attack run found: answers to keyed requests marked public (a shared cache
 * could hand them to anyone), PostgreSQL's own words (constraint names, values) in the answer to
 * two concurrent creates, a URL that one check passed and the database refused under a table's
 * name, and `x-sql-statements` telling an anonymous prober whether someone asked the same a
 * moment ago. (`/readyz` without the database's host: postgres-cluster.test.ts.)
 */
import { bearer, graphql, type OwnApp, startOwnApp } from "../../support/http";
import { ApiKeyRole, createKey } from "../../support/keys";

let own: OwnApp;
let editor: Record<string, string>;

beforeAll(async () => {
  own = await startOwnApp({ rateLimits: { perMinute: 0, perMinuteWithKey: 0, failedAuthPerMinute: 0 } });
  editor = bearer((await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR)).secret);
});

afterAll(async () => {
  await own?.finish();
});

const TOPICS = `/graphql?query=${encodeURIComponent("{ topics { slug } }")}`;

describe("cacheable answers", () => {
  it("are public to an anonymous GET, varying by Accept", async () => {
    const response = await fetch(`${own.app.url}${TOPICS}`);
    expect(response.headers.get("cache-control")).toBe("max-age=60, public");
    expect(response.headers.get("vary")).toMatch(/accept/i);
    expect(response.headers.get("vary")).not.toMatch(/authorization/i);
  });

  it("are private, varying by Authorization, to a request that carries a key", async () => {
    const response = await fetch(`${own.app.url}${TOPICS}`, { headers: editor });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("max-age=60, private");
    expect(response.headers.get("vary")).toMatch(/authorization/i);
  });

  it("are private, varying by Authorization, wherever every request needs a key (REQUIRE_KEY_FOR_READS)", async () => {
    const keyed = await startOwnApp({ requireKeyForReads: true, loadContentOnEmpty: false });
    try {
      const key = bearer((await createKey(keyed.app.database.dataSource, ApiKeyRole.EDITOR)).secret);
      const response = await fetch(`${keyed.app.url}${TOPICS}`, { headers: key });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("max-age=60, private");
      expect(response.headers.get("vary")).toMatch(/authorization/i);
      const refused = await fetch(`${keyed.app.url}${TOPICS}`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("vary")).toMatch(/authorization/i);
    } finally {
      await keyed.finish();
    }
  });
});

describe("refusals in the API's own words", () => {
  it("answers concurrent creates of one slug with successes and CONFLICTs at input.slug, without PostgreSQL's words", async () => {
    const upsert = `mutation ($input: UpsertPersonInput!) { upsertPerson(input: $input) { person { slug } } }`;
    let refusals = 0;
    // The race needs two inserts of one new slug at the same moment: tried with new slugs until
    // it happens (on the embedded database, one session, writes never race: none is refused).
    for (let round = 0; round < 10 && refusals === 0; round += 1) {
      const input = { slug: `raced-person-${round}`, name: "Raced Person" };
      const replies = await Promise.all(Array.from({ length: 8 }, () => graphql(own.app, upsert, { input }, editor)));
      const refused = replies.filter((reply) => reply.errors !== undefined);
      expect(replies.length - refused.length).toBeGreaterThanOrEqual(1);
      for (const reply of refused) {
        expect(reply.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "ALREADY_EXISTS", argumentPath: "input.slug" });
        expect(reply.raw).not.toMatch(/duplicate key|constraint|people_slug_key|Key \(|DETAIL/i);
      }
      refusals += refused.length;
    }
    if (own.app.database.kind === "postgres") expect(refusals).toBeGreaterThan(0);
  });

  it.each([
    ["an upper-case scheme", "HTTPS://example.com", /scheme in lower case/],
    ["a URL that does not parse", "https://exa%mple.com", /that parses/],
    ["another scheme", "ftp://example.com", /http\(s\) URL/],
  ])("refuses %s as a website at input.website, as bundles do, before the database sees it", async (_what, website, message) => {
    const reply = await graphql(own.app, `mutation ($input: UpsertCompanyInput!) { upsertCompany(input: $input) { company { slug } } }`, { input: { slug: "url-check", name: "Url Check", website } }, editor);
    expect(reply.errors?.map((error) => ({ code: error.extensions?.code, argumentPath: error.extensions?.argumentPath }))).toEqual([{ code: "BAD_USER_INPUT", argumentPath: "input.website" }]);
    expect(reply.errors?.[0]?.message).toMatch(message);
    expect(reply.raw).not.toMatch(/companies_website_http|check constraint/i);
  });
});

describe("x-sql-statements", () => {
  it("is said to anyone outside production, and only to key holders in production", async () => {
    expect((await graphql(own.app, `{ topics { slug } }`)).headers.get("x-sql-statements")).toMatch(/^\d+$/);
    const production = await startOwnApp({ nodeEnv: "production", sqlStatementsHeader: false, loadContentOnEmpty: false });
    try {
      const key = bearer((await createKey(production.app.database.dataSource, ApiKeyRole.EDITOR)).secret);
      expect((await graphql(production.app, `{ people(first: 1) { totalCount } }`)).headers.get("x-sql-statements")).toBeNull();
      expect((await graphql(production.app, `{ people(first: 1) { totalCount } }`, {}, key)).headers.get("x-sql-statements")).toMatch(/^\d+$/);
    } finally {
      await production.finish();
    }
  });
});
