import { Company } from "../companies/company.entity";
import { COMPANIES_OF_QUOTE } from "../companies/company.loaders";
import { type Feature } from "../graphql/feature";
import { manyRelation, oneRelation } from "../graphql/read/prefetch";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";
import { Topic } from "../topics/topic.entity";
import { TOPICS_OF_QUOTE } from "../topics/topic.loaders";
import { QuoteStatsResolver } from "./quote-stats.resolver";
import { Quote } from "./quote.entity";
import { createQuoteLoaders } from "./quote.loaders";
import { QuoteResolver } from "./quote.resolver";
import { CompanyQuotesResolver, PersonQuotesResolver, SourceQuotesResolver, TopicQuotesResolver } from "./quotes-of.resolver";
import { QUOTE_JSON } from "./quote.json";

/** Quotes: what was said, by whom, anchored to its span of the source, tagged and searchable. */
export const quotesFeature: Feature = {
  name: "quotes",
  entities: [Quote],
  resolvers: [QuoteResolver, QuoteStatsResolver, PersonQuotesResolver, CompanyQuotesResolver, TopicQuotesResolver, SourceQuotesResolver],
  loaders: createQuoteLoaders,
  json: QUOTE_JSON,
  relations: [
    [
      Quote,
      {
        speaker: oneRelation(Person, "speakerId", "personById"),
        source: oneRelation(Source, "sourceId", "sourceById"),
        topics: manyRelation(Topic, TOPICS_OF_QUOTE, "topicsByQuoteId"),
        companies: manyRelation(Company, COMPANIES_OF_QUOTE, "companiesByQuoteId"),
      },
    ],
  ],
  nodes: { Quote: (loaders) => loaders.quoteById },
  constraints: { quotes_span_key: { argumentPath: "input.text", message: "this passage is already a quote (written at the same moment by another request)" } },
  revertible: { quotes: { key: ["id"], rank: 2 }, quote_topics: { key: ["quote_id", "topic_id"], rank: 3 }, quote_companies: { key: ["quote_id", "company_id"], rank: 3 } },
};
