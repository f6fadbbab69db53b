import { Arg, Authorized, Ctx, Directive, Mutation, Query, Resolver } from "type-graphql";
import { PRIVATE_NEVER_CACHED } from "../graphql/cache-control";
import { type Context } from "../graphql/context";
import { NotFoundError } from "../errors";
import { CreateApiKeyInput, RevokeApiKeyInput } from "./api-key.inputs";
import { CreateApiKeyPayload, RevokeApiKeyPayload } from "./api-key-payloads.type";
import { apiKeyService } from "./api-key.service";
import { ApiKeyView } from "./api-key.type";
import { ApiKeyRole } from "../graphql/auth";
import { keyOf } from "../graphql/ids";
import { writeAs } from "../graphql/writes";

@Resolver()
export class ApiKeyResolver {
  @Directive(PRIVATE_NEVER_CACHED)
  @Query(() => ApiKeyView, { nullable: true, description: "The key this request is sent with; null without one." })
  async viewer(@Ctx() context: Context): Promise<ApiKeyView | null> {
    if (context.viewer === null) return null;
    // From the primary, as authentication: a key created a moment ago is there already.
    const key = await apiKeyService.find(context.dataSource, context.viewer.apiKeyId, context.sqlStats);
    return key && ApiKeyView.of(key);
  }

  @Authorized(ApiKeyRole.ADMIN)
  @Directive(PRIVATE_NEVER_CACHED)
  @Query(() => [ApiKeyView], { description: "Every API key, newest first, revoked ones included (ADMIN)." })
  async apiKeys(@Ctx() context: Context): Promise<ApiKeyView[]> {
    return (await apiKeyService.list(context.dataSource, context.sqlStats)).map((key) => ApiKeyView.of(key));
  }

  @Authorized(ApiKeyRole.ADMIN)
  @Mutation(() => CreateApiKeyPayload, { description: "Creates an API key and shows its secret, once (ADMIN)." })
  async createApiKey(@Ctx() context: Context, @Arg("input", () => CreateApiKeyInput, { description: "The new key." }) input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    const { result, auditEventId } = await writeAs(context, "createApiKey", (manager) => apiKeyService.create(manager, input.label, input.role));
    return Object.assign(new CreateApiKeyPayload(), { apiKey: ApiKeyView.of(result.key), secret: result.secret, auditEventId, warnings: [] });
  }

  @Authorized(ApiKeyRole.ADMIN)
  @Mutation(() => RevokeApiKeyPayload, { description: "Revokes an API key: every request with it is refused from now on (ADMIN). Revoking a revoked key changes nothing." })
  async revokeApiKey(@Ctx() context: Context, @Arg("input", () => RevokeApiKeyInput, { description: "The key to revoke." }) input: RevokeApiKeyInput): Promise<RevokeApiKeyPayload> {
    const id = keyOf(input.id, "ApiKey", "input.id");
    const { result, auditEventId } = await writeAs(context, "revokeApiKey", (manager) => apiKeyService.revoke(manager, id));
    if (result === null) throw new NotFoundError("ApiKey", input.id);
    return Object.assign(new RevokeApiKeyPayload(), { apiKey: ApiKeyView.of(result), auditEventId, warnings: [] });
  }
}
