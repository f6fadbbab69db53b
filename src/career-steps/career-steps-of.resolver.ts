import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Company } from "../companies/company.entity";
import { type Context } from "../graphql/context";
import { type Now, then } from "../graphql/read/loader";
import { todayUtc } from "../domain/step-time";
import { Person } from "../people/person.entity";
import { CareerStep } from "./career-step.entity";
import { duringOf, stepsDuring } from "./career-step.service";
import { DuringArgs } from "./career-step-time.inputs";

/**
 * A person's career and a company's people: fields of their types that the career-steps feature
 * answers. `during` filters the parent's steps (loaded or prefetched whole, in one statement for
 * every parent) by the same rules the database applies to the root `careerSteps`.
 */
@Resolver(() => Person)
export class PersonCareerResolver {
  @FieldResolver(() => [CareerStep], {
    description: "The person's career steps, oldest first: by the middle of the start's bounds (so \"about 2017\" comes after 2016-08-15), then the start's earliest bound, then id; unknown starts last. `during` keeps those that overlap a period.",
  })
  careerTimeline(@Root() person: Person, @Ctx() context: Context, @Args() args: DuringArgs): Now<CareerStep[]> {
    return then(context.loaders.careerStepsByPersonId.get(person.id), (steps) => stepsDuring(steps, duringOf(args), todayUtc()));
  }

  @FieldResolver(() => [CareerStep], { description: "The steps that go on today (an open end), oldest first. A step whose end is unknown is not current." })
  currentRoles(@Root() person: Person, @Ctx() context: Context): Now<CareerStep[]> {
    return then(context.loaders.careerStepsByPersonId.get(person.id), (steps) => steps.filter((step) => step.isCurrent));
  }
}

@Resolver(() => Company)
export class CompanyCareerResolver {
  @FieldResolver(() => [CareerStep], { description: "Everyone's career steps at the company, oldest first (as a person's timeline). `during` keeps those that overlap a period." })
  careerSteps(@Root() company: Company, @Ctx() context: Context, @Args() args: DuringArgs): Now<CareerStep[]> {
    return then(context.loaders.careerStepsByCompanyId.get(company.id), (steps) => stepsDuring(steps, duringOf(args), todayUtc()));
  }

  @FieldResolver(() => [Person], { description: "The people with a career step at the company, by slug. `during` keeps those with a step there that overlaps a period." })
  people(@Root() company: Company, @Ctx() context: Context, @Args() args: DuringArgs): Now<Person[]> {
    const during = duringOf(args);
    if (during === null) return context.loaders.peopleByCompanyId.get(company.id);
    return then(context.loaders.careerStepsByCompanyId.get(company.id), async (steps) => {
      const ids = [...new Set(stepsDuring(steps, during, todayUtc()).map((step) => step.personId))];
      const people = await Promise.all(ids.map((id) => context.loaders.personById.load(id)));
      return people.filter((person): person is Person => person !== null).sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    });
  }
}
