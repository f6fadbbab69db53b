/**
 * schema/operations/: the operations the clients send. Each is valid against the schema, named
 * after its file, and answers on the essay what its client needs; a new file without a case
 * here fails the suite.
 */
import { readdirSync } from "node:fs";
import { getNamedType, type GraphQLSchema, isAbstractType, isObjectType, Kind, type OperationDefinitionNode, parse, TypeInfo, validate, visit, visitWithTypeInfo } from "graphql";
import { OPERATIONS_DIR, readOperation } from "../../src/apollo/operations";
import { createSchema } from "../../src/graphql/schema";
import { at, ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";
import { ESSAY_SOURCE, essayQuotes } from "../support/model";
import { FEATURES } from "../../src/features";

let api: TestApi;
let schema: GraphQLSchema;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  schema = await createSchema(FEATURES);
});

afterAll(async () => {
  await api.close();
});

interface Slugged {
  slug: string;
  name?: string;
}

interface QuoteNode {
  text: string;
  span: { start: number; end: number };
  context: { before: string; after: string };
}

interface Answers {
  "person-timeline": {
    person: {
      name: string;
      careerTimeline: Array<{ company: Slugged; start: { edtf: string; approximate: boolean }; durationMonths: number | null; isCurrent: boolean }>;
      currentRoles: Array<{ company: Slugged }>;
      quotes: { totalCount: number; edges: unknown[] };
      sources: Slugged[];
    };
  };
  "topic-dashboard": {
    quotes: { totalCount: number; edges: Array<{ node: QuoteNode }> };
    quoteStats: { total: number; byTopic: Array<{ topic: Slugged; count: number }>; bySpeaker: Array<{ person: Slugged; count: number }> };
    topics: Array<Slugged & { quoteCount: number }>;
  };
  "quote-search": { quotes: { totalCount: number; edges: Array<{ highlight: string; node: QuoteNode }> } };
  "source-reader": {
    source: { body: string; sections: string[]; narrator: Slugged; quotes: { edges: Array<{ node: QuoteNode }>; pageInfo: { hasNextPage: boolean } } };
  };
  "people-directory": { people: { totalCount: number; edges: Array<{ node: { careerTimeline: Array<{ company: Slugged }> } }> } };
  "company-timeline": {
    company: { name: string; people: Slugged[]; careerSteps: Array<{ title: string; person: Slugged; duration: { min: number; max: number | null }; evidence: { text: string } | null }> };
  };
}

/** What each operation is run with, and what its answer must show. */
const CASES: { [Name in keyof Answers]: { variables: Record<string, unknown>; check: (data: Answers[Name]) => void } } = {
  "person-timeline": {
    variables: { slug: "jigar-bhati" },
    check: ({ person }) => {
      expect(person.name).toBe("Jigar Bhati");
      expect(person.careerTimeline.map((step) => step.company.slug)).toEqual(["twitter", "openai"]);
      expect(person.careerTimeline[0]?.start).toMatchObject({ edtf: "2016~", approximate: true });
      expect(person.careerTimeline[0]?.durationMonths).toBe(84);
      expect(person.careerTimeline[1]?.isCurrent).toBe(true);
      expect(person.currentRoles.map((role) => role.company.slug)).toEqual(["openai"]);
      expect(person.quotes.totalCount).toBe(essayQuotes().length);
      expect(person.quotes.edges).toHaveLength(10);
      expect(person.sources.map((source) => source.slug)).toEqual([ESSAY_SOURCE]);
    },
  },
  "topic-dashboard": {
    variables: { filter: { topics: ["hiring"] } },
    check: (data) => {
      const hiring = essayQuotes().filter((quote) => quote.topics.includes("hiring"));
      expect(data.quotes.totalCount).toBe(hiring.length);
      expect(data.quotes.edges.map((edge) => edge.node.text)).toEqual(hiring.map((quote) => quote.text));
      expect(data.quoteStats.total).toBe(hiring.length);
      expect(data.quoteStats.byTopic[0]).toMatchObject({ topic: { slug: "hiring", name: "Hiring" }, count: hiring.length });
      expect(data.quoteStats.bySpeaker).toMatchObject([{ person: { slug: "jigar-bhati", name: "Jigar Bhati" }, count: hiring.length }]);
      expect(data.topics.find((topic) => topic.slug === "hiring")?.quoteCount).toBe(hiring.length);
    },
  },
  "quote-search": {
    variables: { search: "startup" },
    check: (data) => {
      const expected = essayQuotes().filter((quote) => /\bstartup\b/i.test(quote.text));
      expect(data.quotes.totalCount).toBe(expected.length);
      expect(data.quotes.edges.map((edge) => edge.node.text).sort()).toEqual(expected.map((quote) => quote.text).sort());
      for (const edge of data.quotes.edges) {
        expect(edge.highlight).toContain("<mark>startup</mark>");
        expect(edge.node.context.before.length).toBeGreaterThan(0);
      }
    },
  },
  "source-reader": {
    variables: { slug: ESSAY_SOURCE },
    check: ({ source }) => {
      expect(source.sections).toEqual(["Building up the right work experience is key", "OpenAI still feels like a startup"]);
      expect(source.narrator.slug).toBe("jigar-bhati");
      expect(source.quotes.edges.map((edge) => edge.node.text)).toEqual(essayQuotes().map((quote) => quote.text));
      for (const edge of source.quotes.edges) expect(edge.node.text).toBe(at(source.body, edge.node.span));
      expect(source.quotes.pageInfo.hasNextPage).toBe(false);
    },
  },
  "people-directory": {
    variables: {},
    check: ({ people }) => {
      expect(people.totalCount).toBe(1);
      expect(people.edges[0]?.node.careerTimeline.map((step) => step.company.slug)).toEqual(["twitter", "openai"]);
    },
  },
  "company-timeline": {
    // People at a company during a period: certainly at Twitter during 2019.
    variables: { slug: "twitter", during: "2019", certainty: "CERTAINLY" },
    check: ({ company }) => {
      expect(company.name).toBe("Twitter");
      expect(company.people.map((person) => person.slug)).toEqual(["jigar-bhati"]);
      expect(company.careerSteps).toMatchObject([{ title: "Software engineer", person: { slug: "jigar-bhati" }, duration: { min: 48, max: 119 } }]);
      expect(company.careerSteps[0]?.evidence?.text).toContain("almost seven years");
    },
  },
};

/** Runs one operation's case (the names keep each check with its answer's type). */
async function runCase<Name extends keyof Answers>(name: Name): Promise<void> {
  const testCase = CASES[name];
  testCase.check(await api.data<Answers[Name]>(readOperation(name), testCase.variables));
}

const FILES = readdirSync(OPERATIONS_DIR)
  .filter((name) => name.endsWith(".graphql"))
  .map((name) => name.replace(/\.graphql$/, ""))
  .sort();

it("has a case here for every operation file", () => {
  expect(FILES).toEqual(Object.keys(CASES).sort());
});

describe.each(FILES)("%s.graphql", (name) => {
  it("is one named operation, valid against the schema", () => {
    const document = parse(readOperation(name));
    expect(validate(schema, document)).toEqual([]);
    const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    expect(operations).toHaveLength(1);
    const pascal = name.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
    expect(operations[0]?.name?.value).toBe(pascal);
    expect(operations[0]?.operation).toBe("query");
  });

  it("selects `id` on every object that is a Node, so that client caches can normalise it", () => {
    const document = parse(readOperation(name));
    const typeInfo = new TypeInfo(schema);
    const missing: string[] = [];
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(field) {
          const type = getNamedType(typeInfo.getType());
          if (!field.selectionSet || !type) return;
          const isNode = (isObjectType(type) && type.getInterfaces().some((it) => it.name === "Node")) || (isAbstractType(type) && type.name === "Node");
          const selectsId = field.selectionSet.selections.some((selection) => selection.kind === Kind.FIELD && selection.name.value === "id" && selection.alias === undefined);
          if (isNode && !selectsId) missing.push(`${field.alias?.value ?? field.name.value}: ${type.name}`);
        },
      }),
    );
    expect(missing).toEqual([]);
  });

  it("answers on the essay what its client needs", async () => {
    if (!(name in CASES)) throw new Error(`no case for ${name}`);
    await runCase(name as keyof Answers);
  });
});
