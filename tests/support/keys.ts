import { type DataSource } from "typeorm";
import { apiKeyService } from "../../src/api-keys/api-key.service";
import { auditedTransaction } from "../../src/db/transaction";
import { ApiKeyRole, type Viewer } from "../../src/graphql/auth";

/** A key made as `npm run apikey -- create` makes it: its secret, and the viewer it stands for. */
export interface TestKey {
  secret: string;
  viewer: Viewer;
}

export async function createKey(dataSource: DataSource, role: ApiKeyRole, label = `${role.toLowerCase()}-key`): Promise<TestKey> {
  const { result } = await auditedTransaction(dataSource, { kind: "CLI" }, "createApiKey", (manager) => apiKeyService.create(manager, label, role));
  return { secret: result.secret, viewer: { apiKeyId: result.key.id, role, label: result.key.label, prefix: result.key.keyPrefix } };
}

export { ApiKeyRole };
