import { type DataSource, In } from "typeorm";
import { groupLoader } from "../common/loader";
import { CareerStep } from "./career-step.entity";

export function createCareerStepLoaders(dataSource: DataSource) {
  return {
    /** A person's steps, oldest first: by the start's bounds, then the end's, then id (deterministic ties). */
    careerStepsByPersonId: groupLoader(
      (step: CareerStep) => step.personId,
      (personIds) =>
        dataSource.getRepository(CareerStep).find({
          where: { personId: In([...personIds]) },
          order: { startEarliest: { direction: "ASC", nulls: "LAST" }, startLatest: "ASC", endLatest: { direction: "ASC", nulls: "LAST" }, id: "ASC" },
        }),
    ),
  };
}
