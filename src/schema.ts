import { type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { ApiKeyResolver } from "./api-keys/api-key.resolver";
import { authChecker } from "./api-keys/auth";
import { AuditResolver } from "./audit/audit.resolver";
import { CareerStepResolver } from "./career-steps/career-step.resolver";
import { cacheControlDirective } from "./common/cache-control";
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
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: RESOLVERS, validateFn: validateArguments, authChecker, directives: [cacheControlDirective] });
}
