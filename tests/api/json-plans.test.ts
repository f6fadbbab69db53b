/**
 * Trusted operations planned into one statement that builds their answer as JSON in PostgreSQL
 * (src/graphql/json/). Every trusted operation is sent both ways over HTTP, as clients send them:
 * by its id (the trusted path), and as a text that is no trusted operation (its body with a
 * comment after it: the GraphQL layer's resolvers answer it). The two answers must be the same
 * bytes once keys are sorted, with the same status and cache headers, for every variable set:
 * pages walked to their end, searches, people and timelines with every kind of fuzzy date,
 * evidence and quotes in earlier revisions of a corrected source, ORPHANED quotes left out, and
 * bad arguments (which the trusted path hands to the resolvers, so that their errors are the
 * same). The test also says which requests the statements answered (`x-answered-by`), so that it
 * fails when a plan silently stops being used.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTrustedOperations } from "../../src/apollo/persisted-queries";
import { CLI_INGEST, ingestFiles } from "../../src/content/ingest";
import { type Answer, answerOf, sorted } from "../support/answers";
import { type Corpus, writeCorpus } from "../support/corpus";
import { bearer, graphql, type OwnApp, startOwnApp } from "../support/http";
import { ApiKeyRole, createKey } from "../support/keys";

const ESSAY = "openai-engineer-as-told-to";

/** Operations of a test manifest: what the benchmark and clients ask, with aliases, fragments and __typename. */
const TEST_OPERATIONS: Record<string, string> = {
  Timeline: `query Timeline($slug: String!) {
  person(slug: $slug) {
    id __typename slug name headline
    steps: careerTimeline {
      id title isCurrent
      company { id slug name website }
      person { slug }
      start { edtf earliest latest }
      end { ...Bounds }
      evidence { text span { start end } revision source { id slug title } }
    }
  }
}
fragment Bounds on FuzzyDate { edtf earliest latest }`,
  People: `query People($first: Int, $after: String) {
  people(first: $first, after: $after) {
    totalCount
    edges { cursor node { id slug name headline careerTimeline { title isCurrent company { slug name } start { edtf } end { edtf } } } }
    nodes { slug }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`,
  Quotes: `query Quotes($first: Int, $after: String) {
  quotes(first: $first, after: $after) {
    totalCount
    edges { cursor highlight node { id text section span { start end } speaker { slug name } source { slug title } topics { slug name } companies { slug } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`,
  Search: `query Search($search: String!, $first: Int, $after: String) {
  quotes(first: $first, after: $after, filter: { search: $search }, orderBy: RELEVANCE) {
    totalCount
    edges { cursor highlight node { text speaker { slug name } source { slug title } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  // No totalCount: a search's page alone, in either order.
  SearchUncounted: `query SearchUncounted($search: String!, $first: Int, $after: String, $orderBy: QuoteOrder) {
  quotes(first: $first, after: $after, filter: { search: $search }, orderBy: $orderBy) {
    edges { cursor highlight node { text } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  Filtered: `query Filtered($filter: QuoteFilter, $orderBy: QuoteOrder, $first: Int, $after: String) {
  quotes(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { cursor highlight node { text } }
    pageInfo { hasNextPage endCursor }
  }
}`,
};

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

let own: OwnApp;
let corpus: Corpus;
let directory: string;
/** The trusted operations: the project's and the test manifest's, by name. */
let trusted: Map<string, { id: string; body: string }>;

/** A trusted operation sent by its id, and as a text no manifest holds (through the resolvers). */
async function bothWays(name: string, variables: Record<string, unknown>): Promise<{ byId: Answer; byText: Answer }> {
  const operation = trusted.get(name);
  if (!operation) throw new Error(`no trusted operation ${name}`);
  const post = (body: unknown) => fetch(`${own.app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const byId = await answerOf(await post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } } }));
  // A comment after the operation: the same operation, the same error locations, but no trusted text.
  const byText = await answerOf(await post({ query: `${operation.body}\n# through the resolvers`, variables }));
  return { byId, byText };
}

/** Sends both ways and expects the same answer; says who answered by id. */
async function same(name: string, variables: Record<string, unknown>): Promise<Answer> {
  const { byId, byText } = await bothWays(name, variables);
  expect({ name, variables, status: byId.status, cacheControl: byId.cacheControl, answer: byId.normalised }).toEqual({ name, variables, status: byText.status, cacheControl: byText.cacheControl, answer: byText.normalised });
  expect(byText.answeredBy).toBe("resolvers");
  return byId;
}

/** Walks a connection by `after` to its end, both ways at every page; returns how many pages and which answered by SQL. */
async function walk(name: string, field: string, variables: Record<string, unknown>): Promise<{ pages: number; answeredBy: Set<string | null> }> {
  let after: string | null = null;
  const answeredBy = new Set<string | null>();
  for (let pages = 1; ; pages++) {
    const byId = await same(name, { ...variables, after });
    answeredBy.add(byId.answeredBy);
    const connection = byId.body.data?.[field] as { pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    if (!connection.pageInfo.hasNextPage) return { pages, answeredBy };
    after = connection.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "json-plans-"));
  const operations = Object.entries(TEST_OPERATIONS).map(([name, body]) => ({ id: sha256(body), name, type: "query", body }));
  const manifest = join(directory, "manifest.json");
  await writeFile(manifest, JSON.stringify({ format: "apollo-persisted-query-manifest", version: 1, operations }));
  // Without the response cache, every request is answered (a cached answer says `x-answered-by: cache`);
  // texts are never planned, so that the resolvers answer every text (planned-texts.test.ts plans them).
  own = await startOwnApp({ persistedQueryManifests: [manifest], responseCache: false, plannedQueryTexts: 0 });
  trusted = new Map([...loadTrustedOperations([manifest]).byId.values()].map((operation) => [operation.name, operation]));

  corpus = await writeCorpus({ prefix: "jp", sources: 4, people: 9, companies: 4, topics: 4, quotesPerSource: 12, stepsPerPerson: 5 });
  await ingestFiles(own.app.database.dataSource, corpus.files, CLI_INGEST);

  // A corrected essay: its quotes and steps keep their words in the revision they stand in
  // (SHIFTED, FUZZY), or in the one before (ORPHANED: a step's evidence is then read there).
  const editor = bearer((await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR)).secret);
  const read = await graphql<{ source: { body: string; version: number }; person: { careerTimeline: Array<{ evidence: { text: string } | null }> } }>(
    own.app,
    `{ source(slug: "${ESSAY}") { body version } person(slug: "jigar-bhati") { careerTimeline { evidence { text } } } }`,
  );
  const body = read.data?.source.body ?? "";
  // The first step's evidence goes: the step is ORPHANED, its passage read in revision 1.
  const gone = read.data?.person.careerTimeline.find((step) => step.evidence !== null)?.evidence?.text ?? "";
  expect(body).toContain(gone);
  const corrected = `Corrected in 2025 & later: "quotes" kept as 'told', 1 < 2 > 0.\n\n${body.replace(gone, "").replace("probably the best talent out there.", "probably the best talent out there!").replace("With GPT-5, for instance, we had early access to it and could steer the direction of its launch. ", "")}`;
  const revised = await graphql(own.app, `mutation ($input: ReviseSourceInput!) { reviseSource(input: $input) { anchors { status } } }`, { input: { source: ESSAY, body: corrected, expectedVersion: read.data?.source.version } }, editor);
  expect(revised.errors).toBeUndefined();
  // A quote whose words need escaping in a highlight (& < > " '), and a search that finds it.
  const added = await graphql(
    own.app,
    `mutation ($input: AddQuoteInput!) { addQuote(input: $input) { quote { id } } }`,
    { input: { source: ESSAY, speaker: "jigar-bhati", text: `Corrected in 2025 & later: "quotes" kept as 'told', 1 < 2 > 0.` } },
    editor,
  );
  expect(added.errors).toBeUndefined();
}, 120_000);

afterAll(async () => {
  await own?.finish();
  if (directory) await rm(directory, { recursive: true, force: true });
});

it("answers a timeline by id as the resolvers do: fuzzy dates, evidence (also in an earlier revision), fragments, aliases", async () => {
  const people = [...new Set(corpus.steps.map((step) => step.person))];
  const essayPeople = await graphql<{ people: { nodes: Array<{ slug: string }> } }>(own.app, `{ people(first: 100) { nodes { slug } } }`);
  const slugs = new Set([...people, ...(essayPeople.data?.people.nodes.map((person) => person.slug) ?? []), "nobody-at-all"]);
  const answeredBy = new Set<string | null>();
  for (const slug of slugs) answeredBy.add((await same("Timeline", { slug })).answeredBy);
  expect(answeredBy).toEqual(new Set(["sql"]));
  const essayTimeline = await same("Timeline", { slug: "jigar-bhati" });
  const steps = (essayTimeline.body.data?.person as { steps: Array<{ evidence: { revision: number } | null }> }).steps;
  // The essay was revised: some evidence stands in revision 2, an orphaned step's in revision 1.
  expect(new Set(steps.map((step) => step.evidence?.revision))).toEqual(new Set([1, 2]));
  expect(Number(essayTimeline.statements)).toBe(1);
});

it("pages through people and quotes by id as the resolvers do, every page, and counts them", async () => {
  for (const first of [1, 4, 20, 100]) {
    const people = await walk("People", "people", { first });
    expect(people.answeredBy).toEqual(new Set(["sql"]));
    const quotes = await walk("Quotes", "quotes", { first });
    expect(quotes.answeredBy).toEqual(new Set(["sql"]));
    if (first === 4) expect(quotes.pages).toBeGreaterThan(10);
  }
  expect((await same("People", { first: 0 })).answeredBy).toBe("sql");
  expect((await same("Quotes", {})).answeredBy).toBe("sql");
});

it("searches by id as the resolvers do: by relevance and in source order, highlights escaped, every page", async () => {
  for (const search of ["alpha", "bravo charlie", "\"delta echo\"", "talent", "best -talent", "corrected kept", "nothingmatchesthis", "or"]) {
    for (const first of [3, 20]) {
      const byRelevance = await walk("Search", "quotes", { search, first });
      expect(byRelevance.answeredBy).toEqual(new Set(["sql"]));
      const inSourceOrder = await walk("Filtered", "quotes", { filter: { search }, first });
      expect(inSourceOrder.answeredBy).toEqual(new Set(["sql"]));
      for (const orderBy of ["RELEVANCE", "SOURCE_ORDER"]) {
        const uncounted = await walk("SearchUncounted", "quotes", { search, first, orderBy });
        expect(uncounted.answeredBy).toEqual(new Set(["sql"]));
        expect(uncounted.pages).toBe(orderBy === "RELEVANCE" ? byRelevance.pages : inSourceOrder.pages);
      }
      await walk("Filtered", "quotes", { filter: { search }, orderBy: "RELEVANCE", first });
    }
  }
  const highlighted = await same("Search", { search: "corrected kept", first: 20 });
  expect(JSON.stringify(highlighted.body.data)).toContain(`<mark>Corrected</mark> in 2025 &amp; later: &quot;quotes&quot; <mark>kept</mark> as &#39;told&#39;, 1 &lt; 2 &gt; 0.`);
});

it("hands what the statements do not plan to the resolvers: other filters, and the answer is the same", async () => {
  for (const filter of [{ topics: [corpus.topics[0]] }, { speakers: [corpus.people[1]], search: "alpha" }, { anchorStatus: ["ORPHANED"] }, { search: "   " }, { anchorStatus: ["EXACT", "SHIFTED", "FUZZY"] }]) {
    const { answeredBy } = await walk("Filtered", "quotes", { filter, first: 7 });
    expect(answeredBy).toEqual(new Set([filter.search === "   " ? "sql" : "resolvers"]));
  }
});

it("answers bad arguments with the resolvers' errors, whichever way they are sent", async () => {
  const otherListsCursor = Buffer.from(JSON.stringify(["people", "x"])).toString("base64url");
  const bad: Array<[string, Record<string, unknown>]> = [
    ["People", { first: 101 }],
    ["People", { first: -1 }],
    ["People", { after: "not a cursor" }],
    ["People", { after: Buffer.from(JSON.stringify(["companies", "x"])).toString("base64url") }],
    ["Quotes", { after: otherListsCursor }],
    ["Quotes", { after: Buffer.from(JSON.stringify(["quotes", "x", 2 ** 31, 0, 1])).toString("base64url") }],
    ["Search", { search: "alpha", after: Buffer.from(JSON.stringify(["quotes", "x", 1, 2, 1])).toString("base64url") }],
    ["Search", { search: "x".repeat(300) }],
    ["Search", { search: "nul\u0000" }],
    ["Timeline", { slug: "nul\u0000" }],
    ["Timeline", {}],
    ["Filtered", { filter: { topics: Array.from({ length: 101 }, (_, i) => `t-${i}`) } }],
    ["Filtered", { filter: { anchorStatus: ["EXACT", "EXACT", "SHIFTED", "FUZZY", "FUZZY"] } }],
  ];
  for (const [name, variables] of bad) {
    const byId = await same(name, variables);
    expect({ name, variables, refused: (byId.body.errors?.length ?? 0) > 0 }).toEqual({ name, variables, refused: true });
    expect(byId.answeredBy).not.toBe("sql");
  }
});

it("answers the project's own trusted operations by id as the resolvers do", async () => {
  const variables: Record<string, Array<Record<string, unknown>>> = {
    PersonTimeline: [{ slug: "jigar-bhati" }, { slug: corpus.people[2] }],
    CompanyTimeline: [{ slug: "openai" }, { slug: corpus.companies[0], during: "1994" }],
    PeopleDirectory: [{}, { search: "jp" }],
    TopicDashboard: [{ filter: { topics: [corpus.topics[0]] } }, {}],
    QuoteSearch: [{ search: "alpha" }, { search: "talent", orderBy: "SOURCE_ORDER" }],
    SourceReader: [{ slug: ESSAY }, { slug: ESSAY, revision: 1 }],
  };
  for (const [name, sets] of Object.entries(variables)) for (const set of sets) await same(name, set);
});

it("serves a trusted operation's answer by GET with the resolvers' cache headers and ETag", async () => {
  const operation = trusted.get("Quotes");
  if (!operation) throw new Error("no Quotes");
  const get = async (params: Record<string, string>) => fetch(`${own.app.url}/graphql?${new URLSearchParams(params).toString()}`, { headers: { "apollo-require-preflight": "1" } });
  const variables = JSON.stringify({ first: 5 });
  const byId = await get({ variables, extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operation.id } }) });
  const byText = await get({ variables, query: `${operation.body}\n# through the resolvers` });
  expect(byId.headers.get("x-answered-by")).toBe("sql");
  expect(byId.headers.get("cache-control")).toBe(byText.headers.get("cache-control"));
  expect(byId.headers.get("etag")).not.toBeNull();
  expect(JSON.stringify(sorted(await byId.json()))).toBe(JSON.stringify(sorted(await byText.json())));
});

describe("with the response cache", () => {
  let cached: OwnApp;
  let cachedDirectory: string;

  beforeAll(async () => {
    cachedDirectory = await mkdtemp(join(tmpdir(), "json-plans-cached-"));
    const body = TEST_OPERATIONS.Quotes ?? "";
    const manifest = join(cachedDirectory, "manifest.json");
    await writeFile(manifest, JSON.stringify({ format: "apollo-persisted-query-manifest", version: 1, operations: [{ id: sha256(body), name: "Quotes", type: "query", body }] }));
    cached = await startOwnApp({ persistedQueryManifests: [manifest], responseCache: true });
  });

  afterAll(async () => {
    await cached?.finish();
    if (cachedDirectory) await rm(cachedDirectory, { recursive: true, force: true });
  });

  it("keeps a statement's answer and serves it again the same, byte for byte", async () => {
    const body = TEST_OPERATIONS.Quotes ?? "";
    const send = () => fetch(`${cached.app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ variables: { first: 3 }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(body) } } }) });
    const first = await send();
    const again = await send();
    expect([first.headers.get("x-answered-by"), again.headers.get("x-answered-by")]).toEqual(["sql", "cache"]);
    expect(await again.text()).toBe(await first.text());
  });
});
