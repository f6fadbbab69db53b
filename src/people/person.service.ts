import { type SluggedTable } from "../common/slugged-writes";
import { type Page } from "../common/connection";
import { pageBySlug, type SearchablePageArgs } from "../common/slug-list";
import { type Context } from "../context";
import { Person } from "./person.entity";

/** Reads people. */
export const personService = {
  findBySlug(context: Context, slug: string): Promise<Person | null> {
    return context.reader.run((manager) => manager.getRepository(Person).findOneBy({ slug }));
  },

  /** Everyone, by slug, optionally those whose name or slug contains a text. */
  page(context: Context, args: SearchablePageArgs): Promise<Page<Person>> {
    return pageBySlug(context.reader, { entity: Person, table: "people", searchColumns: ["name", "slug"] }, args);
  },
};

/** People as the write path sees them: edited by slug, removed only when nothing refers to them. */
export const PEOPLE: SluggedTable = {
  table: "people",
  type: "Person",
  columns: ["name", "headline"],
  required: ["name"],
  references: [
    { what: "career steps", type: "CareerStep", sql: "SELECT id FROM career_steps WHERE person_id = $1 ORDER BY id" },
    { what: "quotes they said", type: "Quote", sql: "SELECT id FROM quotes WHERE speaker_id = $1 ORDER BY id" },
    { what: "sources they narrate", type: "Source", sql: "SELECT id FROM sources WHERE narrator_id = $1 ORDER BY id" },
  ],
};
