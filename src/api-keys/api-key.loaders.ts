import { type Reader } from "../db/reader";
import { byIdLoader } from "../graphql/read/loader";
import { selectByIds } from "../db/sql";
import { ApiKey } from "./api-key.entity";

export function createApiKeyLoaders(reader: Reader) {
  return {
    apiKeyById: byIdLoader((ids) => selectByIds(reader, ApiKey, ids)),
  };
}

/** The api-keys feature's loaders, by name. */
type ApiKeyLoaders = ReturnType<typeof createApiKeyLoaders>;

declare module "../graphql/read/loaders" {
  // Merged into every request's Loaders (graphql/read/loaders.ts).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ApiKeyLoaders {}
}
