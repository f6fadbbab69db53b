import { type Page } from "../common/connection";
import { pageBySlug, type SearchablePageArgs } from "../common/slug-list";
import { type Context } from "../context";
import { Person } from "./person.entity";

/** Reads people. */
export const personService = {
  findBySlug(context: Context, slug: string): Promise<Person | null> {
    return context.dataSource.getRepository(Person).findOneBy({ slug });
  },

  /** Everyone, by slug, optionally those whose name or slug contains a text. */
  page(context: Context, args: SearchablePageArgs): Promise<Page<Person>> {
    return pageBySlug(context.dataSource, { entity: Person, table: "people", searchColumns: ["name", "slug"] }, args);
  },
};
