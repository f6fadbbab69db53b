import { type BundleFormat, parseBundleText, readBundleFile } from "./bundle-reader";
import { type PreparedBundle, prepareBundle } from "./prepare-bundle";
import { type Problem, ProblemList } from "../domain/problems";

/**
 * Checking bundles on their own, before the database is asked anything: parsing, the shape,
 * every span found and every date read. No I/O but the files named; pure enough to run on a
 * worker thread (bundle-checker.ts), which the API's imports do.
 */

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

