import { type Context } from "../context";
import { Person } from "./person.entity";

/** Reads people. */
export const personService = {
  findBySlug(context: Context, slug: string): Promise<Person | null> {
    return context.dataSource.getRepository(Person).findOneBy({ slug });
  },
};
