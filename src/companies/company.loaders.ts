import { type Reader } from "../db/reader";
import { byIdLoader, relationLoader } from "../graphql/read/loader";
import { linkedRows, type ManyRelationSql } from "../graphql/read/prefetch";
import { selectByIds } from "../db/sql";
import { Company } from "./company.entity";

/** The companies a quote mentions, by slug: the rows of `Quote.companies`, loaded or prefetched. */
export const COMPANIES_OF_QUOTE = (n: string): ManyRelationSql => ({ from: linkedRows(`quote_companies qc${n}`, `qc${n}.company_id`, "companies", `c${n}`), alias: `c${n}`, key: `qc${n}.quote_id`, order: `c${n}.slug` });

export function createCompanyLoaders(reader: Reader) {
  return {
    companyById: byIdLoader((ids) => selectByIds(reader, Company, ids)),
    /** The companies a quote mentions, by slug. */
    companiesByQuoteId: relationLoader(reader, Company, COMPANIES_OF_QUOTE),
  };
}

/** The companies feature's loaders, by name. */
type CompanyLoaders = ReturnType<typeof createCompanyLoaders>;

declare module "../graphql/read/loaders" {
  // Merged into every request's Loaders (graphql/read/loaders.ts).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends CompanyLoaders {}
}
