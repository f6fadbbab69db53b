import { type DataSource } from "typeorm";
import { createCareerStepLoaders } from "./career-steps/career-step.loaders";
import { createCompanyLoaders } from "./companies/company.loaders";
import { createPersonLoaders } from "./people/person.loaders";
import { createQuoteLoaders } from "./quotes/quote.loaders";
import { createSourceLoaders } from "./sources/source.loaders";
import { createTopicLoaders } from "./topics/topic.loaders";

/**
 * Every loader of a request, by key: one batched statement per relation and level of the query,
 * never a statement per row. A new set per request, so no request sees another's rows.
 */
export function createLoaders(dataSource: DataSource) {
  return {
    ...createPersonLoaders(dataSource),
    ...createCompanyLoaders(dataSource),
    ...createTopicLoaders(dataSource),
    ...createSourceLoaders(dataSource),
    ...createCareerStepLoaders(dataSource),
    ...createQuoteLoaders(dataSource),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
