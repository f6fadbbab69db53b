import { apiKeyLoaders } from "./api-keys/api-key.loaders";
import { auditLoaders } from "./audit/audit.loaders";
import { careerStepLoaders } from "./career-steps/career-step.loaders";
import { companyLoaders } from "./companies/company.loaders";
import { personLoaders } from "./people/person.loaders";
import { quoteLoaders } from "./quotes/quote.loaders";
import { sourceLoaders } from "./sources/source.loaders";
import { lazily } from "./common/loader";
import { type Prefetch } from "./common/prefetch";
import { type Reader } from "./reader";
import { topicLoaders } from "./topics/topic.loaders";

/**
 * Every loader of a request, by key: one batched statement per relation and level of the query,
 * never a statement per row. A new set per request, so no request sees another's rows; each
 * made when first used.
 */
export function createLoaders(reader: Reader, prefetch: Prefetch) {
  return lazily({
    ...personLoaders(reader),
    ...companyLoaders(reader),
    ...topicLoaders(reader),
    ...sourceLoaders(reader),
    ...careerStepLoaders(reader),
    ...quoteLoaders(reader, prefetch),
    ...apiKeyLoaders(reader),
    ...auditLoaders(reader),
  });
}

export type Loaders = ReturnType<typeof createLoaders>;
