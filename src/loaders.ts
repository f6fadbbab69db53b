import { type DataSource } from "typeorm";
import { createCareerStepLoaders } from "./career-steps/career-step.loaders";
import { createCompanyLoaders } from "./companies/company.loaders";
import { createPersonLoaders } from "./people/person.loaders";
import { createSourceLoaders } from "./sources/source.loaders";

/** Every loader of a request, by key: one batched query per relation, never a query per row. */
export function createLoaders(dataSource: DataSource) {
  return {
    ...createPersonLoaders(dataSource),
    ...createCompanyLoaders(dataSource),
    ...createSourceLoaders(dataSource),
    ...createCareerStepLoaders(dataSource),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
