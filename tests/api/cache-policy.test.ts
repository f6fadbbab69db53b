/**
 * The cache policy read from the query (src/apollo/cache-policy.ts) against Apollo's own
 * cache-control plugin, which works it out field by field as the operation runs: the same
 * Cache-Control header for every kind of operation the API has.
 */
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { type GraphQLSchema } from "graphql";
import { type Context, createContext } from "../../src/graphql/context";
import { createSchema } from "../../src/graphql/schema";
import { cachePolicyPlugin } from "../../src/apollo/cache-policy";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";
import { silentLogger } from "../support/test-database";
import { ApiKeyRole } from "../../src/graphql/auth";
import { FEATURES } from "../../src/features";

const DEFAULT_MAX_AGE = 60;

const OPERATIONS: Array<[what: string, query: string, variables?: Record<string, unknown>]> = [
  ["a timeline", `{ person(slug: "jigar-bhati") { name careerTimeline { title start { edtf } company { slug } evidence { text } } } }`],
  ["a page of quotes with stats", `{ quotes(first: 3) { totalCount edges { cursor node { text topics { slug } } } } quoteStats { total byTopic { topic { slug } count } } }`],
  ["scalars only under the root", `{ topics { slug name } }`],
  ["the key's own view (private, never cached)", `{ viewer { role } }`],
  ["private and public together", `{ viewer { role } people(first: 1) { nodes { slug } } }`],
  ["the audit trail (private)", `{ auditEvents(first: 1) { nodes { operation } } }`],
  ["fragments and an alias", `query Named { one: person(slug: "jigar-bhati") { ...P } } fragment P on Person { slug careerTimeline { company { name } } }`],
  ["a null root field", `{ person(slug: "nobody") { name careerTimeline { title } } }`],
  ["only __typename", `{ __typename }`],
  ["introspection", `{ __schema { queryType { name } } }`],
  ["bad variables", `query ($slug: String!) { person(slug: $slug) { name } }`, { slug: 3 }],
  ["an unknown field", `{ nope }`],
];

let api: TestApi;
let schema: GraphQLSchema;

const serverWith = async (plugins: ApolloServerPlugin<Context>[]): Promise<ApolloServer<Context>> => {
  const server = new ApolloServer<Context>({ schema, plugins });
  await server.start();
  return server;
};

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  schema = await createSchema(FEATURES);
});

afterAll(async () => {
  await api?.close();
});

it.each(OPERATIONS)("%s: the same Cache-Control as Apollo's plugin", async (_what, query, variables = {}) => {
  const apollos = await serverWith([ApolloServerPluginCacheControl({ defaultMaxAge: DEFAULT_MAX_AGE })]);
  const ours = await serverWith([ApolloServerPluginCacheControlDisabled(), cachePolicyPlugin(schema, DEFAULT_MAX_AGE)]);
  try {
    const header = async (server: ApolloServer<Context>) => {
      const viewer = { apiKeyId: "00000000-0000-4000-8000-000000000000", role: ApiKeyRole.ADMIN, label: "test", prefix: "test" };
      const response = await server.executeOperation({ query, variables }, { contextValue: createContext(api.db.dataSource, silentLogger, FEATURES, { viewer }) });
      return response.http.headers.get("cache-control");
    };
    const expected = await header(apollos);
    expect(expected).toBeDefined();
    expect(await header(ours)).toBe(expected);
  } finally {
    await apollos.stop();
    await ours.stop();
  }
});

it("is public for the default age on a read, and never cached once a private field is in it", async () => {
  const ours = await serverWith([ApolloServerPluginCacheControlDisabled(), cachePolicyPlugin(schema, DEFAULT_MAX_AGE)]);
  try {
    const header = async (query: string) => (await ours.executeOperation({ query }, { contextValue: createContext(api.db.dataSource, silentLogger, FEATURES) })).http.headers.get("cache-control");
    expect(await header(`{ topics { slug } }`)).toBe(`max-age=${DEFAULT_MAX_AGE}, public`);
    expect(await header(`{ viewer { role } topics { slug } }`)).toBe("no-store");
  } finally {
    await ours.stop();
  }
});
