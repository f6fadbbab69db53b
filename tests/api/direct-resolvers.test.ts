/**
 * Direct field resolvers (src/graphql/schema.ts, DIRECT_FIELD_RESOLVERS): argument-less field
 * resolvers called without TypeGraphQL's handler. They are a speed-up, never a difference: with
 * the flag on and off, every answer is the same JSON, errors included.
 */
import { execute, type GraphQLSchema, parse } from "graphql";
import { FEATURES } from "../../src/features";
import { createContext } from "../../src/graphql/context";
import { createSchema } from "../../src/graphql/schema";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";
import { silentLogger } from "../support/test-database";

let api: TestApi;
let direct: GraphQLSchema;
let typeGraphql: GraphQLSchema;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  direct = await createSchema(FEATURES);
  typeGraphql = await createSchema(FEATURES, { directFieldResolvers: false });
});

afterAll(async () => {
  await api?.close();
});

async function answer(schema: GraphQLSchema, query: string, variables: Record<string, unknown>): Promise<unknown> {
  const result = (await execute({ schema, document: parse(query), variableValues: variables, contextValue: createContext(api.db.dataSource, silentLogger, FEATURES) }));
  return JSON.parse(JSON.stringify(result));
}

async function expectSameAnswers(query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const withDirect = await answer(direct, query, variables);
  expect(withDirect).toEqual(await answer(typeGraphql, query, variables));
  return withDirect;
}

/** The same answers, and data without errors: a query that did not run proves nothing. */
async function expectSameData(query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const answered = await expectSameAnswers(query, variables);
  expect(answered).not.toHaveProperty("errors");
  return answered;
}

it("answers a timeline, its company's people and steps, fuzzy dates and evidence the same", async () => {
  const answered = await expectSameData(
    `query ($slug: String!) { person(slug: $slug) { id name headline sources { slug title kind publishedOn { edtf year precision } }
        careerTimeline { id title isCurrent durationMonths start { edtf year month day precision approximate uncertain earliest latest } end { edtf latest }
          evidence { text span { start end } source { slug } } company { id name website people { slug } careerSteps { title } } }
        currentRoles { title } } }`,
    { slug: "jigar-bhati" },
  );
  expect(JSON.stringify(answered)).toContain("durationMonths");
});

it("answers pages of quotes, search highlights, contexts, stats and nodes the same", async () => {
  await expectSameData(`{ quotes(first: 30) { totalCount edges { cursor node { id text section span { start end } speaker { slug } source { slug } topics { slug } companies { slug } context(characters: 40) { before after } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`);
  await expectSameData(`query ($search: String!) { quotes(filter: { search: $search }, orderBy: RELEVANCE) { edges { highlight node { text } } } }`, { search: "Twitter" });
  await expectSameData(`{ quoteStats { total byTopic { topic { slug } count } byCompany { company { slug } count } bySpeaker { person { slug } count } } }`);
  await expectSameData(`{ topics { id slug name quotes(first: 2) { totalCount nodes { id } } } companies(first: 5) { nodes { id slug quotes(first: 1) { nodes { text } } } } }`);
  const ids = (await answer(direct, `{ quotes(first: 3) { nodes { id } } people(first: 1) { nodes { id } } }`, {})) as { data: { quotes: { nodes: Array<{ id: string }> }; people: { nodes: Array<{ id: string }> } } };
  const nodeIds = [...ids.data.quotes.nodes, ...ids.data.people.nodes].map((node) => node.id);
  expect(nodeIds).toHaveLength(4);
  await expectSameData(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Quote { text version } ... on Person { slug version } } }`, { ids: nodeIds });
});

it("answers errors the same: a refused argument, a foreign id, a missing object", async () => {
  const refused = (await expectSameAnswers(`{ quotes(first: 1000) { totalCount } }`)) as { errors: Array<{ extensions: { code: string } }> };
  expect(refused.errors[0]?.extensions.code).toBe("BAD_USER_INPUT");
  await expectSameAnswers(`{ node(id: "not-an-id") { id } }`);
  await expectSameAnswers(`{ person(slug: "nobody") { name } }`);
});
