import { type PrefetchPlan } from "../graphql/read/prefetch";
import { sluggedColumns, type SluggedTable } from "../db/slugged-writes";
import { type Page } from "../graphql/connection";
import { pageBySlug, type SearchablePageArgs } from "../graphql/read/slug-list";
import { type Context } from "../graphql/context";
import { Company } from "./company.entity";
import { selectBySlug } from "../graphql/read/select";

/** Reads companies. */
export const companyService = {
  /** The company of a slug, with the relations of `plan` primed in the request's loaders. */
  findBySlug(context: Context, slug: string, plan: PrefetchPlan = {}): Promise<Company | null> {
    return selectBySlug(context.reader, Company, slug, { prefetch: context.prefetch, plan });
  },

  /** Every company, by slug, optionally those whose name or slug contains a text. */
  page(context: Context, args: SearchablePageArgs): Promise<Page<Company>> {
    return pageBySlug(context.reader, { entity: Company, table: "companies", searchColumns: ["name", "slug"] }, args);
  },
};

/** Companies as the write path sees them: edited by slug, removed only when nothing refers to them. */
export const COMPANIES: SluggedTable = {
  table: "companies",
  type: "Company",
  columns: sluggedColumns(Company),
  references: [
    { what: "career steps", type: "CareerStep", sql: "SELECT id FROM career_steps WHERE company_id = $1 ORDER BY id" },
    { what: "quotes that mention it", type: "Quote", sql: "SELECT quote_id AS id FROM quote_companies WHERE company_id = $1 ORDER BY quote_id" },
  ],
};
