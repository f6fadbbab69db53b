import { type DataSource } from "typeorm";
import { ApiKeyRole } from "../../src/api-keys/api-key.entity";
import { apiKeyService } from "../../src/api-keys/api-key.service";
import { type Viewer } from "../../src/api-keys/auth";
import { auditedTransaction } from "../../src/db/transaction";

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
