/**
 * What the attack run found: twenty aliased `quoteStats` cost 80 of the 20,000 allowed yet ran
 * 80 aggregations, a batch of ten 800 statements in one request, and under that load the gateway
 * called the busy database "unavailable". Now a count, statistic or search is priced by the rows
 * it may read, a request has a statement budget (its batch shares it), the operations of a batch
 * share one cost budget, each client has a share of the database's connections, and a gateway
 * with more waiting than it takes on says OVERLOADED (503, Retry-After), not "unavailable".
 */
import { type PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { readCapacity } from "../../../src/db/database";
import { writeCorpus } from "../../support/corpus";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../../support/api";
import { graphql, type OwnApp, startOwnApp } from "../../support/http";

/** Twenty aliased statistics: the attack run's operation. */
const TWENTY_STATS = `{ ${Array.from({ length: 20 }, (_, i) => `s${i}: quoteStats { total byTopic { count } byCompany { count } bySpeaker { count } }`).join(" ")} }`;

describe("the price of whole-table work", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await openTestApi(ESSAY_BUNDLE);
  });

  afterAll(async () => {
    await api?.close();
  });

  const costOf = async (query: string) => ((await api.run(query)).extensions?.cost as { requested: number } | undefined)?.requested;

  it("prices each count, statistic and search by the rows it may read, once wherever it stands, and grows with the table", async () => {
    const queries = {
      searchedStats: `{ quoteStats(filter: { search: "alpha" }) { total byTopic { count } } }`,
      twoTopicStats: `{ quoteStats(filter: { topics: ["a", "b"] }) { total } }`,
      search: `{ quotes(first: 5, filter: { search: "alpha" }) { nodes { text } } }`,
      plainPage: `{ quotes(first: 5) { nodes { text } } }`,
      sourcesCounts: `{ sources(first: 10) { nodes { quotes(first: 1) { totalCount } } } }`,
      // Read from the counts kept at write time: a few cells, or a cell per topic, company or person.
      keptStats: `{ quoteStats(filter: { topics: ["a"] }) { total byTopic { count } byCompany { count } bySpeaker { count } } }`,
      keptTotal: `{ quotes(first: 5, filter: { companies: ["c"], review: [CONFIRMED] }) { totalCount } }`,
      keptNestedCounts: `{ people(first: 10) { nodes { quotes(first: 1) { totalCount } } } }`,
    };
    // 29 quotes: a scan costs 1 (one unit per 100 rows, at least one).
    const before = Object.fromEntries(await Promise.all(Object.entries(queries).map(async ([name, query]) => [name, await costOf(query)] as const)));
    const corpus = await writeCorpus({ prefix: "price", sources: 20, people: 10, companies: 5, topics: 6, quotesPerSource: 100 });
    await api.ingest(...corpus.files);
    await api.serving.tableSizes.refresh();
    // 2,029 quotes: a scan of the quotes costs 21, 20 more than before.
    const after = Object.fromEntries(await Promise.all(Object.entries(queries).map(async ([name, query]) => [name, await costOf(query)] as const)));
    const growth = Object.fromEntries(Object.keys(queries).map((name) => [name, (after[name] ?? NaN) - (before[name] ?? NaN)]));
    expect(growth).toEqual({
      // Counted at read time (a search, two topics, a source's quotes): each scan grows with the quotes.
      searchedStats: 2 * 20,
      twoTopicStats: 20,
      search: 20,
      plainPage: 0,
      // A count under every source: one statement, priced once.
      sourcesCounts: 20,
      // Under a hundred topics, companies and people, before and after: a unit each, however many quotes.
      keptStats: 0,
      keptTotal: 0,
      keptNestedCounts: 0,
    });
    // Left out by @skip, it is not priced.
    const skipped = await api.run(`query ($s: Boolean!) { quoteStats { total @skip(if: $s) } }`, { s: true });
    expect(skipped.extensions?.cost).toEqual({ requested: 1, limit: 20_000 });
  });

  it("prices a breakdown of kept counts by the rows of its facet's table, and counting at read time by the quotes, however the query is written", async () => {
    const { tableSizes } = api.serving;
    const kept = (await costOf(`{ quoteStats { byTopic { count } } }`)) ?? NaN;
    // Under a speaker filter the counts by topic are counted at read time (kept-counts.ts).
    const counted = (await costOf(`{ quoteStats(filter: { speakers: ["x"] }) { byTopic { count } } }`)) ?? NaN;
    expect(counted - kept).toBe(tableSizes.scanCost("quotes") - tableSizes.scanCost("topics"));
    expect(tableSizes.scanCost("quotes")).toBeGreaterThan(tableSizes.scanCost("topics"));
    // Through aliases, fragments and variables, each is priced as it reads.
    const written = `query ($who: [String!]) {
      a: quoteStats { ...F } b: quoteStats(filter: { speakers: $who }) { ... on QuoteStats { ...F } }
    } fragment F on QuoteStats { byTopic { count } }`;
    expect(await costOf(written.replace("query ($who: [String!])", "query ($who: [String!] = null)"))).toBe(2 * kept);
    expect(await api.run(written, { who: ["x"] }).then((reply) => (reply.extensions?.cost as { requested: number }).requested)).toBe(kept + counted);
  });
});

describe("over HTTP, with the default limits", () => {
  let own: OwnApp;

  beforeAll(async () => {
    own = await startOwnApp();
  });

  afterAll(async () => {
    await own?.finish();
  });

  it("refuses the attack run's batch whole, each operation before it runs, and runs no SQL", async () => {
    const response = await fetch(`${own.app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(Array.from({ length: 10 }, () => ({ query: TWENTY_STATS }))),
    });
    const answers = (await response.json()) as Array<{ data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
    expect(answers).toHaveLength(10);
    for (const answer of answers) {
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", statements: 80, limit: 50 });
      expect(answer.errors?.[0]?.message).toMatch(/past what is left of the request's budget of 50 statements/);
    }
    expect(response.headers.get("x-sql-statements")).toBe("0");
  });

  it("lets a batch set aside no more statements than one request may run: the operation past the budget is refused, the others answered", async () => {
    const twelve = `{ ${Array.from({ length: 12 }, (_, i) => `s${i}: quoteStats(filter: { topics: ["t${i}"] }) { total byTopic { count } byCompany { count } bySpeaker { count } }`).join(" ")} }`;
    const response = await fetch(`${own.app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify([{ query: twelve }, { query: twelve }]) });
    const [first, second] = (await response.json()) as Array<{ data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> }>;
    expect(first?.errors).toBeUndefined();
    expect(second?.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", statements: 48, limit: 50 });
  });
});

describe("with small limits", () => {
  let own: OwnApp;

  beforeAll(async () => {
    own = await startOwnApp({
      queryLimits: { maxCost: 100, maxDepth: 12, maxFields: 500 },
      maxStatementsPerRequest: 3,
      trustProxy: 1,
      maxRequestsInFlightPerClient: 2,
      admission: { queuedPerClient: 100, waiting: 1 },
      rateLimits: { perMinute: 0, perMinuteWithKey: 0, failedAuthPerMinute: 0 },
    });
  });

  afterAll(async () => {
    await own?.finish();
  });

  it("costs a batch as the sum of its operations: the one that passes the limit is refused, the others answered", async () => {
    const forty = `{ quotes(first: 19) { nodes { speaker { name } } } }`; // 1 + 19 × 2 = 39
    const response = await fetch(`${own.app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify([{ query: forty }, { query: forty }, { query: forty }]) });
    const answers = (await response.json()) as Array<{ data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
    expect(answers.map((answer) => answer.errors?.[0]?.extensions?.code ?? "answered")).toEqual(["answered", "answered", "QUERY_TOO_COMPLEX"]);
    expect(answers[2]?.errors?.[0]?.message).toMatch(/would cost 117 together; the limit is 100 for all the operations of one request/);
  });

  it("says OVERLOADED (503, Retry-After) when every connection is taken and more wait than it takes on, never that the database is unavailable", async () => {
    const { admission } = own.app.serving;
    // Every connection the reads may use taken (as long queries of other clients would).
    const taken = await Promise.all(Array.from({ length: readCapacity(own.app.database.dataSource) }, (_, i) => admission.enter(`other-${i}`)));
    try {
      const waiting = graphql(own.app, `{ people(first: 2) { nodes { slug } } }`, {}, { "x-forwarded-for": "203.0.113.1" });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const shed = await graphql(own.app, `{ people(first: 1) { nodes { slug } } }`, {}, { "x-forwarded-for": "203.0.113.2" });
      expect(shed.status).toBe(503);
      expect(shed.headers.get("retry-after")).toBe("2");
      expect(shed.errors?.map((error) => error.extensions?.code)).toEqual(["OVERLOADED"]);
      for (const entry of taken.splice(0)) entry.leave();
      const answered = await waiting;
      expect([answered.status, answered.errors]).toEqual([200, undefined]);
    } finally {
      for (const entry of taken) entry.leave();
    }
  });
});

describe("a request's statements, and an address's requests in flight", () => {
  let own: OwnApp;

  beforeAll(async () => {
    own = await startOwnApp({ trustProxy: 1, maxStatementsPerRequest: 3, maxRequestsInFlightPerClient: 2, rateLimits: { perMinute: 0, perMinuteWithKey: 0, failedAuthPerMinute: 0 } });
  });

  afterAll(async () => {
    await own?.finish();
  });

  it("stops a request at its statement budget: what it ran is answered, the rest refused at its place", async () => {
    const reply = await graphql<Record<string, unknown>>(
      own.app,
      `{ a: person(slug: "jigar-bhati") { name } b: company(slug: "openai") { name } c: source(slug: "openai-engineer-as-told-to") { title } d: person(slug: "someone-else") { name } e: source(slug: "another-source") { title } }`,
    );
    const refused = reply.errors?.filter((error) => error.extensions?.code === "QUERY_TOO_COMPLEX") ?? [];
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.message).toMatch(/budget of 3 SQL statements/);
    expect(reply.errors?.map((error) => error.extensions?.code)).toEqual(refused.map(() => "QUERY_TOO_COMPLEX"));
    // Three statements ran, and what they read is answered; each refused field is null at its place.
    expect(reply.statements).toBe(3);
    expect(Object.values(reply.data ?? {}).filter((value) => value !== null).length).toBeGreaterThan(0);
    for (const error of refused) expect(reply.data?.[String(error.path?.[0])]).toBeNull();
  });


  it("refuses an address's request past its cap at once (429, Retry-After), and no other address's", async () => {
    const from = (address: string) => graphql(own.app, `{ people(first: 2) { nodes { slug } } }`, {}, { "x-forwarded-for": address });
    const answers = await withPoolTaken(own, async () => {
      const waiting = [from("203.0.113.1"), from("203.0.113.1"), from("203.0.113.2")];
      await new Promise((resolve) => setTimeout(resolve, 300));
      const third = await from("203.0.113.1");
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBe("1");
      expect(third.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      return { pending: Promise.all(waiting) };
    });
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    // Once answered, the address may send again.
    expect((await from("203.0.113.1")).status).toBe(200);
  });
});

/**
 * Runs `during` with every connection of the app's pool taken (as long queries would take them),
 * gives them back, then waits for what `during` left `pending`.
 */
async function withPoolTaken<T>(own: OwnApp, during: () => Promise<{ pending: Promise<T> }>): Promise<T> {
  const pool = (own.app.database.dataSource.driver as PostgresDriver).master as { connect(): Promise<{ release(): void }>; options: { max: number } };
  const taken = await Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
  let left: { pending: Promise<T> };
  try {
    left = await during();
  } finally {
    for (const client of taken) client.release();
  }
  return left.pending;
}
