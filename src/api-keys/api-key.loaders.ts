import { type DataSource, In } from "typeorm";
import { byIdLoader } from "../common/loader";
import { ApiKey } from "./api-key.entity";

export function createApiKeyLoaders(dataSource: DataSource) {
  return {
    apiKeyById: byIdLoader((ids) => dataSource.getRepository(ApiKey).findBy({ id: In([...ids]) })),
  };
}
