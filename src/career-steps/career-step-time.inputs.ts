import { IsOptional, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, InputType, registerEnumType } from "type-graphql";
import { PageArgs } from "../graphql/connection";
import { IsPeriod, IsSlugList, MAX_FILTER_SLUGS } from "../graphql/input-rules";
import { Certainty } from "../domain/step-time";

registerEnumType(Certainty, {
  name: "Certainty",
  description: "How sure an answer must be that a career step overlaps a period, given its fuzzy dates.",
  valuesConfig: {
    POSSIBLY: { description: "The step may have overlapped the period: its possible interval (from its start's earliest bound to its end's latest, or to today when it goes on or its end is unknown) shares a day with it." },
    CERTAINLY: {
      description: "The step overlapped the period whatever its dates turn out to mean: its certain interval (from its start's latest bound to its end's earliest, or to today when it goes on; none when the start or the end is unknown) shares a day with it.",
    },
  },
});

/** Longest `during` text: an interval of two day-precision dates with qualifiers is 23 characters. */
const MAX_PERIOD_LENGTH = 50;

const DURING = `A period as an EDTF date or interval: "2019", "2019-03", "2019-03-15", "2016/2019", "2023/..", "../2019". A date means every day it may mean ("2019" is all of 2019, "2016~" is 2015 to 2017); an interval runs from the first day of its start to the last of its end, ".." leaving that end open. Null does not filter.`;
const CERTAINTY = "Whether a step must possibly (the default) or certainly have overlapped the period.";

/** `during` and `certainty`: which steps of a timeline or a company to keep. */
@ArgsType()
export class DuringArgs {
  @Field(() => String, { nullable: true, description: DURING })
  @IsOptional()
  @MaxLength(MAX_PERIOD_LENGTH, { message: `is longer than ${MAX_PERIOD_LENGTH} characters: expected a period such as "2016/2019"` })
  @IsPeriod()
  during: string | null;

  @Field(() => Certainty, { nullable: true, defaultValue: Certainty.POSSIBLY, description: CERTAINTY })
  certainty: Certainty | null;
}

/** Which career steps to keep: fields combine with AND, the slugs within one field with OR. */
@InputType("CareerStepFilter", {
  description: "Which career steps to keep. Fields combine with AND; the slugs within one field combine with OR. Unknown slugs match nothing; a null or empty field does not filter.",
})
export class CareerStepFilter {
  @Field(() => [String], { nullable: true, description: `Whose steps, by person slug (at most ${MAX_FILTER_SLUGS}).` })
  @IsSlugList(MAX_FILTER_SLUGS)
  people?: string[] | null;

  @Field(() => [String], { nullable: true, description: `Steps at these companies, by slug (at most ${MAX_FILTER_SLUGS}).` })
  @IsSlugList(MAX_FILTER_SLUGS)
  companies?: string[] | null;

  @Field(() => String, { nullable: true, description: DURING })
  @IsOptional()
  @MaxLength(MAX_PERIOD_LENGTH, { message: `is longer than ${MAX_PERIOD_LENGTH} characters: expected a period such as "2016/2019"` })
  @IsPeriod()
  during?: string | null;

  @Field(() => Certainty, { nullable: true, defaultValue: Certainty.POSSIBLY, description: CERTAINTY })
  certainty?: Certainty | null;

  @Field(() => Boolean, { nullable: true, description: "True: only steps that go on today (an open end). False: only the others (ended, or whose end is unknown). Null does not filter." })
  current?: boolean | null;
}

/** The arguments of the root `careerSteps`: a page, and which steps. */
@ArgsType()
export class CareerStepsArgs extends PageArgs {
  @Field(() => CareerStepFilter, { nullable: true, description: "Which steps to keep; null keeps all." })
  @IsOptional()
  @ValidateNested()
  filter: CareerStepFilter | null;
}
