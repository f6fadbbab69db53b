import { Args, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { type Context } from "../graphql/context";
import { BadUserInputError } from "../errors";
import { sourceService } from "../sources/source.service";
import { ImportInterviewArgs } from "./content.inputs";
import { ImportCount, type ImportedKind, ImportInterviewPayload } from "./import-report.type";
import { COUNTED_KINDS, ImportRejectedError } from "./importer";
import { checkBundle } from "./bundle-checker";
import { AnchorOutcome, ImportRevision } from "./revision.type";
import { reanchorerOf } from "./re-anchoring";
import { importChecked } from "./ingest";
import { ApiKeyRole } from "../graphql/auth";
import { writeAs } from "../graphql/writes";

@Resolver()
export class ContentResolver {
  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => ImportInterviewPayload, {
    description:
      "Imports a content bundle exactly as `npm run ingest` does: one transaction, idempotent, every problem reported at once with its path (`bundle.quotes[3].text`) and nothing written when any is found (EDITOR).",
  })
  async importInterview(@Ctx() context: Context, @Args() args: ImportInterviewArgs): Promise<ImportInterviewPayload> {
    const dryRun = args.dryRun ?? false;
    const checked = await checkBundle(context, "bundle", args.bundle, args.format ?? "YAML");
    const outcome = await writeAs(context, "importInterview", (manager) => importChecked(manager, checked, reanchorerOf(context)), { dryRun }).catch((error: unknown) => {
      throw error instanceof ImportRejectedError ? rejection(error) : error;
    });
    const [report] = outcome.result;
    if (report === undefined) throw new Error("internal: an accepted import without a report");
    return Object.assign(new ImportInterviewPayload(), {
      dryRun,
      sourceSlug: report.source,
      source: dryRun ? null : await sourceService.findBySlug(context, report.source),
      counts: COUNTED_KINDS.map((kind) => Object.assign(new ImportCount(), { kind: kind as ImportedKind, ...report.counts[kind] })),
      revision: report.revision === null ? null : Object.assign(new ImportRevision(), { number: report.revision.number, anchors: report.revision.anchors.map((anchor) => AnchorOutcome.of(anchor)) }),
      warnings: checked.warnings.map((warning) => `bundle.${warning.path}: ${warning.message}`),
      auditEventId: outcome.auditEventId,
    });
  }
}

/** A rejected bundle as BAD_USER_INPUT, every problem under `bundle.<its path>`. */
function rejection(error: ImportRejectedError): BadUserInputError {
  const [first, ...rest] = error.problems.map((problem) => {
    const argumentPath = problem.path === "" ? "bundle" : `bundle.${problem.path}`;
    return { argumentPath, message: `${argumentPath}: ${problem.message}` };
  });
  return first ? BadUserInputError.of([first, ...rest]) : new BadUserInputError("bundle: rejected", "bundle");
}
