/**
 * Compiled execution (src/apollo/compiled-execution.ts): graphql-jit runs the schema's own
 * resolvers from a function compiled once per document. Its answers must be graphql-js's, to the
 * byte: data, and errors with their message, path, locations and extensions; and a document is
 * compiled once, however often it runs.
 */
import { type GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import { execute, type ExecutionResult, getOperationAST, type GraphQLSchema, parse } from "graphql";
import { compileQuery } from "graphql-jit";
import { createContext } from "../../src/graphql/context";
import { createSchema } from "../../src/graphql/schema";
import { compiledExecution } from "../../src/apollo/compiled-execution";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";
import { silentLogger } from "../support/test-database";
import { FEATURES } from "../../src/features";

let api: TestApi;
let schema: GraphQLSchema;
let run: (document: ReturnType<typeof parse>, variables: Record<string, unknown>) => Promise<ExecutionResult>;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  schema = await createSchema(FEATURES);
  const loaded = await compiledExecution(schema).load({ apollo: {} });
  const executor = loaded.executor!;
  run = (document, variables) =>
    executor({ document, operationName: null, operation: getOperationAST(document), request: { variables }, context: createContext(api.db.dataSource, silentLogger, FEATURES) } as unknown as GatewayGraphQLRequestContext);
});

afterAll(async () => {
  await api?.close();
});

/** What a client would receive: the result as JSON. */
const asJson = (result: ExecutionResult): unknown => JSON.parse(JSON.stringify(result));

async function expectSameAnswers(query: string, variables: Record<string, unknown> = {}): Promise<ExecutionResult> {
  const document = parse(query);
  const compiled = await run(document, variables);
  const interpreted = await execute({ schema, document, variableValues: variables, contextValue: createContext(api.db.dataSource, silentLogger, FEATURES) });
  expect(asJson(compiled)).toEqual(asJson(interpreted));
  return compiled;
}

describe("compiled execution answers as graphql-js does", () => {
  it("a timeline with companies, fuzzy dates and evidence", async () => {
    const result = await expectSameAnswers(
      `query ($slug: String!) { person(slug: $slug) { id name careerTimeline { title isCurrent durationMonths company { name } start { edtf earliest latest } end { edtf } evidence { text span { start end } source { title } } } } }`,
      { slug: "jigar-bhati" },
    );
    expect(result.errors).toBeUndefined();
  });

  it("pages of quotes with their relations, a search with highlights, counts and stats", async () => {
    await expectSameAnswers(`{ quotes(first: 30) { totalCount edges { cursor node { id text span { start end } speaker { slug } source { slug } topics { slug } companies { slug } } } pageInfo { hasNextPage endCursor } } }`);
    await expectSameAnswers(`query ($search: String!) { quotes(filter: { search: $search }, orderBy: RELEVANCE) { edges { highlight node { text } } } }`, { search: "Twitter" });
    await expectSameAnswers(`{ quoteStats(filter: { topics: ["hiring"] }) { byCompany { company { slug } count } bySpeaker { person { slug } count } } }`);
  });

  it("objects through the Node interface, by id", async () => {
    const ids = await api.data<{ quotes: { nodes: Array<{ id: string }> } }>(`{ quotes(first: 5) { nodes { id } } }`);
    const result = await expectSameAnswers(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Quote { text } } }`, { ids: ids.quotes.nodes.map((node) => node.id) });
    expect(result.data?.nodes).toHaveLength(5);
  });

  it("errors: a refused argument, an id that is not ours, a variable of the wrong type, a missing object", async () => {
    const refused = await expectSameAnswers(`query ($first: Int) { quotes(first: $first) { totalCount } }`, { first: 1000 });
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const foreign = await expectSameAnswers(`{ node(id: "not-an-id") { id } }`);
    expect(foreign.errors?.[0]?.path).toEqual(["node"]);
    // A variable of the wrong type: the one difference in wording (graphql-jit adds "Expected type Int;").
    const query = `query ($first: Int) { quotes(first: $first) { totalCount } }`;
    const compiled = asJson(await run(parse(query), { first: "ten" })) as { errors: Array<{ message: string }> };
    const interpreted = asJson(await execute({ schema, document: parse(query), variableValues: { first: "ten" }, contextValue: createContext(api.db.dataSource, silentLogger, FEATURES) })) as { errors: Array<{ message: string }> };
    expect(compiled.errors.map((error) => error.message)).toEqual(['Variable "$first" got invalid value "ten"; Expected type Int; Int cannot represent non-integer value: "ten"']);
    const withoutMessages = (result: { errors: Array<{ message: string }> }) => ({ ...result, errors: result.errors.map(({ message: _message, ...rest }) => rest) });
    expect(withoutMessages(compiled)).toEqual(withoutMessages(interpreted));
    const missing = await expectSameAnswers(`{ person(slug: "nobody") { name } }`);
    expect(missing.data).toEqual({ person: null });
  });
});

describe("compiling", () => {
  it("happens once per document and operation, not per request", async () => {
    const compiledOperations: Array<string | undefined> = [];
    const counting: typeof compileQuery = (...args) => {
      compiledOperations.push(args[2]);
      return compileQuery(...args);
    };
    const executor = (await compiledExecution(schema, undefined, counting).load({ apollo: {} })).executor!;
    const document = parse(`query A { topics { slug } } query B { people(first: 1) { nodes { slug } } }`);
    const request = (operationName: string) =>
      executor({ document, operationName, operation: getOperationAST(document, operationName), request: { variables: {} }, context: createContext(api.db.dataSource, silentLogger, FEATURES) } as unknown as GatewayGraphQLRequestContext);
    const first = await request("A");
    expect(await request("A")).toEqual(first);
    expect((await request("B")).data).toEqual({ people: { nodes: [{ slug: "jigar-bhati" }] } });
    await request("B");
    expect(compiledOperations).toEqual(["A", "B"]);
    // The same text parsed again is another document (Apollo keeps one per text): compiled again.
    const reparsed = parse(`query A { topics { slug } } query B { people(first: 1) { nodes { slug } } }`);
    await executor({ document: reparsed, operationName: "A", operation: getOperationAST(reparsed, "A"), request: { variables: {} }, context: createContext(api.db.dataSource, silentLogger, FEATURES) } as unknown as GatewayGraphQLRequestContext);
    expect(compiledOperations).toEqual(["A", "B", "A"]);
  });
});
