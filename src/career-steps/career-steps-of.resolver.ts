import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Company } from "../companies/company.entity";
import { type Context } from "../graphql/context";
import { type Now, then } from "../graphql/read/loader";
import { Person } from "../people/person.entity";
import { CareerStep } from "./career-step.entity";

/** A person's career and a company's people: fields of their types that the career-steps feature answers. */
@Resolver(() => Person)
export class PersonCareerResolver {
  @FieldResolver(() => [CareerStep], { description: "The person's career steps, oldest first (by the fuzzy start's bounds; ties broken by end, then id)." })
  careerTimeline(@Root() person: Person, @Ctx() context: Context): Now<CareerStep[]> {
    return context.loaders.careerStepsByPersonId.get(person.id);
  }

  @FieldResolver(() => [CareerStep], { description: "The steps that go on today (an open end), oldest first. A step whose end is unknown is not current." })
  currentRoles(@Root() person: Person, @Ctx() context: Context): Now<CareerStep[]> {
    return then(context.loaders.careerStepsByPersonId.get(person.id), (steps) => steps.filter((step) => step.isCurrent));
  }
}

@Resolver(() => Company)
export class CompanyCareerResolver {
  @FieldResolver(() => [CareerStep], { description: "Everyone's career steps at the company, oldest first." })
  careerSteps(@Root() company: Company, @Ctx() context: Context): Now<CareerStep[]> {
    return context.loaders.careerStepsByCompanyId.get(company.id);
  }

  @FieldResolver(() => [Person], { description: "The people with a career step at the company, by slug." })
  people(@Root() company: Company, @Ctx() context: Context): Now<Person[]> {
    return context.loaders.peopleByCompanyId.get(company.id);
  }
}
