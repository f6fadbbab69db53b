import { type Reader } from "../db/reader";
import { byIdLoader } from "../graphql/read/loader";
import { selectByIds } from "../db/sql";
import { ApiKey } from "./api-key.entity";

export function createApiKeyLoaders(reader: Reader) {
  return {
    apiKeyById: byIdLoader((ids) => selectByIds(reader, ApiKey, ids)),
  };
}
