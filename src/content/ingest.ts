import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { type DataSource, type EntityManager } from "typeorm";
import { type Actor, auditedTransaction } from "../audit/audited-transaction";
import { type BundleFormat, formatOfFile, parseBundleText, readBundleFile } from "./bundle-reader";
import { type BundleReport, COUNTED_KINDS, ImportRejectedError, importBundles } from "./importer";
import { type PreparedBundle, prepareBundle } from "./prepare-bundle";
import { type Problem, ProblemList, formatProblem } from "../common/problems";

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

/** Bundles read and checked on their own, before the database is asked anything. */
export interface CheckedBundles {
  bundles: PreparedBundle[];
  warnings: Problem[];
  /** Problems found so far; the import adds those only the database can tell, then refuses all. */
  errors: Problem[];
}

/** Reads and checks bundle files (YAML or JSON, each with its `bodyFile`). */
export async function checkBundleFiles(files: string[]): Promise<CheckedBundles> {
  const checked: CheckedBundles = { bundles: [], warnings: [], errors: [] };
  for (const file of files) {
    const problems = new ProblemList(file);
    const raw = await readBundleFile(file, problems);
    const bundle = raw ? await prepareBundle(raw.data, raw.readBody, problems) : null;
    add(checked, bundle, problems);
  }
  return checked;
}

/**
 * Reads and checks one bundle given as text (the API form: its body inline in `source.body`,
 * since an API caller has no files to point at).
 */
export async function checkBundleText(name: string, text: string, format: BundleFormat): Promise<CheckedBundles> {
  const checked: CheckedBundles = { bundles: [], warnings: [], errors: [] };
  const problems = new ProblemList(name);
  const data = parseBundleText(text, format, problems);
  add(checked, data === undefined ? null : await prepareBundle(data, null, problems), problems);
  return checked;
}

function add(checked: CheckedBundles, bundle: PreparedBundle | null, problems: ProblemList): void {
  if (bundle) checked.bundles.push(bundle);
  checked.warnings.push(...problems.warnings);
  checked.errors.push(...problems.errors);
}

/**
 * Imports checked bundles in the caller's transaction: all of them, or none, refused with
 * ImportRejectedError listing every problem of any of them.
 */
export function importChecked(manager: EntityManager, checked: CheckedBundles): Promise<BundleReport[]> {
  return importBundles(manager, checked.bundles, checked.errors);
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
  }
  for (const warning of result.warnings) lines.push(`warning: ${formatProblem(warning)}`);
  for (const error of result.errors) lines.push(`error: ${formatProblem(error)}`);
  if (result.errors.length > 0) lines.push(`rejected: ${result.errors.length} error(s); nothing was written`);
  return lines.join("\n");
}
