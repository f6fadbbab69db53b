import { type Feature } from "../graphql/feature";
import { Company } from "./company.entity";
import { createCompanyLoaders } from "./company.loaders";
import { CompanyResolver } from "./company.resolver";

/** Companies: where people work, what quotes mention. */
export const companiesFeature: Feature = {
  name: "companies",
  entities: [Company],
  resolvers: [CompanyResolver],
  loaders: createCompanyLoaders,
  nodes: { Company: (loaders) => loaders.companyById },
  constraints: { companies_slug_key: { argumentPath: "input.slug", message: "a company with this slug already exists (written at the same moment by another request)" } },
  revertible: { companies: { key: ["id"], rank: 0 } },
};
