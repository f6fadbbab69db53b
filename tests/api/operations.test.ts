/**
 * schema/operations/: the operations the clients send. Each is valid against the schema, named
 * after its file, and answers on the essay what its client needs; a new file without a case
 * here fails the suite. The editor's workspace's operations (editor/) run as the role they need;
 * its mutations, in file order, on a database of their own (the reads' cases see the essay as
 * imported).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { getNamedType, type GraphQLSchema, isAbstractType, isObjectType, Kind, type OperationDefinitionNode, parse, TypeInfo, validate, visit, visitWithTypeInfo } from "graphql";
import { operationFiles, readOperation } from "../../src/apollo/operations";
import { createSchema } from "../../src/graphql/schema";
import { at, ESSAY_BUNDLE, openTestApi, type RunOptions, type TestApi } from "../support/api";
import { ApiKeyRole, createKey } from "../support/keys";
import { ESSAY_SOURCE, essayQuotes } from "../support/model";
import { FEATURES } from "../../src/features";

let api: TestApi;
/** Where the mutations' cases write. */
let writes: TestApi;
let schema: GraphQLSchema;
/** Who each role's cases run as, on each database. */
const viewers = new Map<TestApi, Record<ApiKeyRole, RunOptions>>();

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  writes = await openTestApi(ESSAY_BUNDLE);
  schema = await createSchema(FEATURES);
  for (const each of [api, writes]) {
    viewers.set(each, {
      [ApiKeyRole.EDITOR]: { viewer: (await createKey(each.db.dataSource, ApiKeyRole.EDITOR, "an editor")).viewer },
      [ApiKeyRole.ADMIN]: { viewer: (await createKey(each.db.dataSource, ApiKeyRole.ADMIN, "an admin")).viewer },
    });
  }
});

afterAll(async () => {
  await api?.close();
  await writes?.close();
});

/** The essay's bundle as the workspace sends it: JSON, its body inline. */
function essayBundleJson(): string {
  const bundle = parseYaml(readFileSync(ESSAY_BUNDLE, "utf8")) as { source: Record<string, unknown> };
  const { bodyFile, ...source } = bundle.source;
  return JSON.stringify({ ...bundle, source: { ...source, body: readFileSync(join(ESSAY_BUNDLE, "..", String(bodyFile)), "utf8") } });
}

/** A quote of the essay as it stands on a database: its id and version. */
async function aQuote(on: TestApi, index = 0): Promise<{ id: string; version: number; text: string }> {
  const data = await on.data<{ quotes: { nodes: Array<{ id: string; version: number; text: string }> } }>(`{ quotes(first: 100) { nodes { id version text } } }`);
  const quote = data.quotes.nodes.at(index);
  if (!quote) throw new Error("no quote left");
  return quote;
}

/** A career step of the essay as it stands on a database. */
async function aStep(on: TestApi): Promise<{ id: string; version: number }> {
  const data = await on.data<{ person: { careerTimeline: Array<{ id: string; version: number }> } }>(`{ person(slug: "jigar-bhati") { careerTimeline { id version } } }`);
  const step = data.person.careerTimeline[0];
  if (!step) throw new Error("no step left");
  return step;
}

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
  "editor/editor-viewer": { viewer: { label: string; role: string; prefix: string } };
  "editor/editor-lookup": { people: { nodes: Slugged[] }; companies: { nodes: Slugged[] }; topics: Slugged[] };
  "editor/editor-source": {
    source: { version: number; body: string; quotes: { edges: Array<{ node: { id: string; version: number; text: string; span: { start: number; end: number } } }> }; people: Array<{ careerTimeline: Array<{ source: Slugged | null; evidence: { text: string } | null }> }> };
    orphaned: { nodes: unknown[] };
  };
  "editor/source-audit": { auditEvents: { edges: Array<{ node: { operation: string; changes: Array<{ table: string }> } }> } };
  "editor/import-interview": { importInterview: { dryRun: boolean; sourceSlug: string; counts: Array<{ kind: string; unchanged: number; created: number }>; source: unknown } };
  "editor/update-quote": { updateQuote: { quote: { version: number; topics: Slugged[] } } };
  "editor/remove-quote": { removeQuote: { removedId: string; auditEventId: string | null } };
  "editor/review-quote": { reviewQuote: { quote: { review: { status: string } } } };
  "editor/update-career-step": { updateCareerStep: { careerStep: { title: string; isCurrent: boolean } } };
  "editor/remove-career-step": { removeCareerStep: { removedId: string } };
  "editor/review-career-step": { reviewCareerStep: { careerStep: { review: { status: string } } } };
  "editor/revise-source": { reviseSource: { revision: { number: number; note: string }; anchors: Array<{ status: string }> } };
  "editor/revert-audit-event": { revertAuditEvent: { auditEventId: string | null } };
}

/** What each operation is run with (variables, or how to find them on the database it runs on), as whom, where, and what its answer must show. */
const CASES: {
  [Name in keyof Answers]: {
    variables: Record<string, unknown> | ((on: TestApi) => Promise<Record<string, unknown>>);
    /** The role of the key it is sent with; none: anonymously. */
    as?: ApiKeyRole;
    /** A mutation: runs on the writes' database. */
    writes?: boolean;
    check: (data: Answers[Name]) => void | Promise<void>;
  };
} = {
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
  "editor/editor-viewer": {
    as: ApiKeyRole.EDITOR,
    variables: {},
    check: ({ viewer }) => expect(viewer).toMatchObject({ label: "an editor", role: "EDITOR" }),
  },
  "editor/editor-lookup": {
    as: ApiKeyRole.EDITOR,
    variables: { search: "jigar" },
    check: (data) => {
      expect(data.people.nodes.map((person) => person.slug)).toEqual(["jigar-bhati"]);
      expect(data.companies.nodes).toEqual([]);
      expect(data.topics.map((topic) => topic.slug)).toContain("hiring");
    },
  },
  "editor/editor-source": {
    as: ApiKeyRole.EDITOR,
    variables: { slug: ESSAY_SOURCE },
    check: ({ source, orphaned }) => {
      expect(source.quotes.edges.map((edge) => edge.node.text)).toEqual(essayQuotes().map((quote) => quote.text));
      for (const edge of source.quotes.edges) expect(edge.node.text).toBe(at(source.body, edge.node.span));
      const steps = source.people.flatMap((person) => person.careerTimeline).filter((step) => step.source?.slug === ESSAY_SOURCE);
      expect(steps.map((step) => step.evidence?.text)).toEqual(["I was working at Twitter for almost seven years and was looking for a change in general.", "He’s worked at the company since 2023"]);
      expect(orphaned.nodes).toEqual([]);
    },
  },
  "editor/source-audit": {
    as: ApiKeyRole.ADMIN,
    variables: async (on) => ({ nodeId: (await on.data<{ source: { id: string } }>(`{ source(slug: "${ESSAY_SOURCE}") { id } }`)).source.id }),
    check: ({ auditEvents }) => {
      expect(auditEvents.edges.length).toBeGreaterThan(0);
      expect(auditEvents.edges.flatMap((edge) => edge.node.changes.map((change) => change.table))).toContain("sources");
    },
  },
  "editor/import-interview": {
    as: ApiKeyRole.EDITOR,
    writes: true,
    variables: { bundle: essayBundleJson(), dryRun: true },
    check: ({ importInterview }) => {
      expect(importInterview).toMatchObject({ dryRun: true, sourceSlug: ESSAY_SOURCE, source: null });
      expect(importInterview.counts.find((count) => count.kind === "QUOTES")).toMatchObject({ unchanged: essayQuotes().length, created: 0 });
    },
  },
  "editor/remove-career-step": {
    as: ApiKeyRole.EDITOR,
    writes: true,
    variables: async (on) => {
      const { id, version } = await aStep(on);
      return { input: { id, expectedVersion: version } };
    },
    check: async ({ removeCareerStep }) => {
      expect(removeCareerStep.removedId).toBeTruthy();
      expect((await aStep(writes)).id).not.toBe(removeCareerStep.removedId);
    },
  },
  "editor/remove-quote": {
    as: ApiKeyRole.EDITOR,
    writes: true,
    variables: async (on) => {
      const { id, version } = await aQuote(on, -1);
      return { input: { id, expectedVersion: version } };
    },
    check: ({ removeQuote }) => {
      expect(removeQuote.removedId).toBeTruthy();
      expect(removeQuote.auditEventId).toBeTruthy();
    },
  },
  "editor/revert-audit-event": {
    as: ApiKeyRole.ADMIN,
    writes: true,
    // Undoes a review made just before: the quote is UNREVIEWED again.
    variables: async (on) => {
      const { id, version } = await aQuote(on, 1);
      const reviewed = await on.data<{ reviewQuote: { auditEventId: string } }>(readOperation("editor/review-quote"), { input: { id, status: "DISPUTED", expectedVersion: version } }, viewers.get(on)?.EDITOR);
      return { input: { id: reviewed.reviewQuote.auditEventId } };
    },
    check: async ({ revertAuditEvent }) => {
      expect(revertAuditEvent.auditEventId).toBeTruthy();
      const data = await writes.data<{ quotes: { nodes: Array<{ review: { status: string } }> } }>(`{ quotes(first: 2) { nodes { review { status } } } }`);
      expect(data.quotes.nodes[1]?.review.status).toBe("UNREVIEWED");
    },
  },
  "editor/review-career-step": {
    as: ApiKeyRole.EDITOR,
    writes: true,
    variables: async (on) => {
      const { id, version } = await aStep(on);
      return { input: { id, status: "CONFIRMED", expectedVersion: version } };
    },
    check: ({ reviewCareerStep }) => expect(reviewCareerStep.careerStep.review.status).toBe("CONFIRMED"),
  },
  "editor/review-quote": {
    as: ApiKeyRole.EDITOR,
    writes: true,
    variables: async (on) => {
      const { id, version } = await aQuote(on, 0);
      return { input: { id, status: "CONFIRMED", expectedVersion: version } };
    },
    check: ({ reviewQuote }) => expect(reviewQuote.quote.review.status).toBe("CONFIRMED"),
  },
  "editor/revise-source": {
    as: ApiKeyRole.EDITOR,
    writes: true,
    variables: async (on) => {
      const { source } = await on.data<{ source: { body: string; version: number } }>(`{ source(slug: "${ESSAY_SOURCE}") { body version } }`);
      return { input: { source: ESSAY_SOURCE, body: `${source.body}\n\nA line added.`, note: "a line added", expectedVersion: source.version } };
    },
    check: ({ reviseSource }) => {
      expect(reviseSource.revision).toEqual({ number: 2, note: "a line added" });
      expect(reviseSource.anchors.length).toBeGreaterThan(0);
      expect(new Set(reviseSource.anchors.map((anchor) => anchor.status))).toEqual(new Set(["EXACT"]));
    },
  },
  "editor/update-career-step": {
    as: ApiKeyRole.EDITOR,
    writes: true,
    variables: async (on) => {
      const { id, version } = await aStep(on);
      return { input: { id, title: "Member of technical staff (research)", expectedVersion: version } };
    },
    check: ({ updateCareerStep }) => expect(updateCareerStep.careerStep.title).toBe("Member of technical staff (research)"),
  },
  "editor/update-quote": {
    as: ApiKeyRole.EDITOR,
    writes: true,
    variables: async (on) => {
      const { id, version } = await aQuote(on, 0);
      return { input: { id, topics: ["hiring", "ai"], expectedVersion: version } };
    },
    check: ({ updateQuote }) => expect(updateQuote.quote.topics.map((topic) => topic.slug).sort()).toEqual(["ai", "hiring"]),
  },
};

/** Runs one operation's case (the names keep each check with its answer's type). */
async function runCase<Name extends keyof Answers>(name: Name): Promise<void> {
  const testCase = CASES[name];
  const on = testCase.writes ? writes : api;
  const variables = typeof testCase.variables === "function" ? await testCase.variables(on) : testCase.variables;
  await testCase.check(await on.data<Answers[Name]>(readOperation(name), variables, testCase.as ? viewers.get(on)?.[testCase.as] : {}));
}

const FILES = operationFiles();

it("has a case here for every operation file", () => {
  expect(FILES).toEqual(Object.keys(CASES).sort());
});

describe.each(FILES)("%s.graphql", (name) => {
  it("is one named operation, valid against the schema", () => {
    const document = parse(readOperation(name));
    expect(validate(schema, document)).toEqual([]);
    const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    expect(operations).toHaveLength(1);
    const pascal = (name.split("/").at(-1) ?? "").replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
    expect(operations[0]?.name?.value).toBe(pascal);
    // Only the editor's workspace writes; its mutations are sent as the role they need.
    expect(operations[0]?.operation).toBe(CASES[name as keyof Answers]?.writes ? "mutation" : "query");
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
