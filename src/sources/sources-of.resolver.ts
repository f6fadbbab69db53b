import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { type Context } from "../graphql/context";
import { type Now } from "../graphql/read/loader";
import { Person } from "../people/person.entity";
import { Source } from "./source.entity";

/** A person's sources: a field of Person that the sources feature answers. */
@Resolver(() => Person)
export class PersonSourcesResolver {
  @FieldResolver(() => [Source], { description: "The sources the person narrates, speaks in or whose career steps they support, by slug." })
  sources(@Root() person: Person, @Ctx() context: Context): Now<Source[]> {
    return context.loaders.sourcesByPersonId.get(person.id);
  }
}
