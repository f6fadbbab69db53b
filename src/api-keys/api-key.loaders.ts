import { type Reader } from "../reader";
import { byIdLoader } from "../common/loader";
import { selectByIds } from "../common/sql";
import { ApiKey } from "./api-key.entity";

export function createApiKeyLoaders(reader: Reader) {
  return {
    apiKeyById: byIdLoader((ids) => selectByIds(reader, ApiKey, ids)),
  };
}
