import { type ConnectionPlan, NO_CONNECTION_PLAN, type PrefetchPlan } from "../graphql/read/prefetch";
import { sluggedColumns, type SluggedTable } from "../db/slugged-writes";
import { type Page } from "../graphql/connection";
import { pageBySlug, type SearchablePageArgs } from "../graphql/read/slug-list";
import { type Context } from "../graphql/context";
import { Person } from "./person.entity";
import { selectBySlug } from "../graphql/read/select";

/** Reads people. */
export const personService = {
  /** The person of a slug, with the relations of `plan` primed in the request's loaders. */
  findBySlug(context: Context, slug: string, plan: PrefetchPlan = {}): Promise<Person | null> {
    return selectBySlug(context.reader, Person, slug, { prefetch: context.prefetch, plan });
  },

  /** Everyone, by slug, optionally those whose name or slug contains a text. */
  page(context: Context, args: SearchablePageArgs, plan: ConnectionPlan = NO_CONNECTION_PLAN): Promise<Page<Person>> {
    return pageBySlug(context.reader, { entity: Person, table: "people", searchColumns: ["name", "slug"] }, args, { prefetch: context.prefetch, plan: plan.nodes, total: plan.total });
  },
};

/** People as the write path sees them: edited by slug, removed only when nothing refers to them. */
export const PEOPLE: SluggedTable = {
  table: "people",
  type: "Person",
  columns: sluggedColumns(Person),
  references: [
    { what: "career steps", type: "CareerStep", sql: "SELECT id FROM career_steps WHERE person_id = $1 ORDER BY id" },
    { what: "quotes they said", type: "Quote", sql: "SELECT id FROM quotes WHERE speaker_id = $1 ORDER BY id" },
    { what: "sources they narrate", type: "Source", sql: "SELECT id FROM sources WHERE narrator_id = $1 ORDER BY id" },
  ],
};
