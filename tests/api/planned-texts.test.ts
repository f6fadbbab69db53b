/**
 * Queries sent as text (no trusted operation) planned into one statement, as trusted operations
 * are, once a text has been asked for a few times (src/apollo/compiled-execution.ts). Every
 * answer a statement gives is compared with the resolvers' answer to the same query and
 * variables: the resolvers answer a text the first times it is asked, so the reference is the
 * same query with a comment of its own after it (a new text). Compared: status, cache headers and
 * the body with keys sorted. Then how the statement names are budgeted: a text asked once or twice
 * takes none, the budget's size is kept whatever texts are sent, and past it texts go to the
 * resolvers while trusted operations keep their statements. On the embedded database reads are
 * not prepared, so no text is planned there: every answer is the resolvers'.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_INGEST, ingestFiles } from "../../src/content/ingest";
import { type Answer, answerOf } from "../support/answers";
import { type Corpus, writeCorpus } from "../support/corpus";
import { type OwnApp, startOwnApp } from "../support/http";

/** Whether texts can be planned here: PostgreSQL, whose reads are prepared (not the embedded database). */
const PLANS_TEXTS = process.env.DATABASE_URL !== undefined;

/** How many times a text is answered by the resolvers before it is planned (PLAN_TEXT_AFTER_ASKS, less one). */
const ASKS_BEFORE_PLANNED = 2;

async function ask(app: OwnApp, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  return answerOf(await fetch(`${app.app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) }));
}

let own: OwnApp;
let corpus: Corpus;
let references = 0;

/** The resolvers' answer to a query: the same text with a comment of its own, asked once. */
async function byResolvers(query: string, variables: Record<string, unknown>): Promise<Answer> {
  references += 1;
  const answer = await ask(own, `${query}\n# reference ${references}`, variables);
  expect(answer.answeredBy).toBe("resolvers");
  return answer;
}

/** Asks a planned text with variables, and expects the resolvers' answer to the same; says who answered. */
async function sameAsResolvers(query: string, variables: Record<string, unknown>): Promise<Answer> {
  const answer = await ask(own, query, variables);
  const reference = await byResolvers(query, variables);
  expect({ query, variables, status: answer.status, cacheControl: answer.cacheControl, body: answer.normalised }).toEqual({
    query,
    variables,
    status: reference.status,
    cacheControl: reference.cacheControl,
    body: reference.normalised,
  });
  if (answer.answeredBy === "sql") expect(answer.statements).toBe("1");
  return answer;
}

/** Asks a text until it is planned, then for each variable set compares its answer with the resolvers'; says who answered each. */
async function compared(query: string, variableSets: Array<Record<string, unknown>>): Promise<Array<string | null>> {
  const [first = {}] = variableSets;
  for (let times = 0; times < ASKS_BEFORE_PLANNED; times++) expect((await ask(own, query, first)).answeredBy).toBe("resolvers");
  const answeredBy: Array<string | null> = [];
  for (const variables of variableSets) answeredBy.push((await sameAsResolvers(query, variables)).answeredBy);
  return answeredBy;
}

/** What a planned text's answers are expected to be answered by: the statement on PostgreSQL, the resolvers on the embedded database. */
const PLANNED = PLANS_TEXTS ? "sql" : "resolvers";

beforeAll(async () => {
  // Without the response cache, every request is answered (a cached answer says `x-answered-by: cache`).
  own = await startOwnApp({ responseCache: false, plannedQueryTexts: 100 });
  corpus = await writeCorpus({ prefix: "pt", sources: 3, people: 7, companies: 4, topics: 4, quotesPerSource: 10, stepsPerPerson: 4 });
  await ingestFiles(own.app.database.dataSource, corpus.files, CLI_INGEST);
}, 120_000);

afterAll(async () => {
  await own?.finish();
});

it("answers queries of every shape the statements plan as the resolvers do: aliases, fragments, nesting, every page", async () => {
  const person = corpus.people[1];
  const shapes: Array<[string, Array<Record<string, unknown>>]> = [
    [
      `query ($slug: String!) { person(slug: $slug) { __typename name careerTimeline { title isCurrent company { name website } start { edtf earliest latest } end { ...Bounds } evidence { text span { start end } source { slug } } } } }
fragment Bounds on FuzzyDate { edtf earliest latest }`,
      [{ slug: person }, { slug: "jigar-bhati" }, { slug: "nobody-at-all" }],
    ],
    [
      `{ a: person(slug: "jigar-bhati") { slug } b: person(slug: "${person}") { slug name headline } }`,
      [{}],
    ],
    [
      `query ($first: Int, $after: String) { people(first: $first, after: $after) { totalCount nodes { slug } edges { cursor node { ... on Person { name careerTimeline { title } } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      [{ first: 2 }, { first: 100 }, { first: 0 }, {}],
    ],
    [
      `query ($first: Int, $after: String) { quotes(first: $first, after: $after) { totalCount edges { cursor highlight node { id text section span { start end } speaker { slug name } source { slug title } topics { slug } companies { slug name } } } pageInfo { hasNextPage endCursor } } }`,
      [{ first: 3 }, { first: 50 }, {}],
    ],
    [
      `query ($search: String!, $first: Int) { quotes(first: $first, filter: { search: $search }, orderBy: RELEVANCE) { totalCount edges { highlight node { text speaker { slug } } } pageInfo { hasNextPage endCursor } } }`,
      [{ search: "alpha", first: 5 }, { search: "bravo -charlie", first: 20 }, { search: "nothingmatchesthis" }],
    ],
  ];
  for (const [query, variableSets] of shapes) expect(new Set(await compared(query, variableSets))).toEqual(new Set([PLANNED]));
});

it("walks a planned text's pages by their cursors as the resolvers do", async () => {
  const query = `query Walk($first: Int, $after: String) { quotes(first: $first, after: $after) { edges { cursor node { text } } pageInfo { hasNextPage endCursor } } }`;
  await compared(query, [{ first: 4 }]);
  let after: string | null = null;
  let pages = 0;
  do {
    const answer = await sameAsResolvers(query, { first: 4, after });
    expect(answer.answeredBy).toBe(PLANNED);
    const connection = answer.body.data?.quotes as { pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    pages += 1;
  } while (after !== null);
  expect(pages).toBeGreaterThan(5);
});

it("answers the explorer's operations sent as other texts as the resolvers do", async () => {
  const variables: Record<string, Array<Record<string, unknown>>> = {
    PersonTimeline: [{ slug: "jigar-bhati" }, { slug: corpus.people[2] }],
    CompanyTimeline: [{ slug: "openai" }, { slug: corpus.companies[0], during: "1994" }],
    PeopleDirectory: [{}, { search: "pt" }],
    TopicDashboard: [{ filter: { topics: [corpus.topics[0]] } }, {}],
    QuoteSearch: [{ search: "alpha" }, { search: "delta", orderBy: "SOURCE_ORDER" }],
    SourceReader: [{ slug: "openai-engineer-as-told-to" }, { slug: "openai-engineer-as-told-to", revision: 1 }],
  };
  const directory = join(__dirname, "../../schema/operations");
  for (const [name, sets] of Object.entries(variables)) {
    const file = `${name.replace(/[A-Z]/g, (letter, at: number) => `${at > 0 ? "-" : ""}${letter.toLowerCase()}`)}.graphql`;
    const text = readFileSync(join(directory, file), "utf8");
    // A comment after it: the same operation, but not the trusted text. (Each selects a field
    // without SQL, so the resolvers answer it: what is compared is that nothing goes wrong.)
    await compared(`${text}\n# sent as text`, sets);
  }
});

it("hands the resolvers what the statements do not plan, and bad arguments, with the resolvers' answers and errors", async () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    [`query ($skip: Boolean!) { people(first: 3) { nodes { slug name @skip(if: $skip) } } }`, { skip: true }],
    [`{ quotes(first: 3, filter: { topics: ["${corpus.topics[0]}"] }) { totalCount nodes { text } } }`, {}],
    [`query ($first: Int) { people(first: $first) { nodes { slug } } }`, { first: 101 }],
    [`query ($after: String) { quotes(first: 2, after: $after) { nodes { text } } }`, { after: "not a cursor" }],
    [`query ($slug: String!) { person(slug: $slug) { name } }`, { slug: "nul\u0000" }],
    [`query ($slug: String!) { person(slug: $slug) { name } }`, {}],
    [`query ($search: String!) { quotes(first: 2, filter: { search: $search }) { nodes { text } } }`, { search: "x".repeat(300) }],
  ];
  for (const [query, variables] of cases) {
    const [answeredBy] = await compared(query, [variables]);
    expect({ query, answeredBy }).toEqual({ query, answeredBy: "resolvers" });
  }
});

describe("statement names for texts", () => {
  let small: OwnApp;
  // A trusted operation whose fields all have SQL (a test manifest's).
  const trustedTimeline = `query TrustedTimeline($slug: String!) { person(slug: $slug) { name careerTimeline { title } } }`;
  let directory: string;
  let manifest: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "planned-texts-"));
    manifest = join(directory, "manifest.json");
    const operation = { id: createHash("sha256").update(trustedTimeline).digest("hex"), name: "TrustedTimeline", type: "query", body: trustedTimeline };
    await writeFile(manifest, JSON.stringify({ format: "apollo-persisted-query-manifest", version: 1, operations: [operation] }));
    small = await startOwnApp({ responseCache: false, plannedQueryTexts: 3, persistedQueryManifests: [manifest] });
  });

  afterAll(async () => {
    await small?.finish();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  const personQuery = (alias: string) => `{ ${alias}: person(slug: "jigar-bhati") { name } }`;

  it("gives a text a name only once it has been asked for a few times, and no more names than the budget", async () => {
    // A flood of distinct texts, each asked once or twice: none is planned, none takes a name.
    for (let index = 0; index < 40; index++) {
      for (let times = 0; times < ASKS_BEFORE_PLANNED; times++) expect((await ask(small, personQuery(`flood${index}`))).answeredBy).toBe("resolvers");
    }
    // Asked a third time: the first three take the three names, the next ones find none left.
    const third: Array<string | null> = [];
    for (let index = 0; index < 5; index++) third.push((await ask(small, personQuery(`flood${index}`))).answeredBy);
    expect(third).toEqual(PLANS_TEXTS ? ["sql", "sql", "sql", "resolvers", "resolvers"] : Array(5).fill("resolvers"));
    // The named ones keep theirs; the others still answer, by the resolvers, the same.
    expect((await ask(small, personQuery("flood0"))).answeredBy).toBe(PLANNED);
    const unnamed = await ask(small, personQuery("flood4"));
    expect(unnamed.body.data).toEqual({ flood4: { name: "Jigar Bhati" } });
    // A trusted operation's statement does not come from the texts' names.
    const trusted = await ask(small, trustedTimeline, { slug: "jigar-bhati" });
    expect(trusted.answeredBy).toBe("sql");
  });

  it("plans no text when the budget is 0", async () => {
    const off = await startOwnApp({ responseCache: false, plannedQueryTexts: 0, persistedQueryManifests: [manifest] });
    try {
      for (let times = 0; times < ASKS_BEFORE_PLANNED + 3; times++) expect((await ask(off, personQuery("off"))).answeredBy).toBe("resolvers");
      expect((await ask(off, trustedTimeline, { slug: "jigar-bhati" })).answeredBy).toBe("sql");
    } finally {
      await off.finish();
    }
  });
});
