import { randomBytes } from "node:crypto";
import { type EntityManager, type DataSource } from "typeorm";
import { onPrimary } from "../db/database";
import { type SqlStats } from "../db/sql-stats";
import { ApiKey } from "./api-key.entity";
import { hashKey } from "./auth";
import { type ApiKeyRole } from "../graphql/auth";

/** How much of a key stays visible, to tell keys apart: `ig_` and five characters. */
const VISIBLE_PREFIX_LENGTH = 8;

/** A new key: the stored row, and its secret, which exists only in this object and its reply. */
export interface CreatedApiKey {
  key: ApiKey;
  secret: string;
}

/** API keys: created with a secret shown once, stored as a hash, revoked, never deleted. */
export const apiKeyService = {
  async create(manager: EntityManager, label: string, role: ApiKeyRole): Promise<CreatedApiKey> {
    const secret = `ig_${randomBytes(32).toString("base64url")}`;
    const [row] = await manager.query<Array<{ id: string }>>(
      "INSERT INTO api_keys (label, role, key_sha256, key_prefix) VALUES ($1, $2, $3, $4) RETURNING id",
      [label.trim(), role, hashKey(secret), secret.slice(0, VISIBLE_PREFIX_LENGTH)],
    );
    const key = await manager.getRepository(ApiKey).findOneByOrFail({ id: row?.id ?? "" });
    return { key, secret };
  },

  find(dataSource: DataSource, id: string, sqlStats?: SqlStats): Promise<ApiKey | null> {
    return onPrimary(dataSource, (manager) => manager.getRepository(ApiKey).findOneBy({ id }), sqlStats);
  },

  /** Every key, newest first; revoked ones included. */
  list(dataSource: DataSource, sqlStats?: SqlStats): Promise<ApiKey[]> {
    return onPrimary(dataSource, (manager) => manager.getRepository(ApiKey).find({ order: { createdAt: "DESC", id: "ASC" } }), sqlStats);
  },

  /** Revokes a key (by id); revoking a revoked key changes nothing. Null when there is no such key. */
  async revoke(manager: EntityManager, id: string): Promise<ApiKey | null> {
    await manager.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", [id]);
    return manager.getRepository(ApiKey).findOneBy({ id });
  },
};
