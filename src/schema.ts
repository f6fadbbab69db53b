import { type GraphQLSchema, isInterfaceType } from "graphql";
import { buildSchema, getMetadataStorage } from "type-graphql";
import { ApiKeyResolver } from "./api-keys/api-key.resolver";
import { authChecker } from "./api-keys/auth";
import { AuditResolver } from "./audit/audit.resolver";
import { CareerStepResolver } from "./career-steps/career-step.resolver";
import { cacheControlDirective } from "./common/cache-control";
import { nodeTypeOf } from "./common/node.type";
import { validateArguments } from "./common/validation";
import { CompanyResolver } from "./companies/company.resolver";
import { ContentResolver } from "./content/content.resolver";
import { NodeResolver } from "./nodes/node.resolver";
import { PersonResolver } from "./people/person.resolver";
import { QuoteStatsResolver } from "./quotes/quote-stats.resolver";
import { QuoteResolver } from "./quotes/quote.resolver";
import { SourceResolver } from "./sources/source.resolver";
import { TopicResolver } from "./topics/topic.resolver";

export const RESOLVERS = [
  NodeResolver,
  PersonResolver,
  CompanyResolver,
  CareerStepResolver,
  SourceResolver,
  QuoteResolver,
  QuoteStatsResolver,
  TopicResolver,
  ApiKeyResolver,
  AuditResolver,
  ContentResolver,
] as const;

/** The GraphQL schema, built from the decorated classes; arguments checked by class-validator. */
export async function createSchema(): Promise<GraphQLSchema> {
  readPlainFieldsDirectly();
  const schema = await buildSchema({ resolvers: RESOLVERS, validateFn: validateArguments, authChecker, directives: [cacheControlDirective] });
  resolveNodeTypesAtOnce(schema);
  return schema;
}

/**
 * `Node`'s type is its class's `nodeType`, known at once; TypeGraphQL wraps every resolveType in
 * an async function, which graphql-jit (serving/compiled-execution.ts) does not await, and which
 * costs graphql-js a promise per node.
 */
function resolveNodeTypesAtOnce(schema: GraphQLSchema): void {
  const node = schema.getType("Node");
  if (!isInterfaceType(node)) throw new Error("internal: the schema has no Node interface");
  node.resolveType = nodeTypeOf;
}

/**
 * A field that only reads its object's property of the same name, with no middleware and no
 * role, is resolved by graphql-js's default resolver (TypeGraphQL's `simple` field), not through
 * TypeGraphQL's middleware chain, which costs on every such field of every answer (a dashboard
 * has thousands). A field named apart from its property (a Node's `id`) keeps TypeGraphQL's.
 */
function readPlainFieldsDirectly(): void {
  for (const field of getMetadataStorage().fields) {
    if (field.simple === undefined && field.name === field.schemaName && !field.middlewares?.length && !field.roles?.length) field.simple = true;
  }
}
