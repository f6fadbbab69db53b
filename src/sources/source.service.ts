import { type Context } from "../context";
import { Source } from "./source.entity";

/** Reads sources. */
export const sourceService = {
  findBySlug(context: Context, slug: string): Promise<Source | null> {
    return context.dataSource.getRepository(Source).findOneBy({ slug });
  },
};
