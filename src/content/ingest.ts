import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { type DataSource, type EntityManager } from "typeorm";
import { type Actor, auditedTransaction } from "../db/transaction";
import { formatOfFile } from "./bundle-reader";
import { type CheckedBundles, checkBundleFiles } from "./check-bundles";
import { type BundleReport, COUNTED_KINDS, ImportRejectedError, importBundles } from "./importer";
import { countByStatus } from "./revise-source";
import { reanchorHere, type Reanchorer } from "./re-anchoring";
import { type Problem, formatProblem } from "../domain/problems";

/** The outcome of an ingest: what each bundle did, or every problem that stopped them all. */
export interface IngestResult {
  reports: BundleReport[];
  warnings: Problem[];
  errors: Problem[];
  /** Global id of the audit event recording the import; null when nothing changed or it was rejected. */
  auditEventId: string | null;
}

/** Who imports, as what operation. */
export interface IngestOptions {
  actor: Actor;
  operation: string;
}

/** How `npm run ingest` imports: as the command line. */
export const CLI_INGEST: IngestOptions = { actor: { kind: "CLI" }, operation: "ingest" };

/** How the server loads `content/` into an empty database at start-up. */
export const STARTUP_LOAD: IngestOptions = { actor: { kind: "STARTUP" }, operation: "loadContent" };

/**
 * Imports checked bundles in the caller's transaction: all of them, or none, refused with
 * ImportRejectedError listing every problem of any of them. A bundle that revises its source
 * re-anchors its spans with `reanchorWith` (on a worker thread when serving).
 */
export function importChecked(manager: EntityManager, checked: CheckedBundles, reanchorWith: Reanchorer = reanchorHere): Promise<BundleReport[]> {
  return importBundles(manager, checked.bundles, checked.errors, reanchorWith);
}

/**
 * Reads, checks and imports bundle files as one audited transaction: either every file is
 * imported, or none is and `errors` lists every problem found in any of them.
 */
export async function ingestFiles(dataSource: DataSource, files: string[], options: IngestOptions): Promise<IngestResult> {
  const checked = await checkBundleFiles(files);
  try {
    const { result, auditEventId } = await auditedTransaction(dataSource, options.actor, options.operation, (manager) => importChecked(manager, checked));
    return { reports: result, warnings: checked.warnings, errors: [], auditEventId };
  } catch (error) {
    if (error instanceof ImportRejectedError) return { reports: [], warnings: checked.warnings, errors: error.problems, auditEventId: null };
    throw error;
  }
}

/** The bundle files of a content folder (YAML and JSON), in name order. */
export async function findBundleFiles(directory: string): Promise<string[]> {
  const names = await readdir(directory);
  return names
    .filter((name) => formatOfFile(name) !== null)
    .sort()
    .map((name) => join(directory, name));
}

/** A short summary for people: a line per file, then warnings and errors. */
export function formatIngestResult(result: IngestResult): string {
  const lines: string[] = [];
  for (const report of result.reports) {
    const parts = COUNTED_KINDS.map((kind) => {
      const c = report.counts[kind];
      return `${kind} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged${c.removed ? `, ${c.removed} removed` : ""}`;
    });
    lines.push(`${report.file} (source ${report.source}): ${parts.join("; ")}`);
    if (report.revision !== null) {
      const counts = countByStatus(report.revision.anchors);
      lines.push(`  revision ${report.revision.number}: ${Object.entries(counts).map(([status, count]) => `${count} ${status}`).join(", ")}`);
    }
  }
  for (const warning of result.warnings) lines.push(`warning: ${formatProblem(warning)}`);
  for (const error of result.errors) lines.push(`error: ${formatProblem(error)}`);
  if (result.errors.length > 0) lines.push(`rejected: ${result.errors.length} error(s); nothing was written`);
  return lines.join("\n");
}
