import { createHash } from "node:crypto";
import { type DataSource } from "typeorm";
import { onPrimary } from "../db/database";
import { UnauthenticatedError } from "../errors";
import { type SqlStats } from "../db/sql-stats";
import { type Viewer } from "../graphql/auth";
import { ApiKey } from "./api-key.entity";


/** A key as the server shows it once: `ig_` and 32 random bytes in base64url. */
export const KEY_FORMAT = /^ig_[A-Za-z0-9_-]{43}$/;

/** How stale `last_used_at` may get: a key used all day costs a write a minute, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The SHA-256 a key is stored and looked up as. */
export function hashKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * The viewer of an `Authorization: Bearer <key>` header; null without the header. A malformed
 * header or an unknown or revoked key is refused: a client that sends a key means to use it.
 * The key is looked up by its hash, so nothing about a stored key leaks through timing.
 */
export async function authenticate(dataSource: DataSource, header: string | undefined, sqlStats?: SqlStats): Promise<Viewer | null> {
  if (header === undefined || header.trim() === "") return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match?.[1]) throw new UnauthenticatedError("Authorization: expected `Bearer <API key>`", { beforeExecution: true });
  const secret = match[1];
  const key = KEY_FORMAT.test(secret) ? await onPrimary(dataSource, (manager) => manager.getRepository(ApiKey).findOneBy({ keySha256: hashKey(secret) }), sqlStats) : null;
  if (key === null || key.revokedAt !== null) throw new UnauthenticatedError("unknown or revoked API key", { beforeExecution: true });
  if (key.lastUsedAt === null || Date.now() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await onPrimary(dataSource, (manager) => manager.query("UPDATE api_keys SET last_used_at = now() WHERE id = $1", [key.id]), sqlStats);
  }
  return { apiKeyId: key.id, role: key.role, label: key.label, prefix: key.keyPrefix };
}

