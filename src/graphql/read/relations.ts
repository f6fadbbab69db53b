import { STEPS_OF_PERSON } from "../../career-steps/career-step.loaders";
import { CareerStep } from "../../career-steps/career-step.entity";
import { type ManyRelationSql, type Relation, type RelationRegistry } from "./prefetch";
import { COMPANIES_OF_QUOTE } from "../../companies/company.loaders";
import { Company } from "../../companies/company.entity";
import { type Loaders } from "./loaders";
import { Person } from "../../people/person.entity";
import { Quote } from "../../quotes/quote.entity";
import { Source } from "../../sources/source.entity";
import { TOPICS_OF_QUOTE } from "../../topics/topic.loaders";
import { Topic } from "../../topics/topic.entity";

/** A field resolved by a by-id loader from the parent's foreign key. */
const one = (target: new () => object, foreignKey: string, loader: keyof Loaders, options: { leaf?: boolean } = {}): Relation => ({ kind: "one", target, foreignKey, loader, ...options });

/** A field resolved by a by-parent loader built on the relation's SQL. */
const many = (target: new () => object, sql: (n: string) => ManyRelationSql, loader: keyof Loaders): Relation => ({ kind: "many", target, sql, loader });

const careerTimeline = many(CareerStep, STEPS_OF_PERSON, "careerStepsByPersonId");

/**
 * The relations a root statement may prefetch (see common/prefetch.ts): those of the hot reads,
 * a timeline and a page of quotes or people, by entity and GraphQL field. Each names the loader
 * its field's resolver reads, which the prefetch primes. Any other field loads as before.
 */
export const RELATIONS: RelationRegistry = new Map<new () => object, Record<string, Relation>>([
  [Person, { careerTimeline, currentRoles: careerTimeline }],
  [
    CareerStep,
    {
      person: one(Person, "personId", "personById"),
      company: one(Company, "companyId", "companyById"),
      source: one(Source, "sourceId", "sourceById"),
      // A Passage of the source: what is selected under it is the passage's, not the source's.
      evidence: one(Source, "sourceId", "sourceById", { leaf: true }),
    },
  ],
  [
    Quote,
    {
      speaker: one(Person, "speakerId", "personById"),
      source: one(Source, "sourceId", "sourceById"),
      topics: many(Topic, TOPICS_OF_QUOTE, "topicsByQuoteId"),
      companies: many(Company, COMPANIES_OF_QUOTE, "companiesByQuoteId"),
    },
  ],
]);
