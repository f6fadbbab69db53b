import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { PageArgs, toConnection } from "../graphql/connection";
import { type Now, then } from "../graphql/read/loader";
import { type Context } from "../graphql/context";
import { Person } from "../people/person.entity";
import { SourceConnection } from "./source-connection.type";
import { Source } from "./source.entity";
import { sourceService } from "./source.service";
import { SourceRevision } from "./source-revision.entity";
import { SourceBodyArgs } from "./source.inputs";
import { bodyOfRevision } from "./source-bodies";
import { BadUserInputError } from "../errors";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => Source, { nullable: true, description: "A source by slug; null when there is none." })
  source(@Ctx() context: Context, @Arg("slug", { description: "The source's slug, e.g. `openai-engineer-as-told-to`." }) slug: string): Promise<Source | null> {
    return sourceService.findBySlug(context, slug);
  }

  @Query(() => SourceConnection, { description: "Every source, a page at a time, in slug order." })
  async sources(@Ctx() context: Context, @Args() args: PageArgs): Promise<SourceConnection> {
    return toConnection(SourceConnection, await sourceService.page(context, args));
  }

  @FieldResolver(() => String, { description: "The full text (Unicode NFC) of the current revision, or of the revision asked for. Spans index into it by code point." })
  body(@Root() source: Source, @Ctx() context: Context, @Args() args: SourceBodyArgs): Now<string> {
    return then(bodyOfRevision(context, source, args.revision ?? source.revision), (body) => {
      if (body === null) throw new BadUserInputError(`revision: source "${source.slug}" has revisions 1 to ${source.revision}, not ${args.revision}`, "revision");
      return body.body;
    });
  }

  @FieldResolver(() => [SourceRevision], { description: "Every body the source has had, oldest first: 1 as first imported, one more per correction." })
  revisions(@Root() source: Source, @Ctx() context: Context): Now<SourceRevision[]> {
    return context.loaders.revisionsBySourceId.get(source.id);
  }

  @FieldResolver(() => Person, { nullable: true, description: "The person whose words an as-told-to essay gives; null when none." })
  narrator(@Root() source: Source, @Ctx() context: Context): Now<Person | null> {
    return source.narratorId === null ? null : context.loaders.personById.get(source.narratorId);
  }

  @FieldResolver(() => [Person], { description: "Everyone the source is about: its narrator, its speakers and the people of its career steps, by slug." })
  people(@Root() source: Source, @Ctx() context: Context): Now<Person[]> {
    return context.loaders.peopleBySourceId.get(source.id);
  }

}
