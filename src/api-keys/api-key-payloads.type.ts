import { Field, ObjectType } from "type-graphql";
import { WriteResult } from "../graphql/write-result.type";
import { ApiKeyView } from "./api-key.type";

@ObjectType("CreateApiKeyPayload", { simpleResolvers: true, description: "A new key, with its secret: shown this once, never stored, never shown again." })
export class CreateApiKeyPayload extends WriteResult {
  @Field(() => ApiKeyView, { description: "The new key." })
  apiKey: ApiKeyView;

  @Field({ description: "The key itself, to send as `Authorization: Bearer <secret>`. Store it now: only its hash is kept." })
  secret: string;
}

@ObjectType("RevokeApiKeyPayload", { simpleResolvers: true, description: "A revoked key: from now on every request with it is UNAUTHENTICATED." })
export class RevokeApiKeyPayload extends WriteResult {
  @Field(() => ApiKeyView, { description: "The key, with its revocation time." })
  apiKey: ApiKeyView;
}
