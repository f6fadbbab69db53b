import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { durationMonths } from "../common/edtf";
import { loadExisting } from "../common/loader";
import { Passage } from "../common/passage.type";
import { Company } from "../companies/company.entity";
import { type Context } from "../context";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";
import { CareerStep } from "./career-step.entity";

@Resolver(() => CareerStep)
export class CareerStepResolver {
  @FieldResolver(() => Person, { description: "Whose step this is." })
  person(@Root() step: CareerStep, @Ctx() context: Context): Promise<Person> {
    return loadExisting(context.loaders.personById, step.personId, "person");
  }

  @FieldResolver(() => Company, { description: "Where the step was." })
  company(@Root() step: CareerStep, @Ctx() context: Context): Promise<Company> {
    return loadExisting(context.loaders.companyById, step.companyId, "company");
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "How many whole months the step lasted, each end taken at the middle of its bounds: exact for day-precision dates, the central estimate for fuzzy ones (\"2016~\" to \"2023~\" is 84). A current step runs to today. Null when the start or the end is unknown.",
  })
  durationMonths(@Root() step: CareerStep): number | null {
    return durationMonths(step.start, step.end, step.endOpen, new Date().toISOString().slice(0, 10));
  }

  @FieldResolver(() => Source, { nullable: true, description: "The source that tells of this step, when there is one." })
  source(@Root() step: CareerStep, @Ctx() context: Context): Promise<Source | null> {
    return step.sourceId === null ? Promise.resolve(null) : context.loaders.sourceById.load(step.sourceId);
  }

  @FieldResolver(() => Passage, { nullable: true, description: "The passage of the source that supports the step; null when none was given." })
  async evidence(@Root() step: CareerStep, @Ctx() context: Context): Promise<Passage | null> {
    if (step.sourceId === null || step.evidenceStart === null || step.evidenceEnd === null) return null;
    const source = await context.loaders.sourceById.load(step.sourceId);
    return source && Passage.of(source, step.evidenceStart, step.evidenceEnd);
  }
}
