import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { type Context } from "../context";
import { Person } from "../people/person.entity";
import { Source } from "./source.entity";
import { sourceService } from "./source.service";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => Source, { nullable: true, description: "A source by slug; null when there is none." })
  source(@Ctx() context: Context, @Arg("slug", { description: "The source's slug, e.g. `openai-engineer-as-told-to`." }) slug: string): Promise<Source | null> {
    return sourceService.findBySlug(context, slug);
  }

  @FieldResolver(() => Person, { nullable: true, description: "The person whose words an as-told-to essay gives; null when none." })
  narrator(@Root() source: Source, @Ctx() context: Context): Promise<Person | null> {
    return source.narratorId === null ? Promise.resolve(null) : context.loaders.personById.load(source.narratorId);
  }
}
