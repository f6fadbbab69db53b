import { In } from "typeorm";
import { type Reader } from "../reader";
import { byIdLoader } from "../common/loader";
import { ApiKey } from "./api-key.entity";

export function createApiKeyLoaders(reader: Reader) {
  return {
    apiKeyById: byIdLoader((ids) => reader.run((manager) => manager.getRepository(ApiKey).findBy({ id: In([...ids]) }))),
  };
}
