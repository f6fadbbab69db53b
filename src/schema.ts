import { type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { CareerStepResolver } from "./career-steps/career-step.resolver";
import { PersonResolver } from "./people/person.resolver";
import { QuoteResolver } from "./quotes/quote.resolver";
import { SourceResolver } from "./sources/source.resolver";

export const RESOLVERS = [PersonResolver, CareerStepResolver, SourceResolver, QuoteResolver] as const;

/** The GraphQL schema, built from the decorated classes; arguments validated by class-validator. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: RESOLVERS, validate: true });
}
