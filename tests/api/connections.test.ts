/**
 * Connections (Relay cursor pages) on every list: walked to the end they give the whole list
 * exactly once, in order; `first` defaults to 20 and is capped at 100; cursors are opaque and
 * checked; `totalCount` is counted only when asked for; pages hold under inserts.
 */
import { writeBundle } from "../support/bundles";
import { type Corpus, writeCorpus } from "../support/corpus";
import { expectBadUserInput, openTestApi, type TestApi } from "../support/api";

let api: TestApi;
let corpus: Corpus;

beforeAll(async () => {
  api = await openTestApi();
  corpus = await writeCorpus({ prefix: "pc", sources: 4, people: 30, companies: 12, topics: 6, quotesPerSource: 25 });
  await api.ingest(...corpus.files);
});

afterAll(async () => {
  await api.close();
});

interface Connection {
  totalCount: number;
  edges: Array<{ cursor: string; node: { key: string } }>;
  nodes: Array<{ key: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGE = "totalCount edges { cursor node { key } } nodes { key } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";

/** A list to walk: the operation (with $first and $after) and where its connection is in the answer. */
interface List {
  name: string;
  query: string;
  connection: (data: Record<string, unknown>) => Connection;
  expected: () => string[];
}

const quoteKey = "key: text";
const root = (field: string, args = "", key = "key: slug"): Pick<List, "query" | "connection"> => ({
  query: `query ($first: Int, $after: String) { ${field}(first: $first, after: $after${args}) { ${PAGE.replace(/\{ key \}/g, `{ ${key} }`)} } }`,
  connection: (data) => data[field] as Connection,
});
const nested = (parent: string, slug: string, field: string, args = ""): Pick<List, "query" | "connection"> => ({
  query: `query ($first: Int, $after: String) { parent: ${parent}(slug: "${slug}") { ${field}(first: $first, after: $after${args}) { ${PAGE.replace(/\{ key \}/g, `{ ${quoteKey} }`)} } } }`,
  connection: (data) => (data.parent as Record<string, Connection>)[field] as Connection,
});

const sorted = (values: string[]) => [...values].sort();
const texts = (keep: (quote: Corpus["quotes"][number]) => boolean) => corpus.quotes.filter(keep).map((quote) => quote.text);

const LISTS: List[] = [
  { name: "people", ...root("people"), expected: () => sorted(corpus.people) },
  { name: "people found by name", ...root("people", ', search: "PERSON 01"'), expected: () => sorted(corpus.people.filter((slug) => slug.includes("person-01"))) },
  { name: "companies", ...root("companies"), expected: () => sorted(corpus.companies) },
  { name: "sources", ...root("sources"), expected: () => sorted(corpus.sources) },
  { name: "quotes", ...root("quotes", "", quoteKey), expected: () => texts(() => true) },
  { name: "a person's quotes", ...nested("person", "pc-person-003", "quotes"), expected: () => texts((quote) => quote.speaker === "pc-person-003") },
  { name: "a company's quotes", ...nested("company", "pc-company-002", "quotes"), expected: () => texts((quote) => quote.companies.includes("pc-company-002")) },
  { name: "a source's quotes", ...nested("source", "pc-source-001", "quotes"), expected: () => texts((quote) => quote.source === "pc-source-001") },
  {
    name: "a person's quotes, filtered",
    ...nested("person", "pc-person-001", "quotes", ", filter: { topics: [\"pc-topic-001\", \"pc-topic-004\"] }"),
    expected: () => texts((quote) => quote.speaker === "pc-person-001" && quote.topics.some((t) => ["pc-topic-001", "pc-topic-004"].includes(t))),
  },
];

async function page(list: List, first: number | null, after: string | null): Promise<Connection> {
  return list.connection(await api.data(list.query, { first, after }));
}

describe.each(LISTS.map((list) => [list.name, list] as const))("%s", (_name, list) => {
  it.each([1, 3, 20, 100])("walked %d at a time, gives every item once, in order", async (size) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pageNumber = 0; pageNumber < 200; pageNumber += 1) {
      const current: Connection = await page(list, size, after);
      expect(current.nodes).toEqual(current.edges.map((edge) => edge.node));
      expect(current.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(current.pageInfo.startCursor).toBe(current.edges[0]?.cursor ?? null);
      expect(current.pageInfo.endCursor).toBe(current.edges.at(-1)?.cursor ?? null);
      expect(current.totalCount).toBe(list.expected().length);
      seen.push(...current.edges.map((edge) => edge.node.key));
      if (!current.pageInfo.hasNextPage) break;
      expect(current.edges).toHaveLength(size);
      after = current.pageInfo.endCursor;
    }
    expect(seen).toEqual(list.expected());
  });

  it("gives 20 when first is omitted or null, and an empty page for 0", async () => {
    const expected = list.expected();
    for (const first of [null, undefined]) {
      const data = list.connection(await api.data(list.query, first === undefined ? {} : { first }));
      expect(data.edges.map((edge) => edge.node.key)).toEqual(expected.slice(0, 20));
      expect(data.pageInfo.hasNextPage).toBe(expected.length > 20);
    }
    const empty = await page(list, 0, null);
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toEqual({ hasNextPage: expected.length > 0, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it.each([101, -1, 1_000_000])("refuses first: %d naming the argument", async (first) => {
    expectBadUserInput(await api.run(list.query, { first }), "first");
  });

  it.each([
    ["garbage", "not a cursor!"],
    ["base64 of text", Buffer.from("hello").toString("base64url")],
    ["a cursor of another list", Buffer.from(JSON.stringify(["topics", "x"])).toString("base64url")],
    ["a forged key", Buffer.from(JSON.stringify(["quotes", 1, "x", "y"])).toString("base64url")],
    ["a huge string", "A".repeat(5000)],
  ])("refuses %s as the after cursor", async (_what, after) => {
    expectBadUserInput(await api.run(list.query, { first: 5, after }), "after");
  });
});

describe("cursors of one list on another", () => {
  it("are refused: a people cursor on companies, a quotes cursor on people", async () => {
    const people = await page(LISTS[0] as List, 2, null);
    const quotes = await page(LISTS[4] as List, 2, null);
    expectBadUserInput(await api.run(root("companies").query, { first: 2, after: people.pageInfo.endCursor }), "after");
    expectBadUserInput(await api.run(root("people").query, { first: 2, after: quotes.pageInfo.endCursor }), "after");
  });

  it("work across the quote lists of one order: a position in source order is a position", async () => {
    // A person's quotes are a sublist of all quotes, in the same order: an all-quotes cursor
    // continues a person's list from the same place.
    const all = await page(LISTS[4] as List, 10, null);
    const person = LISTS[5] as List;
    const rest = await page(person, 100, all.pageInfo.endCursor);
    const lastSeen = all.edges.at(-1)?.node.key ?? "";
    const index = corpus.quotes.findIndex((quote) => quote.text === lastSeen);
    expect(rest.edges.map((edge) => edge.node.key)).toEqual(corpus.quotes.slice(index + 1).filter((quote) => quote.speaker === "pc-person-003").map((quote) => quote.text));
  });
});

describe("totalCount", () => {
  it("is counted only when asked for: in the page's own statement on a root list, apart for the lists of parents", async () => {
    const without = await api.run("{ people(first: 5) { nodes { slug } } }");
    const withCount = await api.run<{ people: { totalCount: number } }>("{ people(first: 5) { totalCount nodes { slug } } }");
    expect(without.statements).toBe(1);
    expect(withCount.statements).toBe(1);
    expect(withCount.data?.people.totalCount).toBe(30);
    const quotes = await api.run("{ quotes(first: 5) { nodes { text } } }");
    const quotesWithCount = await api.run<{ quotes: { totalCount: number } }>("{ quotes(first: 5) { totalCount nodes { text } } }");
    expect(quotesWithCount.statements).toBe(quotes.statements);
    expect(quotesWithCount.data?.quotes.totalCount).toBe(100);
    const nested = await api.run("{ people(first: 3) { nodes { quotes(first: 2) { nodes { text } } } } }");
    const nestedWithCount = await api.run("{ people(first: 3) { nodes { quotes(first: 2) { totalCount nodes { text } } } } }");
    expect(nestedWithCount.statements - nested.statements).toBe(1);
  });
});

describe("pages under concurrent inserts", () => {
  // A database of its own: this test adds rows that the lists above must not see.
  let own: TestApi;
  let ownCorpus: Corpus;

  beforeAll(async () => {
    own = await openTestApi();
    ownCorpus = await writeCorpus({ prefix: "pc", sources: 3, people: 4, companies: 2, topics: 2, quotesPerSource: 25 });
    await own.ingest(...ownCorpus.files);
  });

  afterAll(async () => {
    await own.close();
  });

  it("never repeat or skip an item: what is inserted behind the cursor stays behind, what is ahead appears", async () => {
    const { query, connection } = root("quotes", "", quoteKey);
    const list = async (after: string | null) => connection(await own.data(query, { first: 30, after }));
    const before = ownCorpus.quotes.map((quote) => quote.text);
    const first = await list(null);
    const firstKeys = first.edges.map((edge) => edge.node.key);
    expect(firstKeys).toEqual(before.slice(0, 30));

    // The first page ends inside pc-source-001: "pc-source-000a" sorts behind the cursor,
    // "pc-source-zzz" after everything.
    const behind = "Remark behind the cursor says nothing.";
    const ahead = "Remark ahead of the cursor says nothing.";
    for (const [slug, text] of [
      ["pc-source-000a", behind],
      ["pc-source-zzz", ahead],
    ] as const) {
      await own.ingest(
        await writeBundle(
          { source: { slug, title: slug, kind: "ARTICLE", bodyFile: `${slug}.txt` }, quotes: [{ speaker: "pc-person-000", text }] },
          `${text}\n`,
          `${slug}.yaml`,
          `${slug}.txt`,
        ),
      );
    }

    const rest: string[] = [];
    let after = first.pageInfo.endCursor;
    for (let i = 0; i < 20 && after !== null; i += 1) {
      const next = await list(after);
      rest.push(...next.edges.map((edge) => edge.node.key));
      after = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
    }
    expect([...firstKeys, ...rest]).toEqual([...before, ahead]);
    expect(rest).not.toContain(behind);
  });
});
