import { Company } from "../companies/company.entity";
import { type Feature } from "../graphql/feature";
import { manyRelation, oneRelation } from "../graphql/read/prefetch";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";
import { CareerStep } from "./career-step.entity";
import { createCareerStepLoaders, STEPS_AT_COMPANY, STEPS_OF_PERSON } from "./career-step.loaders";
import { CareerStepResolver } from "./career-step.resolver";
import { CompanyCareerResolver, PersonCareerResolver } from "./career-steps-of.resolver";
import { CAREER_STEP_JSON } from "./career-step.json";

const careerTimeline = manyRelation(CareerStep, STEPS_OF_PERSON, "careerStepsByPersonId");

/** Career steps: who worked where, when (fuzzy dates), and the passage that says so. */
export const careerStepsFeature: Feature = {
  name: "career-steps",
  entities: [CareerStep],
  resolvers: [CareerStepResolver, PersonCareerResolver, CompanyCareerResolver],
  loaders: createCareerStepLoaders,
  relations: [
    [Person, { careerTimeline, currentRoles: careerTimeline }],
    [Company, { careerSteps: manyRelation(CareerStep, STEPS_AT_COMPANY, "careerStepsByCompanyId") }],
    [
      CareerStep,
      {
        person: oneRelation(Person, "personId", "personById"),
        company: oneRelation(Company, "companyId", "companyById"),
        source: oneRelation(Source, "sourceId", "sourceById"),
        // A Passage of the source: what is selected under it is the passage's, not the source's.
        evidence: oneRelation(Source, "sourceId", "sourceById", { leaf: true }),
      },
    ],
  ],
  json: CAREER_STEP_JSON,
  nodes: { CareerStep: (loaders) => loaders.careerStepById },
  revertible: { career_steps: { key: ["id"], rank: 2 } },
};
