import { In } from "typeorm";
import { type Reader } from "../reader";
import { byIdLoader, groupLoader } from "../common/loader";
import { entityColumns, keyedEntities } from "../common/sql";
import { CareerStep } from "./career-step.entity";

/**
 * Oldest first, by the fuzzy start's bounds, then the end's (an open or unknown end last), then
 * id: deterministic whatever the ties. Steps with an unknown start come last.
 */
const TIMELINE_ORDER = "cs.start_earliest ASC NULLS LAST, cs.start_latest ASC NULLS LAST, cs.end_latest ASC NULLS LAST, cs.id";

export function createCareerStepLoaders(reader: Reader) {
  const stepsBy = (column: "person_id" | "company_id") =>
    groupLoader((keys) =>
      keyedEntities(
        reader,
        CareerStep,
        `SELECT cs.${column} AS key, ${entityColumns(reader, CareerStep, "cs")}
           FROM career_steps cs WHERE cs.${column} = ANY($1::uuid[]) ORDER BY ${TIMELINE_ORDER}`,
        [keys],
      ),
    );
  return {
    careerStepById: byIdLoader((ids) => reader.run((manager) => manager.getRepository(CareerStep).findBy({ id: In([...ids]) }))),
    /** A person's steps, oldest first. */
    careerStepsByPersonId: stepsBy("person_id"),
    /** Everyone's steps at a company, oldest first. */
    careerStepsByCompanyId: stepsBy("company_id"),
  };
}
