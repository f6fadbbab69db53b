import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { ApiKeyRole } from "../graphql/auth";
import { type Context } from "../graphql/context";
import { existing } from "../graphql/read/loader";
import { writeAs } from "../graphql/writes";
import { ReviseSourceInput } from "./content.inputs";
import { reviseSource } from "./revise-source";
import { reanchorerOf } from "./re-anchoring";
import { AnchorOutcome, ReviseSourcePayload } from "./revision.type";

@Resolver()
export class RevisionResolver {
  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => ReviseSourcePayload, {
    description:
      "Corrects a source: the body given becomes its next revision (every earlier one is kept), and each of its quotes and career steps is carried over as EXACT, SHIFTED or FUZZY, or left ORPHANED in the revision it stands in; never attached to other words by a guess. One transaction, audited and revertible (EDITOR).",
  })
  async reviseSource(@Ctx() context: Context, @Arg("input", () => ReviseSourceInput, { description: "The source and its corrected body." }) input: ReviseSourceInput): Promise<ReviseSourcePayload> {
    const { result, auditEventId } = await writeAs(context, "reviseSource", (manager) => reviseSource(manager, input, reanchorerOf(context)));
    const source = await existing(context.loaders.sourceById, result.sourceId, "source");
    const revisions = await context.loaders.revisionsBySourceId.load(result.sourceId);
    const revision = revisions.find((it) => it.number === result.revision.number);
    if (revision === undefined) throw new Error("internal: a revision just made is not there");
    return Object.assign(new ReviseSourcePayload(), { source, revision, anchors: result.revision.anchors.map((anchor) => AnchorOutcome.of(anchor)), warnings: result.warnings, auditEventId });
  }
}
