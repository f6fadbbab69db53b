/**
 * quoteStats: the counts a dashboard's facets show, over the quotes a filter keeps, each
 * breakdown one SQL statement; and Topic.quoteCount. Expected counts come from the bundles.
 */
import { writeBundle } from "../support/bundles";
import { type Corpus, writeCorpus } from "../support/corpus";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";
import { countBy, essayAndCorpus, type ModelQuote } from "../support/model";

let api: TestApi;
let corpus: Corpus;
let all: ModelQuote[];

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  corpus = await writeCorpus({ prefix: "st", sources: 3, people: 4, companies: 3, topics: 6, quotesPerSource: 10 });
  await api.ingest(...corpus.files);
  all = essayAndCorpus(corpus);
});

afterAll(async () => {
  await api.close();
});

const STATS = `query ($filter: QuoteFilter) {
  quoteStats(filter: $filter) {
    total
    byTopic { topic { slug } count }
    byCompany { company { slug } count }
    bySpeaker { person { slug } count }
  }
}`;

interface Stats {
  total: number;
  byTopic: Array<{ topic: { slug: string }; count: number }>;
  byCompany: Array<{ company: { slug: string }; count: number }>;
  bySpeaker: Array<{ person: { slug: string }; count: number }>;
}

function expected(kept: ModelQuote[]) {
  return {
    total: kept.length,
    byTopic: countBy(kept, (quote) => quote.topics).map(([slug, count]) => ({ topic: { slug }, count })),
    byCompany: countBy(kept, (quote) => quote.companies).map(([slug, count]) => ({ company: { slug }, count })),
    bySpeaker: countBy(kept, (quote) => [quote.speaker]).map(([slug, count]) => ({ person: { slug }, count })),
  };
}

const hasWord = (text: string, word: string) => text.toLowerCase().split(/[^a-z]+/).includes(word);

describe("quoteStats", () => {
  it.each<[string, Record<string, unknown> | null, (quote: ModelQuote) => boolean]>([
    ["no filter", null, () => true],
    ["the essay's topic 'hiring'", { topics: ["hiring"] }, (quote) => quote.topics.includes("hiring")],
    ["a company", { companies: ["st-company-001"] }, (quote) => quote.companies.includes("st-company-001")],
    ["two speakers", { speakers: ["st-person-000", "st-person-003"] }, (quote) => ["st-person-000", "st-person-003"].includes(quote.speaker)],
    ["a search", { search: "delta OR golf" }, (quote) => hasWord(quote.text, "delta") || hasWord(quote.text, "golf")],
    [
      "a search within a source",
      { search: "delta OR golf", sources: ["st-source-001"] },
      (quote) => quote.source === "st-source-001" && (hasWord(quote.text, "delta") || hasWord(quote.text, "golf")),
    ],
    ["an unknown slug", { topics: ["nothing-here"] }, () => false],
  ])("counts by topic, company and speaker over %s", async (_what, filter, keep) => {
    const data = await api.data<{ quoteStats: Stats }>(STATS, { filter });
    expect(data.quoteStats).toEqual(expected(all.filter(keep)));
  });

  it("agrees with the quote list's totalCount for the same filter", async () => {
    const filter = { topics: ["st-topic-002", "impact"], search: "alpha OR india OR impact" };
    const data = await api.data<{ quoteStats: { total: number }; quotes: { totalCount: number } }>(
      `query ($filter: QuoteFilter) { quoteStats(filter: $filter) { total } quotes(filter: $filter) { totalCount } }`,
      { filter },
    );
    expect(data.quoteStats.total).toBe(data.quotes.totalCount);
    expect(data.quoteStats.total).toBeGreaterThan(0);
  });

  it("runs one SQL statement per breakdown asked for, and none for those not asked", async () => {
    const filter = { speakers: ["st-person-001"] };
    expect((await api.run(`query ($filter: QuoteFilter) { quoteStats(filter: $filter) { __typename } }`, { filter })).statements).toBe(0);
    expect((await api.run(`query ($filter: QuoteFilter) { quoteStats(filter: $filter) { byTopic { topic { slug name quoteCount } count } } }`, { filter })).statements).toBe(2);
    const everything = await api.run(STATS, { filter });
    expect(everything.errors).toBeUndefined();
    expect(everything.statements).toBe(4);
  });
});

describe("Topic.quoteCount", () => {
  it("counts every quote carrying each topic", async () => {
    const data = await api.data<{ topics: Array<{ slug: string; quoteCount: number }> }>("{ topics { slug quoteCount } }");
    const counts = new Map(countBy(all, (quote) => quote.topics));
    expect(data.topics.map((topic) => [topic.slug, topic.quoteCount])).toEqual(
      [...new Set(all.flatMap((quote) => quote.topics))].sort().map((slug) => [slug, counts.get(slug) ?? 0]),
    );
  });

  it("is 0 for a topic no quote carries, which no breakdown lists", async () => {
    await api.ingest(
      await writeBundle(
        { source: { slug: "st-empty", title: "Empty", kind: "ARTICLE", bodyFile: "empty.txt" }, topics: [{ slug: "st-unused", name: "Unused" }] },
        "Nothing quoted here.\n",
        "empty.yaml",
        "empty.txt",
      ),
    );
    const data = await api.data<{ topics: Array<{ slug: string; quoteCount: number }>; quoteStats: Pick<Stats, "byTopic"> }>(
      "{ topics { slug quoteCount } quoteStats { byTopic { topic { slug } count } } }",
    );
    expect(data.topics.find((topic) => topic.slug === "st-unused")).toEqual({ slug: "st-unused", quoteCount: 0 });
    expect(data.quoteStats.byTopic.map((entry) => entry.topic.slug)).not.toContain("st-unused");
  });
});
