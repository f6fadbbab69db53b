import { type GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { RemovedPayload } from "../graphql/write-result.type";
import { durationMonths } from "../domain/edtf";
import { durationBounds, todayUtc } from "../domain/step-time";
import { toConnection } from "../graphql/connection";
import { scanOf } from "../graphql/scan";
import { existing, type Now, then } from "../graphql/read/loader";
import { bodyOfRevision } from "../sources/source-bodies";
import { Passage } from "../sources/passage.type";
import { Company } from "../companies/company.entity";
import { type Context } from "../graphql/context";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";
import { CareerStep } from "./career-step.entity";
import { AddCareerStepInput, RemoveCareerStepInput, UpdateCareerStepInput } from "./career-step.inputs";
import { CareerStepPayload } from "./career-step-payload.type";
import { careerStepWriteService } from "./career-step-write.service";
import { CareerStepConnection } from "./career-step-connection.type";
import { careerStepService } from "./career-step.service";
import { CareerStepsArgs } from "./career-step-time.inputs";
import { MonthRange } from "./month-range.type";
import { ApiKeyRole } from "../graphql/auth";
import { keyOf } from "../graphql/ids";
import { writeAs } from "../graphql/writes";
import { ReviewInput } from "../graphql/review.inputs";
import { recordReview } from "../db/reviews";

@Resolver(() => CareerStep)
export class CareerStepResolver {
  @Query(() => CareerStepConnection, {
    description:
      "Everyone's career steps, a page at a time, oldest first (by the middle of the start's bounds, then the start's earliest bound, then id): who was where, when, as surely as asked (`filter.during`, `filter.certainty`).",
  })
  @Extensions(scanOf("career_steps", { when: "filter.during" }))
  async careerSteps(@Ctx() context: Context, @Args() args: CareerStepsArgs, @Info() info: GraphQLResolveInfo): Promise<CareerStepConnection> {
    return toConnection(CareerStepConnection, await careerStepService.page(context, args, todayUtc(), context.prefetch.forConnection(CareerStep, info)));
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => CareerStepPayload, { description: "Adds a career step: dates read as EDTF (bounds derived as the importer does), evidence found in the source's body (EDITOR)." })
  async addCareerStep(@Ctx() context: Context, @Arg("input", () => AddCareerStepInput, { description: "The new step." }) input: AddCareerStepInput): Promise<CareerStepPayload> {
    const { result, auditEventId } = await writeAs(context, "addCareerStep", (manager) => careerStepWriteService.add(manager, input));
    return stepPayload(context, result.id, result.warnings, auditEventId);
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => CareerStepPayload, { description: "Changes a career step: a field left out stays as it is, null clears it (EDITOR)." })
  async updateCareerStep(@Ctx() context: Context, @Arg("input", () => UpdateCareerStepInput, { description: "The changes." }) input: UpdateCareerStepInput): Promise<CareerStepPayload> {
    const id = keyOf(input.id, "CareerStep", "input.id");
    const { result, auditEventId } = await writeAs(context, "updateCareerStep", (manager) => careerStepWriteService.update(manager, id, input));
    return stepPayload(context, id, result.warnings, auditEventId);
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => CareerStepPayload, { description: "Records an editor's review of a career step against its evidence: CONFIRMED, DISPUTED, or UNREVIEWED to take one back, with a note (EDITOR)." })
  async reviewCareerStep(@Ctx() context: Context, @Arg("input", () => ReviewInput, { description: "The step and the review." }) input: ReviewInput): Promise<CareerStepPayload> {
    const id = keyOf(input.id, "CareerStep", "input.id");
    const { auditEventId } = await writeAs(context, "reviewCareerStep", (manager) => recordReview(manager, "career_steps", "CareerStep", id, input));
    return stepPayload(context, id, [], auditEventId);
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => RemovedPayload, { description: "Removes a career step (EDITOR)." })
  async removeCareerStep(@Ctx() context: Context, @Arg("input", () => RemoveCareerStepInput, { description: "The step to remove." }) input: RemoveCareerStepInput): Promise<RemovedPayload> {
    const id = keyOf(input.id, "CareerStep", "input.id");
    const { auditEventId } = await writeAs(context, "removeCareerStep", (manager) => careerStepWriteService.remove(manager, id, input.expectedVersion));
    return Object.assign(new RemovedPayload(), { removedId: input.id, auditEventId, warnings: [] });
  }

  @FieldResolver(() => Person, { description: "Whose step this is." })
  person(@Root() step: CareerStep, @Ctx() context: Context): Now<Person> {
    return existing(context.loaders.personById, step.personId, "person");
  }

  @FieldResolver(() => Company, { description: "Where the step was." })
  company(@Root() step: CareerStep, @Ctx() context: Context): Now<Company> {
    return existing(context.loaders.companyById, step.companyId, "company");
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "How many whole months the step lasted, each end taken at the middle of its bounds: exact for day-precision dates, the central estimate for fuzzy ones (\"2016~\" to \"2023~\" is 84). A current step runs to today. Null when the start or the end is unknown.",
  })
  durationMonths(@Root() step: CareerStep): number | null {
    return durationMonths(step.start, step.end, step.endOpen, todayUtc());
  }

  @FieldResolver(() => MonthRange, {
    nullable: true,
    description:
      "The least and the most the step can have lasted, in whole months, from its dates' bounds: at least from the start's latest bound to the end's earliest (to today when it goes on; 0 when the start or end is unknown, or the bounds cross), at most from the start's earliest bound to the end's latest (null when it goes on or the start or end is unknown). `durationMonths` lies between them.",
  })
  duration(@Root() step: CareerStep): MonthRange {
    return Object.assign(new MonthRange(), durationBounds(step, todayUtc()));
  }

  @FieldResolver(() => Source, { nullable: true, description: "The source that tells of this step, when there is one." })
  source(@Root() step: CareerStep, @Ctx() context: Context): Now<Source | null> {
    return step.sourceId === null ? null : context.loaders.sourceById.get(step.sourceId);
  }

  @FieldResolver(() => Passage, {
    nullable: true,
    description: "The passage of the source that supports the step, in the revision of `anchor` (the current one unless ORPHANED); null when none was given.",
  })
  evidence(@Root() step: CareerStep, @Ctx() context: Context): Now<Passage | null> {
    const { sourceId, evidenceStart: start, evidenceEnd: end } = step;
    if (sourceId === null || start === null || end === null) return null;
    return then(context.loaders.sourceById.get(sourceId), (source) => {
      if (source === null) return null;
      const revision = step.anchorRevision ?? source.revision;
      return then(bodyOfRevision(context, source, revision), (body) => {
        if (body === null) throw new Error(`internal: revision ${revision} of source ${source.id} is missing`);
        return Passage.of(source, revision, body, start, end);
      });
    });
  }
}

async function stepPayload(context: Context, id: string, warnings: string[], auditEventId: string | null): Promise<CareerStepPayload> {
  const careerStep = await existing(context.loaders.careerStepById, id, "career step");
  return Object.assign(new CareerStepPayload(), { careerStep, warnings, auditEventId });
}
