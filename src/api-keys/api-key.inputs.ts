import { IsEnum, MaxLength, Matches } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { ApiKeyRole } from "../graphql/auth";

/** Longest key label. */
export const MAX_LABEL_LENGTH = 100;

@InputType("CreateApiKeyInput", { description: "A new API key: what it is for and what it may do." })
export class CreateApiKeyInput {
  @Field({ description: `What the key is for, e.g. \`cms\` (at most ${MAX_LABEL_LENGTH} characters).` })
  @Matches(/\S/, { message: "must not be empty" })
  @MaxLength(MAX_LABEL_LENGTH, { message: `must be at most ${MAX_LABEL_LENGTH} characters` })
  label: string;

  @Field(() => ApiKeyRole, { description: "What the key may do." })
  @IsEnum(ApiKeyRole)
  role: ApiKeyRole;
}

@InputType("RevokeApiKeyInput", { description: "The key to revoke." })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: "The key's id (as `apiKeys` lists it), not its secret." })
  id: string;
}
