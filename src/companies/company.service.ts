import { type Page } from "../common/connection";
import { pageBySlug, type SearchablePageArgs } from "../common/slug-list";
import { type Context } from "../context";
import { Company } from "./company.entity";

/** Reads companies. */
export const companyService = {
  findBySlug(context: Context, slug: string): Promise<Company | null> {
    return context.dataSource.getRepository(Company).findOneBy({ slug });
  },

  /** Every company, by slug, optionally those whose name or slug contains a text. */
  page(context: Context, args: SearchablePageArgs): Promise<Page<Company>> {
    return pageBySlug(context.dataSource, { entity: Company, table: "companies", searchColumns: ["name", "slug"] }, args);
  },
};
