import { join, relative } from "node:path";
import { type Context } from "../graphql/context";
import { PROJECT_ROOT } from "../project";
import { type BundleFormat } from "./bundle-reader";
import { type BundleCheckTask } from "./bundle-check.worker";
import { type CheckedBundles, checkBundleText } from "./check-bundles";

/**
 * The worker module that checks a bundle (bundle-check.worker.ts), compiled: beside this file
 * under dist/, or, when this runs from src/ (ts-jest), in dist/ (the tests' global setup builds it).
 */
export const BUNDLE_CHECK_WORKER = join(__filename.endsWith(".ts") ? join(PROJECT_ROOT, "dist", relative(PROJECT_ROOT, __dirname)) : __dirname, "bundle-check.worker.js");

/**
 * Checks a bundle given as text before the database is asked anything: off the event loop when
 * serving (a bundle of a megabyte with thousands of quotes takes the checks a while, and the
 * gateway goes on answering its health checks and reads meanwhile), on this thread otherwise.
 */
export function checkBundle(context: Context, name: string, text: string, format: BundleFormat): Promise<CheckedBundles> {
  if (!context.offThread) return checkBundleText(name, text, format);
  return context.offThread<BundleCheckTask, CheckedBundles>(BUNDLE_CHECK_WORKER, { name, text, format });
}
