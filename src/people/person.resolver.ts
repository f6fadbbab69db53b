import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { CareerStep } from "../career-steps/career-step.entity";
import { type Context } from "../context";
import { Person } from "./person.entity";
import { personService } from "./person.service";

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: "A person by slug; null when there is none." })
  person(@Ctx() context: Context, @Arg("slug", { description: "The person's slug, e.g. `jigar-bhati`." }) slug: string): Promise<Person | null> {
    return personService.findBySlug(context, slug);
  }

  @FieldResolver(() => [CareerStep], { description: "The person's career steps, oldest first (by the fuzzy start's bounds; ties broken by end, then id)." })
  careerTimeline(@Root() person: Person, @Ctx() context: Context): Promise<CareerStep[]> {
    return context.loaders.careerStepsByPersonId.load(person.id);
  }
}
