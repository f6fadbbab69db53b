import { ApiKeyRole } from "../graphql/auth";
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { notBlank } from "../db/text-checks";

/**
 * A key for the write path, stored only as its SHA-256 and a short visible prefix. Deliberately
 * not a GraphQL type (ApiKeyView is): the hash never reaches a response, and it is not even
 * selected unless asked for.
 */
@Check("api_keys_role_known", "role IN ('EDITOR', 'ADMIN')")
@Check("api_keys_label_present", notBlank("label"))
@Check("api_keys_key_sha256_hex", "key_sha256 ~ '^[0-9a-f]{64}$'")
@Entity({ name: "api_keys" })
export class ApiKey {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text" })
  label: string;

  @Column({ type: "text" })
  role: ApiKeyRole;

  @Column({ name: "key_sha256", type: "char", length: 64, unique: true, select: false })
  keySha256: string;

  @Column({ name: "key_prefix", type: "text" })
  keyPrefix: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Column({ name: "last_used_at", type: "timestamptz", nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: "revoked_at", type: "timestamptz", nullable: true })
  revokedAt: Date | null;
}
