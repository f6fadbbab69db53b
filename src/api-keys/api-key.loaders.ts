import { In } from "typeorm";
import { type Reader } from "../reader";
import { byIdLoader } from "../common/loader";
import { ApiKey } from "./api-key.entity";

/** How to make each of the request's apiKey loaders (made on first use: see createLoaders). */
export function apiKeyLoaders(reader: Reader) {
  return {
    apiKeyById: () => byIdLoader((ids) => reader.run((manager) => manager.getRepository(ApiKey).findBy({ id: In([...ids]) }))),
  };
}
