import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { type ApiKey } from "./api-key.entity";
import { ApiKeyRole } from "../graphql/auth";
import { toGlobalId } from "../domain/global-id";

/** An API key as admins see it: never its secret, nor the secret's hash. */
@ObjectType("ApiKey", { simpleResolvers: true, description: "A key for the write path, as admins see it: who it is for and what it may do. The secret is shown once, at creation, and never stored." })
export class ApiKeyView {
  @Field(() => ID, { description: "Opaque id of the key (not the secret)." })
  id: string;

  @Field({ description: "What the key is for, e.g. `cms` or `ops`." })
  label: string;

  @Field(() => ApiKeyRole, { description: "What the key may do." })
  role: ApiKeyRole;

  @Field({ description: "The first characters of the secret, to tell keys apart (e.g. `ig_AbC1`)." })
  prefix: string;

  @Field(() => DateTimeISOResolver, { description: "When the key was created." })
  createdAt: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the key was last used (to the minute); null when never." })
  lastUsedAt: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the key was revoked; null while it is valid." })
  revokedAt: Date | null;

  static of(key: ApiKey): ApiKeyView {
    return Object.assign(new ApiKeyView(), {
      id: toGlobalId("ApiKey", key.id),
      label: key.label,
      role: key.role,
      prefix: key.keyPrefix,
      createdAt: key.createdAt,
      lastUsedAt: key.lastUsedAt,
      revokedAt: key.revokedAt,
    });
  }
}
