import { type Reader } from "../db/reader";
import { byIdLoader, relationLoader } from "../graphql/read/loader";
import { type ManyRelationSql } from "../graphql/read/prefetch";
import { selectByIds } from "../db/sql";
import { CareerStep } from "./career-step.entity";

/**
 * Oldest first, by the middle of the start's bounds (so "about 2017", 2016–2018, comes after
 * 2016-08-15), then by the start's earliest bound, then by id: deterministic whatever the ties.
 * Steps with an unknown start (middle: infinity) come last. The timeline indexes hold this order.
 */
export const TIMELINE_ORDER = (cs: string) => `${cs}.start_middle, ${cs}.start_earliest, ${cs}.id`;

/** A person's steps, oldest first: the rows of `careerTimeline`, loaded or prefetched. */
export const STEPS_OF_PERSON = (n: string): ManyRelationSql => ({ from: `career_steps cs${n}`, alias: `cs${n}`, key: `cs${n}.person_id`, order: TIMELINE_ORDER(`cs${n}`) });

/** Everyone's steps at a company, oldest first. */
export const STEPS_AT_COMPANY = (n: string): ManyRelationSql => ({ from: `career_steps cs${n}`, alias: `cs${n}`, key: `cs${n}.company_id`, order: TIMELINE_ORDER(`cs${n}`) });

export function createCareerStepLoaders(reader: Reader) {
  return {
    careerStepById: byIdLoader((ids) => selectByIds(reader, CareerStep, ids)),
    /** A person's steps, oldest first. */
    careerStepsByPersonId: relationLoader(reader, CareerStep, STEPS_OF_PERSON),
    /** Everyone's steps at a company, oldest first. */
    careerStepsByCompanyId: relationLoader(reader, CareerStep, STEPS_AT_COMPANY),
  };
}

/** The career-steps feature's loaders, by name. */
type CareerStepLoaders = ReturnType<typeof createCareerStepLoaders>;

declare module "../graphql/read/loaders" {
  // Merged into every request's Loaders (graphql/read/loaders.ts).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends CareerStepLoaders {}
}
