import { Field, Int, ObjectType } from "type-graphql";
import { Company } from "../companies/company.entity";
import { Person } from "../people/person.entity";
import { Topic } from "../topics/topic.entity";
import { type NormalizedFilter } from "./quote-query";

@ObjectType("TopicCount", { simpleResolvers: true, description: "How many of the counted quotes carry a topic." })
export class TopicCount {
  @Field(() => Topic, { description: "The topic." })
  topic: Topic;

  @Field(() => Int, { description: "How many of the counted quotes carry it." })
  count: number;
}

@ObjectType("CompanyCount", { simpleResolvers: true, description: "How many of the counted quotes mention a company." })
export class CompanyCount {
  @Field(() => Company, { description: "The company." })
  company: Company;

  @Field(() => Int, { description: "How many of the counted quotes mention it." })
  count: number;
}

@ObjectType("PersonCount", { simpleResolvers: true, description: "How many of the counted quotes a person said." })
export class PersonCount {
  @Field(() => Person, { description: "The speaker." })
  person: Person;

  @Field(() => Int, { description: "How many of the counted quotes they said." })
  count: number;
}

/**
 * Counts over the quotes a filter keeps. Each field is one SQL statement, run only when asked
 * for (see QuoteStatsResolver).
 */
@ObjectType("QuoteStats", {
  simpleResolvers: true,
  description: "Counts over the quotes the filter keeps: in all, and by topic, company and speaker (facets for a dashboard). Each breakdown lists only what occurs, most first, then by slug.",
})
export class QuoteStats {
  /** The filter the counts are over. */
  filter: NormalizedFilter;
}
