import { type Feature } from "../graphql/feature";
import { ApiKey } from "./api-key.entity";
import { createApiKeyLoaders } from "./api-key.loaders";
import { ApiKeyResolver } from "./api-key.resolver";

/** API keys: who may write (and, for an ADMIN, manage keys and the audit trail). */
export const apiKeysFeature: Feature = {
  name: "api-keys",
  entities: [ApiKey],
  resolvers: [ApiKeyResolver],
  loaders: createApiKeyLoaders,
};
