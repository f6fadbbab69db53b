import { type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { CareerStepResolver } from "./career-steps/career-step.resolver";
import { validateArguments } from "./common/validation";
import { CompanyResolver } from "./companies/company.resolver";
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
] as const;

/** The GraphQL schema, built from the decorated classes; arguments checked by class-validator. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: RESOLVERS, validateFn: validateArguments });
}
