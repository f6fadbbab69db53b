/**
 * The number of SQL statements a request costs depends on the shape of the query, never on the
 * number of rows: each operation a client sends runs on a database of 5 of everything and on one
 * of 50, asking for 5 and for 50 rows, and must cost the same statements both times.
 */
import { type Corpus, SEARCH_WORDS, writeCorpus } from "../support/corpus";
import { openTestApi, type TestApi } from "../support/api";

interface Sized {
  api: TestApi;
  corpus: Corpus;
  /** How many rows of each kind: 5 or 50. */
  n: number;
}

let small: Sized;
let large: Sized;

async function open(n: number, prefix: string): Promise<Sized> {
  const api = await openTestApi();
  const corpus = await writeCorpus({ prefix, sources: 2, people: n, companies: n, topics: n, quotesPerSource: n, stepsPerPerson: n });
  await api.ingest(...corpus.files);
  return { api, corpus, n };
}

beforeAll(async () => {
  [small, large] = await Promise.all([open(5, "sm"), open(50, "lg")]);
}, 180_000);

afterAll(async () => {
  await Promise.all([small?.api.close(), large?.api.close()]);
});

interface Case {
  name: string;
  query: string;
  variables: (sized: Sized) => Record<string, unknown>;
  /** How many rows the answer holds, to prove the two runs differ in size. */
  rows: (data: Record<string, unknown>) => number;
}

const get = (value: unknown, ...path: string[]): unknown => path.reduce((node, key) => (node as Record<string, unknown>)[key], value);
const length = (value: unknown, ...path: string[]) => (get(value, ...path) as unknown[]).length;

const CASES: Case[] = [
  {
    name: "a person's timeline with companies, evidence and sources",
    query: `query ($slug: String!) { person(slug: $slug) {
      name
      careerTimeline { title isCurrent durationMonths person { name } company { name } start { edtf earliest } end { edtf latest }
        source { slug } evidence { text span { start end } source { title } } }
      currentRoles { title company { slug } }
      sources { slug }
    } }`,
    variables: ({ corpus }) => ({ slug: corpus.people[0] }),
    rows: (data) => length(data, "person", "careerTimeline"),
  },
  {
    name: "a dashboard: quotes with speaker, source, topics and companies, plus stats",
    query: `query ($first: Int, $filter: QuoteFilter) {
      quotes(first: $first, filter: $filter) { totalCount edges { cursor node { text section speaker { name } source { slug } topics { slug } companies { slug } } } }
      quoteStats(filter: $filter) { total byTopic { topic { slug quoteCount } count } byCompany { company { slug } count } bySpeaker { person { slug } count } }
    }`,
    variables: ({ n }) => ({ first: n, filter: null }),
    rows: (data) => length(data, "quotes", "edges"),
  },
  {
    name: "a list of people with nested timelines and quotes",
    query: `query ($first: Int) { people(first: $first) { totalCount nodes {
      name careerTimeline { title company { name } start { edtf } }
      quotes(first: 3) { totalCount nodes { text topics { slug } } }
      sources { slug }
    } } }`,
    variables: ({ n }) => ({ first: n }),
    rows: (data) => length(data, "people", "nodes"),
  },
  {
    name: "a search with highlights and context",
    query: `query ($first: Int, $search: String!) { quotes(first: $first, orderBy: RELEVANCE, filter: { search: $search }) {
      totalCount edges { highlight node { text context(chars: 40) { before after } speaker { name } source { slug } } }
    } }`,
    variables: ({ n }) => ({ first: n, search: SEARCH_WORDS.slice(0, 8).join(" OR ") }),
    rows: (data) => length(data, "quotes", "edges"),
  },
  {
    name: "topics with their quotes",
    query: `{ topics { slug quoteCount quotes(first: 3) { totalCount nodes { text speaker { name } companies { slug } } } } }`,
    variables: () => ({}),
    rows: (data) => length(data, "topics"),
  },
  {
    name: "companies with their people, steps and quotes",
    query: `query ($first: Int) { companies(first: $first) { nodes {
      name people { name } careerSteps { title person { name } } quotes(first: 2) { nodes { text } }
    } } }`,
    variables: ({ n }) => ({ first: n }),
    rows: (data) => length(data, "companies", "nodes"),
  },
  {
    name: "who was where during a period, with people, companies and evidence",
    query: `query ($first: Int, $filter: CareerStepFilter) { careerSteps(first: $first, filter: $filter) {
      totalCount edges { cursor node { title duration { min max } person { name } company { name } evidence { text } } }
    } }`,
    variables: ({ n }) => ({ first: n, filter: { during: "1900/2100", certainty: "POSSIBLY" } }),
    rows: (data) => length(data, "careerSteps", "edges"),
  },
  {
    name: "companies with who was there during a period",
    query: `query ($first: Int) { companies(first: $first) { nodes {
      name careerSteps(during: "1900/2100") { title person { name } } people(during: "1900/2100", certainty: POSSIBLY) { name }
    } } }`,
    variables: ({ n }) => ({ first: n }),
    rows: (data) => length(data, "companies", "nodes"),
  },
  {
    name: "sources with their people and quotes",
    query: `{ sources { nodes { title narrator { name } people { name } quotes(first: 50) { nodes { text speaker { name } } } } } }`,
    variables: () => ({}),
    rows: (data) => (get(data, "sources", "nodes") as Array<{ quotes: { nodes: unknown[] } }>).reduce((sum, source) => sum + source.quotes.nodes.length, 0),
  },
];

describe.each(CASES.map((testCase) => [testCase.name, testCase] as const))("%s", (_name, testCase) => {
  it("costs the same statements for 5 rows as for 50, and only a few", async () => {
    const runs = [];
    for (const sized of [small, large]) {
      const reply = await sized.api.run(testCase.query, testCase.variables(sized));
      expect(reply.errors).toBeUndefined();
      runs.push({ rows: testCase.rows(reply.data as Record<string, unknown>), statements: reply.statements });
    }
    const [few, many] = runs;
    expect(few?.rows).toBeGreaterThanOrEqual(5);
    expect(many?.rows).toBeGreaterThanOrEqual(50);
    expect(many?.statements).toBe(few?.statements);
    expect(few?.statements).toBeGreaterThan(0);
    expect(few?.statements).toBeLessThanOrEqual(12);
  });
});
