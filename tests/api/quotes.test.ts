/**
 * Quotes as a dashboard combines them: filters by speaker, company, topic and source, full-text
 * search with highlights, relevance order, the words around a quote. Every expected answer is
 * computed from the bundles themselves, not read back from the database.
 */
import { writeBundle } from "../support/bundles";
import { type Corpus, writeCorpus } from "../support/corpus";
import { at, ESSAY_BUNDLE, expectBadUserInput, openTestApi, type Reply, type TestApi } from "../support/api";
import { ESSAY_SOURCE, essayAndCorpus, type ModelQuote } from "../support/model";

let api: TestApi;
let corpus: Corpus;
/** Every quote of the database, in source order (source slug, then position in its body). */
let all: ModelQuote[];

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  corpus = await writeCorpus({ prefix: "qz", sources: 3, people: 5, companies: 4, topics: 5, quotesPerSource: 12 });
  await api.ingest(...corpus.files);
  // "openai-…" sorts before "qz-…": the essay's quotes come first.
  all = essayAndCorpus(corpus);
});

afterAll(async () => {
  await api.close();
});

interface Edge {
  cursor: string;
  highlight: string | null;
  node: { text: string; section: string | null; speaker: { slug: string }; source: { slug: string }; topics: Array<{ slug: string }>; companies: Array<{ slug: string }> };
}

const QUOTES = `query ($filter: QuoteFilter, $orderBy: QuoteOrder, $first: Int, $after: String) {
  quotes(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor highlight node { text section speaker { slug } source { slug } topics { slug } companies { slug } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Every edge of a list, walking its pages of `pageSize`. */
async function walk(filter: Record<string, unknown> | null, orderBy: string | null = null, pageSize = 7): Promise<{ edges: Edge[]; totalCount: number }> {
  const edges: Edge[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let page = 0; page < 100; page += 1) {
    const data: { quotes: { totalCount: number; edges: Edge[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await api.data(QUOTES, {
      filter,
      orderBy,
      first: pageSize,
      after,
    });
    edges.push(...data.quotes.edges);
    totalCount = data.quotes.totalCount;
    if (!data.quotes.pageInfo.hasNextPage) return { edges, totalCount };
    after = data.quotes.pageInfo.endCursor;
  }
  throw new Error("more than 100 pages");
}

async function texts(filter: Record<string, unknown> | null): Promise<string[]> {
  const { edges, totalCount } = await walk(filter);
  expect(totalCount).toBe(edges.length);
  return edges.map((edge) => edge.node.text);
}

const where = (keep: (quote: ModelQuote) => boolean) => all.filter(keep).map((quote) => quote.text);
const hasWord = (text: string, word: string) => text.toLowerCase().split(/[^a-z]+/).includes(word);

describe("without a filter", () => {
  it("lists every quote once, in source order", async () => {
    expect(await texts(null)).toEqual(all.map((quote) => quote.text));
  });

  it("treats null and empty fields and a blank search as no filter", async () => {
    const everything = all.map((quote) => quote.text);
    expect(await texts({ speakers: null, topics: [], companies: [], sources: null, search: "   " })).toEqual(everything);
  });

  it("gives each quote its speaker, source, topics and companies (by slug) and its section", async () => {
    const { edges } = await walk(null, null, 100);
    expect(
      edges.map((edge) => ({
        source: edge.node.source.slug,
        speaker: edge.node.speaker.slug,
        text: edge.node.text,
        topics: edge.node.topics.map((topic) => topic.slug),
        companies: edge.node.companies.map((company) => company.slug),
      })),
    ).toEqual(all);
    const corpusSections = edges.filter((edge) => edge.node.source.slug.startsWith("qz-")).map((edge) => edge.node.section);
    expect(corpusSections).toEqual(corpus.quotes.map((quote) => quote.section));
    expect(edges.every((edge) => edge.highlight === null)).toBe(true);
  });
});

describe("filters", () => {
  it("keeps the quotes of any of the speakers (OR within a field)", async () => {
    const speakers = [corpus.people[1] ?? "", corpus.people[3] ?? ""];
    expect(await texts({ speakers })).toEqual(where((quote) => speakers.includes(quote.speaker)));
  });

  it("keeps the quotes with any of the topics", async () => {
    const topics = [corpus.topics[0] ?? "", corpus.topics[2] ?? "", "hiring"];
    expect(await texts({ topics })).toEqual(where((quote) => quote.topics.some((topic) => topics.includes(topic))));
  });

  it("keeps the quotes mentioning any of the companies", async () => {
    const companies = ["openai", corpus.companies[1] ?? ""];
    expect(await texts({ companies })).toEqual(where((quote) => quote.companies.some((company) => companies.includes(company))));
  });

  it("keeps the quotes of any of the sources", async () => {
    const sources = [corpus.sources[2] ?? "", ESSAY_SOURCE];
    expect(await texts({ sources })).toEqual(where((quote) => sources.includes(quote.source)));
  });

  it("combines fields with AND", async () => {
    const filter = { speakers: [corpus.people[0] ?? "", corpus.people[2] ?? ""], topics: [corpus.topics[1] ?? "", corpus.topics[4] ?? ""], companies: [corpus.companies[0] ?? "", corpus.companies[2] ?? ""] };
    const expected = where(
      (quote) => filter.speakers.includes(quote.speaker) && quote.topics.some((t) => filter.topics.includes(t)) && quote.companies.some((c) => filter.companies.includes(c)),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(await texts(filter)).toEqual(expected);
  });

  it("matches nothing for an unknown slug, and ignores it beside a known one", async () => {
    expect(await texts({ topics: ["no-such-topic"] })).toEqual([]);
    expect(await texts({ speakers: ["nobody", "jigar-bhati"] })).toEqual(where((quote) => quote.speaker === "jigar-bhati"));
    expect(await texts({ speakers: ["jigar-bhati"], sources: ["nowhere"] })).toEqual([]);
  });
});

describe("search", () => {
  it("finds a word, with the match marked in the highlight", async () => {
    const { edges } = await walk({ search: "alpha" });
    expect(edges.map((edge) => edge.node.text)).toEqual(where((quote) => hasWord(quote.text, "alpha")));
    for (const edge of edges) {
      expect(edge.highlight).toBe(edge.node.text.replace(/\balpha\b/, "<mark>alpha</mark>"));
    }
  });

  it("finds a quoted phrase only where its words stand together, in that order", async () => {
    const [first, second] = corpus.quotes[0]?.words ?? [];
    const phrase = await texts({ search: `"${first} ${second}"` });
    expect(phrase).toEqual(where((quote) => quote.text.includes(`${first} ${second}`)));
    const reversed = await texts({ search: `"${second} ${first}"` });
    expect(reversed).toEqual(where((quote) => quote.text.includes(`${second} ${first}`)));
    expect(await texts({ search: `${first} ${second}` })).toEqual(where((quote) => hasWord(quote.text, first ?? "") && hasWord(quote.text, second ?? "")));
    expect(phrase.length).toBeGreaterThan(0);
  });

  it("understands OR and -excluded words", async () => {
    expect(await texts({ search: "alpha OR bravo" })).toEqual(where((quote) => hasWord(quote.text, "alpha") || hasWord(quote.text, "bravo")));
    expect(await texts({ search: "alpha -foxtrot" })).toEqual(where((quote) => hasWord(quote.text, "alpha") && !hasWord(quote.text, "foxtrot")));
    expect(await texts({ search: "startup -twitter" })).toEqual(
      where((quote) => /\bstartups?\b/i.test(quote.text) && !/\btwitter\b/i.test(quote.text)),
    );
  });

  it("stems English words: 'hiring' finds 'hires'", async () => {
    expect(await texts({ search: "hiring" })).toEqual(where((quote) => /\bhir(e|es|ed|ing)\b/i.test(quote.text)));
  });

  it("combines with the other filters", async () => {
    const speakers = [corpus.people[2] ?? ""];
    expect(await texts({ search: "echo", speakers })).toEqual(where((quote) => hasWord(quote.text, "echo") && speakers.includes(quote.speaker)));
  });

  it("matches nothing for stop words alone, and never fails on odd syntax", async () => {
    expect(await texts({ search: "the and of" })).toEqual([]);
    for (const search of ['"unclosed', "OR OR -", "alpha & | ! ( ) :*", "'; drop table quotes; --", "\\", "<mark>"]) {
      const reply = await api.run(QUOTES, { filter: { search }, first: 5 });
      expect(reply.errors).toBeUndefined();
    }
    expect((await texts(null)).length).toBe(all.length);
  });

  it("escapes the text around the marks as HTML", async () => {
    const body = `Intro.\n\nTom & Jerry said "<b>hello</b>" to everyone's friends.\n`;
    await api.ingest(
      await writeBundle(
        {
          source: { slug: "zz-html", title: "HTML", kind: "ARTICLE", bodyFile: "html.txt" },
          people: [{ slug: "tom", name: "Tom" }],
          quotes: [{ speaker: "tom", text: `Tom & Jerry said "<b>hello</b>" to everyone's friends.` }],
        },
        body,
        "html.yaml",
        "html.txt",
      ),
    );
    const { edges } = await walk({ search: "hello" });
    expect(edges.map((edge) => edge.highlight)).toEqual([`Tom &amp; Jerry said &quot;&lt;b&gt;<mark>hello</mark>&lt;/b&gt;&quot; to everyone&#39;s friends.`]);
  });
});

describe("relevance order", () => {
  it("puts the best matches first, then source order", async () => {
    const { edges } = await walk({ search: "alpha OR bravo" }, "RELEVANCE", 4);
    const both = where((quote) => hasWord(quote.text, "alpha") && hasWord(quote.text, "bravo"));
    const one = where((quote) => hasWord(quote.text, "alpha") !== hasWord(quote.text, "bravo"));
    expect(both.length).toBeGreaterThan(0);
    expect(edges.map((edge) => edge.node.text)).toEqual([...both, ...one]);
  });

  it("counts every match on every page: the first page's total counted over its ranked rows, in its one statement", async () => {
    const matches = where((quote) => hasWord(quote.text, "alpha") || hasWord(quote.text, "bravo"));
    expect(matches.length).toBeGreaterThan(6);
    const replies = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const reply: Reply<{ quotes: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string } } }> = await api.run(QUOTES, { filter: { search: "alpha OR bravo" }, orderBy: "RELEVANCE", first: 3, after });
      replies.push(reply);
      if (!reply.data?.quotes.pageInfo.hasNextPage) break;
      after = reply.data.quotes.pageInfo.endCursor;
    }
    expect(replies.map((reply) => reply.data?.quotes.totalCount)).toEqual(replies.map(() => matches.length));
    expect(replies[0]?.statements).toBe(1);
    const none = await api.data<{ quotes: { totalCount: number } }>(QUOTES, { filter: { search: "zyzzyva" }, orderBy: "RELEVANCE", first: 3 });
    expect(none.quotes.totalCount).toBe(0);
  });

  it("is source order when not searching", async () => {
    const { edges } = await walk({ topics: [corpus.topics[3] ?? ""] }, "RELEVANCE", 5);
    expect(edges.map((edge) => edge.node.text)).toEqual(where((quote) => quote.topics.includes(corpus.topics[3] ?? "")));
  });

  it("refuses a cursor of the other order", async () => {
    const first = await api.data<{ quotes: { pageInfo: { endCursor: string } } }>(QUOTES, { first: 2 });
    const reply = await api.run(QUOTES, { first: 2, orderBy: "RELEVANCE", after: first.quotes.pageInfo.endCursor });
    expectBadUserInput(reply, "after");
  });
});

describe("context", () => {
  const CONTEXT = `query ($filter: QuoteFilter, $chars: Int) {
    quotes(filter: $filter, first: 100) { nodes { text span { start end } context(chars: $chars) { before after } source { body } } }
  }`;
  interface ContextReply {
    quotes: { nodes: Array<{ text: string; span: { start: number; end: number }; context: { before: string; after: string }; source: { body: string } }> };
  }

  it.each([0, 1, 80, 500])("gives %d code points of the body on each side, fewer at its edges", async (chars) => {
    const data = await api.data<ContextReply>(CONTEXT, { filter: { sources: [ESSAY_SOURCE, corpus.sources[0]] }, chars });
    expect(data.quotes.nodes.length).toBeGreaterThan(12);
    for (const quote of data.quotes.nodes) {
      const body = quote.source.body;
      expect(quote.text).toBe(at(body, quote.span));
      expect(quote.context.before).toBe(at(body, { start: Math.max(0, quote.span.start - chars), end: quote.span.start }));
      expect(quote.context.after).toBe(at(body, { start: quote.span.end, end: quote.span.end + chars }));
    }
  });

  it("counts code points: astral characters are one each", async () => {
    const body = "😀😀😀 He said: keep going. 𝄞𝄞𝄞\n";
    await api.ingest(
      await writeBundle(
        { source: { slug: "zz-astral", title: "Astral", kind: "ARTICLE", bodyFile: "astral.txt" }, people: [{ slug: "ann", name: "Ann" }], quotes: [{ speaker: "ann", text: "keep going." }] },
        body,
        "astral.yaml",
        "astral.txt",
      ),
    );
    const data = await api.data<ContextReply>(CONTEXT, { filter: { sources: ["zz-astral"] }, chars: 11 });
    expect(data.quotes.nodes[0]?.context).toEqual({ before: "😀 He said: ", after: " 𝄞𝄞𝄞\n" });
  });

  it("takes 80 when chars is omitted or null", async () => {
    const data = await api.data<ContextReply>(CONTEXT, { filter: { sources: [ESSAY_SOURCE] }, chars: null });
    const quote = data.quotes.nodes[5];
    if (!quote) throw new Error("no quote");
    expect([...quote.context.before]).toHaveLength(80);
  });

  it.each([-1, 501])("refuses chars: %d naming the argument", async (chars) => {
    expectBadUserInput(await api.run(CONTEXT, { filter: { sources: [ESSAY_SOURCE] }, chars }), "chars");
  });
});
