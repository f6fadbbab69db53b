import { Arg, Args, Authorized, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { ApiKeyRole } from "../api-keys/api-key.entity";
import { ApiKeyView } from "../api-keys/api-key.type";
import { pageRequest, toConnection } from "../graphql/connection";
import { keyOf } from "../graphql/global-id";
import { PRIVATE_NEVER_CACHED } from "../graphql/cache-control";
import { type Now } from "../graphql/read/loader";
import { type Context } from "../graphql/context";
import { NotFoundError } from "../errors";
import { AuditChange } from "./audit-change.entity";
import { AuditEventConnection, RevertAuditEventPayload } from "./audit-event-connection.type";
import { AuditEvent } from "./audit-event.entity";
import { writeAs } from "../db/transaction";
import { AuditEventsArgs, RevertAuditEventInput } from "./audit.inputs";
import { auditService } from "./audit.service";

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized(ApiKeyRole.ADMIN)
  @Directive(PRIVATE_NEVER_CACHED)
  @Query(() => AuditEventConnection, { description: "The audit trail, newest first: every write, who made it and what it changed (ADMIN)." })
  async auditEvents(@Ctx() context: Context, @Args() args: AuditEventsArgs): Promise<AuditEventConnection> {
    return toConnection(AuditEventConnection, await auditService.page(context, pageRequest(args), args.nodeId ?? null));
  }

  @Authorized(ApiKeyRole.ADMIN)
  @Mutation(() => RevertAuditEventPayload, {
    description:
      "Undoes an audit event (ADMIN): rows it created are removed, values it changed are put back, rows it removed are restored with their ids. Refused with CONFLICT when a row has changed since.",
  })
  async revertAuditEvent(@Ctx() context: Context, @Arg("input", () => RevertAuditEventInput, { description: "The event to undo." }) input: RevertAuditEventInput): Promise<RevertAuditEventPayload> {
    const id = keyOf(input.id, "AuditEvent", "input.id");
    const { result, auditEventId } = await writeAs(context, "revertAuditEvent", async (manager) => {
      const event = await auditService.findById(manager, id);
      if (event === null) throw new NotFoundError("AuditEvent", input.id);
      await auditService.revert(manager, id, "input.id");
      return event;
    });
    return Object.assign(new RevertAuditEventPayload(), { reverted: result, auditEventId, warnings: [] });
  }

  @FieldResolver(() => ApiKeyView, { nullable: true, description: "The key the change was made with; null unless `actor` is API_KEY." })
  async apiKey(@Root() event: AuditEvent, @Ctx() context: Context): Promise<ApiKeyView | null> {
    const key = event.apiKeyId === null ? null : await context.loaders.apiKeyById.get(event.apiKeyId);
    return key && ApiKeyView.of(key);
  }

  @FieldResolver(() => [AuditChange], { description: "Every row the write changed, in the order it changed them." })
  changes(@Root() event: AuditEvent, @Ctx() context: Context): Now<AuditChange[]> {
    return context.loaders.auditChangesByEventId.get(event.id);
  }

  @FieldResolver(() => [ID], { description: "The nodes (and API keys) the write changed, each once, in the order first changed." })
  async nodeIds(@Root() event: AuditEvent, @Ctx() context: Context): Promise<string[]> {
    return [...new Set((await context.loaders.auditChangesByEventId.get(event.id)).map((change) => change.nodeGlobalId))];
  }
}
