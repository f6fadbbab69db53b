/**
 * Prefetching (src/graphql/read/prefetch.ts): a root statement fetches the relations its selection
 * asks for and primes the loaders. The answers must be exactly what the loaders alone give (the
 * same rows in the same order), in fewer statements.
 */
import { type GraphQLResolveInfo, Kind, parse } from "graphql";
import { planOf, Prefetch, selectionOf } from "../../src/graphql/read/prefetch";
import { CareerStep } from "../../src/career-steps/career-step.entity";
import { Person } from "../../src/people/person.entity";
import { Quote } from "../../src/quotes/quote.entity";
import { Reader } from "../../src/db/reader";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";
import { ApiKeyRole, createKey } from "../support/keys";
import { FEATURES } from "../../src/features";

const QUOTE_FIELDS = "id text speaker { slug name } source { slug title } topics { slug name } companies { slug name }";

interface QuoteNode {
  id: string;
  text: string;
  speaker: { slug: string };
  source: { slug: string };
  topics: Array<{ slug: string }>;
  companies: Array<{ slug: string }>;
}

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
});

afterAll(async () => {
  await api?.close();
});

describe("a page of quotes", () => {
  it("comes with speakers, sources, topics and companies in one statement, equal to what the loaders give one quote at a time", async () => {
    const page = await api.run<{ quotes: { nodes: QuoteNode[] } }>(`{ quotes(first: 100) { nodes { ${QUOTE_FIELDS} } } }`);
    expect(page.errors).toBeUndefined();
    expect(page.statements).toBe(1);
    const quotes = page.data?.quotes.nodes ?? [];
    expect(quotes.length).toBeGreaterThan(20);
    expect(quotes.some((quote) => quote.topics.length > 1)).toBe(true);
    expect(quotes.some((quote) => quote.companies.length > 0)).toBe(true);

    // node(id) has nothing to prefetch from: each relation comes from its loader.
    for (const quote of quotes) {
      const alone = await api.data<{ node: QuoteNode }>(`query ($id: ID!) { node(id: $id) { ... on Quote { ${QUOTE_FIELDS} } } }`, { id: quote.id });
      expect(alone.node).toEqual(quote);
    }
  });

  it("prefetches what fragments, aliases, `edges` and `nodes` ask for alike", async () => {
    const reply = await api.run<{ quotes: { edges: Array<{ node: { who: { slug: string }; topics: unknown[] } }>; nodes: Array<{ source: { slug: string } }> } }>(
      `{ quotes(first: 5) { edges { node { ...Who } } nodes { ... on Quote { source { slug } } } } }
       fragment Who on Quote { who: speaker { slug } topics { slug } }`,
    );
    expect(reply.errors).toBeUndefined();
    expect(reply.statements).toBe(1);
    expect(reply.data?.quotes.edges[0]?.node.who.slug).toBe("jigar-bhati");
    expect(reply.data?.quotes.nodes[0]?.source.slug).toBe("openai-engineer-as-told-to");
  });

  it("honours @skip and @include: each answer equals the query written without what they leave out, in one statement", async () => {
    const conditional = `query ($with: Boolean!) { quotes(first: 10) { totalCount @include(if: $with) nodes { id speaker @include(if: $with) { slug } topics @skip(if: $with) { slug } ...Source @skip(if: $with) } } }
      fragment Source on Quote { source { slug } }`;
    for (const [variables, plain] of [
      [{ with: true }, `{ quotes(first: 10) { totalCount nodes { id speaker { slug } } } }`],
      [{ with: false }, `{ quotes(first: 10) { nodes { id topics { slug } source { slug } } } }`],
    ] as const) {
      const reply = await api.run(conditional, variables);
      expect(reply.errors).toBeUndefined();
      expect(reply.statements).toBe(1);
      expect(reply.data).toEqual(await api.data(plain));
    }
  });

  it("a nested list of quotes prefetches too: a person, then their page with its relations", async () => {
    const reply = await api.run<{ person: { quotes: { nodes: QuoteNode[] } } }>(`{ person(slug: "jigar-bhati") { quotes(first: 3) { nodes { ${QUOTE_FIELDS} } } } }`);
    expect(reply.errors).toBeUndefined();
    expect(reply.statements).toBe(2);
    expect(reply.data?.person.quotes.nodes).toHaveLength(3);
  });
});

describe("people and timelines", () => {
  it("a page of people with their timelines and companies, and their total count, is one statement", async () => {
    const reply = await api.run<{ people: { totalCount: number; nodes: Array<{ careerTimeline: Array<{ company: { slug: string }; person: { slug: string } }> }> } }>(
      `{ people(first: 10) { totalCount nodes { slug careerTimeline { title company { slug } person { slug } } } } }`,
    );
    expect(reply.errors).toBeUndefined();
    expect(reply.statements).toBe(1);
    expect(reply.data?.people.totalCount).toBe(1);
    const steps = reply.data?.people.nodes.flatMap((person) => person.careerTimeline) ?? [];
    expect(steps.map((step) => step.company.slug)).toEqual(["twitter", "openai"]);
    expect(steps.every((step) => step.person.slug === "jigar-bhati")).toBe(true);
  });

  it("a relation nobody registered still loads, by its loader", async () => {
    const reply = await api.run<{ person: { sources: Array<{ slug: string }> } }>(`{ person(slug: "jigar-bhati") { currentRoles { title } sources { slug } } }`);
    expect(reply.errors).toBeUndefined();
    // The person with their steps (prefetched for currentRoles); their sources by the loader.
    expect(reply.statements).toBe(2);
    expect(reply.data?.person.sources.map((source) => source.slug)).toEqual(["openai-engineer-as-told-to"]);
  });
});

describe("the total count", () => {
  interface QuotePage {
    quotes: { totalCount: number; edges: Array<{ cursor: string }> };
  }
  const PAGE = `query ($filter: QuoteFilter, $first: Int, $after: String) { quotes(filter: $filter, first: $first, after: $after) { totalCount edges { cursor } } }`;

  it.each([[{}], [{ search: "Twitter" }], [{ topics: ["hiring"] }]])("of the root list of quotes comes in its page's statement, counting the whole list (filter %j)", async (filter) => {
    const all = await api.data<{ quotes: { edges: Array<{ cursor: string }> } }>(`query ($filter: QuoteFilter) { quotes(filter: $filter, first: 100) { edges { cursor } } }`, { filter });
    const length = all.quotes.edges.length;
    expect(length).toBeGreaterThan(1);

    const first = await api.run<QuotePage>(PAGE, { filter, first: 1 });
    expect(first.errors).toBeUndefined();
    expect(first.statements).toBe(1);
    expect(first.data?.quotes.totalCount).toBe(length);
    // A later page counts the whole list, not what follows its cursor.
    const later = await api.run<QuotePage>(PAGE, { filter, first: 1, after: first.data?.quotes.edges[0]?.cursor });
    expect(later.statements).toBe(1);
    expect(later.data?.quotes.totalCount).toBe(length);
    // Past the end no row brings the count: it is counted apart, alike.
    const past = await api.run<QuotePage>(PAGE, { filter, first: 1, after: all.quotes.edges.at(-1)?.cursor });
    expect(past.data?.quotes.edges).toEqual([]);
    expect(past.statements).toBe(2);
    expect(past.data?.quotes.totalCount).toBe(length);
  });

  it("of people comes in their page's statement, a search included; an empty page counts apart", async () => {
    const found = await api.run<{ people: { totalCount: number } }>(`{ people(first: 1, search: "bhati") { totalCount } }`);
    expect(found.statements).toBe(1);
    expect(found.data?.people.totalCount).toBe(1);
    const none = await api.run<{ people: { totalCount: number; nodes: unknown[] } }>(`{ people(first: 1, search: "nobody by that name") { totalCount nodes { slug } } }`);
    expect(none.data?.people).toEqual({ totalCount: 0, nodes: [] });
    expect(none.statements).toBe(2);
  });
});

describe("after a write", () => {
  it("a request reads what it wrote, not the rows its loaders held before", async () => {
    const { viewer } = await createKey(api.db.dataSource, ApiKeyRole.EDITOR);
    // Mutations run one after the other: the first payload fills the loaders (person, steps,
    // companies); the second write must empty them, or its payload would show the first name.
    const reply = await api.run<{ first: { person: { name: string } }; second: { person: { name: string; careerTimeline: unknown[] } } }>(
      `mutation {
        first: upsertPerson(input: { slug: "jigar-bhati", name: "Name One" }) { person { name careerTimeline { company { name } } } }
        second: upsertPerson(input: { slug: "jigar-bhati", name: "Name Two" }) { person { name careerTimeline { company { name } } } }
      }`,
      {},
      { viewer },
    );
    expect(reply.errors).toBeUndefined();
    expect(reply.data?.first.person.name).toBe("Name One");
    expect(reply.data?.second.person.name).toBe("Name Two");
    expect(reply.data?.second.person.careerTimeline).toHaveLength(2);
  });
});

describe("the plan of a selection", () => {
  const infoOf = (query: string, variableValues: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error("no operation");
    const fragments = Object.fromEntries(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [])));
    const root = operation.selectionSet.selections[0];
    if (root?.kind !== Kind.FIELD) throw new Error("no root field");
    return { fieldNodes: [root], fragments, variableValues };
  };

  it("keeps the registered relations the query selects, with what is selected under them", () => {
    const info = infoOf(`{ person(slug: "x") { name careerTimeline { title company { slug } evidence { text source { slug } } } sources { slug } } }`);
    expect(planOf(FEATURES.relations, Person, selectionOf(info))).toEqual({ careerTimeline: { company: {}, evidence: {} } });
  });

  it("merges fragments and follows `edges { node }`", () => {
    const info = infoOf(`{ quotes { edges { node { ...A ... on Quote { topics { slug } } } } } } fragment A on Quote { speaker { careerTimeline { title } } }`);
    expect(planOf(FEATURES.relations, Quote, selectionOf(info, ["edges", "node"]))).toEqual({ speaker: { careerTimeline: {} }, topics: {} });
  });

  it("leaves out what @skip and @include leave out, with literal conditions or variables", () => {
    const query = `query ($company: Boolean!, $noEvidence: Boolean!) { person(slug: "x") { careerTimeline { company @include(if: $company) { slug } evidence @skip(if: $noEvidence) { text } ... @skip(if: true) { source { slug } } } } }`;
    expect(planOf(FEATURES.relations, Person, selectionOf(infoOf(query, { company: true, noEvidence: false })))).toEqual({ careerTimeline: { company: {}, evidence: {} } });
    expect(planOf(FEATURES.relations, Person, selectionOf(infoOf(query, { company: false, noEvidence: true })))).toEqual({ careerTimeline: {} });
    const spread = `query ($on: Boolean!) { quotes { nodes { ...Who @include(if: $on) topics { slug } } } } fragment Who on Quote { speaker { name } }`;
    expect(planOf(FEATURES.relations, Quote, selectionOf(infoOf(spread, { on: false }), ["nodes"]))).toEqual({ topics: {} });
    expect(planOf(FEATURES.relations, Quote, selectionOf(infoOf(spread, { on: true }), ["nodes"]))).toEqual({ speaker: {}, topics: {} });
  });

  it("is kept per outcome of the document's @skip/@include: the same document with other variables gets its own plan", () => {
    const prefetchOfRequest = () => new Prefetch(new Reader(api.db.dataSource), FEATURES.relations);
    const info = infoOf(`query ($t: Boolean!) { quotes { totalCount @include(if: $t) nodes { speaker @skip(if: $t) { name } } } }`, { t: true }) as unknown as GraphQLResolveInfo;
    const withTotal = prefetchOfRequest().forConnection(Quote, info);
    expect(withTotal).toEqual({ nodes: {}, total: true });
    const without = prefetchOfRequest().forConnection(Quote, { ...info, variableValues: { t: false } });
    expect(without).toEqual({ nodes: { speaker: {} }, total: false });
    expect(prefetchOfRequest().forConnection(Quote, { ...info, variableValues: { t: true } })).toBe(withTotal);
  });

  it("plans nothing for a selection of plain fields", () => {
    expect(planOf(FEATURES.relations, CareerStep, selectionOf(infoOf(`{ careerStep { title isCurrent } }`)))).toEqual({});
  });

  it("is made once per document: every request of it gets the same plan, other field nodes their own", () => {
    const prefetchOfRequest = () => new Prefetch(new Reader(api.db.dataSource), FEATURES.relations);
    const query = `{ quotes { nodes { speaker { name } topics { slug } } } }`;
    const info = infoOf(query) as unknown as GraphQLResolveInfo;
    const plan = prefetchOfRequest().forConnection(Quote, info);
    expect(plan).toEqual({ nodes: { speaker: {}, topics: {} }, total: false });
    // A second request of the same (kept) document.
    expect(prefetchOfRequest().forConnection(Quote, { ...info, fieldNodes: [...info.fieldNodes] })).toBe(plan);
    // The same text parsed again is another document: planned again, alike.
    const reparsed = prefetchOfRequest().forConnection(Quote, infoOf(query) as unknown as GraphQLResolveInfo);
    expect(reparsed).not.toBe(plan);
    expect(reparsed).toEqual(plan);
    // The same first node merged with another (fragments on an interface differ by type): its own plan.
    const other = infoOf(`{ quotes { nodes { companies { slug } } } }`).fieldNodes;
    const merged = prefetchOfRequest().forConnection(Quote, { ...info, fieldNodes: [...info.fieldNodes, ...other] });
    expect(merged).toEqual({ nodes: { speaker: {}, topics: {}, companies: {} }, total: false });
    // A connection asked for its total count is counted with its page.
    expect(prefetchOfRequest().forConnection(Quote, infoOf(`{ quotes { totalCount nodes { id } } }`) as unknown as GraphQLResolveInfo)).toEqual({ nodes: {}, total: true });
    // The plain one again: planned alike.
    expect(prefetchOfRequest().forConnection(Quote, info)).toEqual(plan);
  });
});
