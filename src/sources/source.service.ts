import { type Page, type PageArgs } from "../graphql/connection";
import { pageBySlug } from "../graphql/read/slug-list";
import { type Context } from "../graphql/context";
import { Source } from "./source.entity";
import { selectBySlug } from "../graphql/read/select";

/** Reads sources. */
export const sourceService = {
  findBySlug(context: Context, slug: string): Promise<Source | null> {
    return selectBySlug(context.reader, Source, slug);
  },

  /** Every source, by slug. */
  page(context: Context, args: PageArgs): Promise<Page<Source>> {
    return pageBySlug(context.reader, { entity: Source, table: "sources", searchColumns: [] }, args);
  },
};
