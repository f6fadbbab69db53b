import { selectBySlug } from "../common/sql";
import { type Page, type PageArgs } from "../common/connection";
import { pageBySlug } from "../common/slug-list";
import { type Context } from "../context";
import { Source } from "./source.entity";

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
