import { apiKeysFeature } from "./api-keys/api-keys.feature";
import { auditFeature } from "./audit/audit.feature";
import { careerStepsFeature } from "./career-steps/career-steps.feature";
import { companiesFeature } from "./companies/companies.feature";
import { contentFeature } from "./content/content.feature";
import { assembleFeatures } from "./graphql/feature";
import { peopleFeature } from "./people/people.feature";
import { quotesFeature } from "./quotes/quotes.feature";
import { sourcesFeature } from "./sources/sources.feature";
import { topicsFeature } from "./topics/topics.feature";

/**
 * The one list of features: the database's entities, the schema's resolvers, the requests'
 * loaders, the prefetchable relations, `node(id:)`'s types, the audit trail's revertible tables
 * and the start-up's work all come from here (graphql/feature.ts says what a feature declares).
 * In the order of the DAG they form: each uses only those before it.
 */
export const FEATURES = assembleFeatures([
  peopleFeature,
  companiesFeature,
  topicsFeature,
  apiKeysFeature,
  sourcesFeature,
  careerStepsFeature,
  quotesFeature,
  auditFeature,
  contentFeature,
]);
