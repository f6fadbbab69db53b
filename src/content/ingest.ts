import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { type DataSource } from "typeorm";
import { readBundleFile, formatOfFile } from "./bundle-reader";
import { type BundleReport, COUNTED_KINDS, ImportRejectedError, importBundles } from "./importer";
import { type PreparedBundle, prepareBundle } from "./prepare-bundle";
import { type Problem, ProblemList, formatProblem } from "./problems";

/** The outcome of an ingest: what each bundle did, or every problem that stopped them all. */
export interface IngestResult {
  reports: BundleReport[];
  warnings: Problem[];
  errors: Problem[];
}

/**
 * Reads, checks and imports bundle files as one transaction: either every file is imported,
 * or none is and `errors` lists every problem found in any of them.
 */
export async function ingestFiles(dataSource: DataSource, files: string[]): Promise<IngestResult> {
  const prepared: PreparedBundle[] = [];
  const warnings: Problem[] = [];
  const errors: Problem[] = [];
  for (const file of files) {
    const problems = new ProblemList(file);
    const raw = await readBundleFile(file, problems);
    const bundle = raw ? await prepareBundle(raw.data, raw.readBody, problems) : null;
    if (bundle) prepared.push(bundle);
    warnings.push(...problems.warnings);
    errors.push(...problems.errors);
  }
  try {
    return { reports: await importBundles(dataSource, prepared, errors), warnings, errors: [] };
  } catch (error) {
    if (error instanceof ImportRejectedError) return { reports: [], warnings, errors: error.problems };
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
