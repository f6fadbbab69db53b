import { BIGINT_KEY } from "../domain/global-id";
import { Arg, Args, Authorized, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { ApiKeyView } from "../api-keys/api-key.type";
import { pageRequest, toConnection } from "../graphql/connection";
import { PRIVATE_NEVER_CACHED } from "../graphql/cache-control";
import { type Now } from "../graphql/read/loader";
import { type Context } from "../graphql/context";
import { NotFoundError } from "../errors";
import { AuditChange } from "./audit-change.entity";
import { AuditEventConnection, RevertAuditEventPayload } from "./audit-event-connection.type";
import { AuditEvent } from "./audit-event.entity";
import { AuditEventsArgs, RevertAuditEventInput } from "./audit.inputs";
import { auditService } from "./audit.service";
import { ApiKeyRole } from "../graphql/auth";
import { keyOf } from "../graphql/ids";
import { writeAs } from "../graphql/writes";

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
    const id = keyOf(input.id, "AuditEvent", "input.id", BIGINT_KEY);
    const { result, auditEventId } = await writeAs(context, "revertAuditEvent", async (manager) => {
      const event = await auditService.findById(manager, id);
      if (event === null) throw new NotFoundError("AuditEvent", input.id);
      // The tables an event can undo are the features' (their key columns, and their rank in the
      // chain of foreign keys). API keys are not content: a key is revoked or created, never reverted.
      await auditService.revert(manager, id, "input.id", context.features.revertible);
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
