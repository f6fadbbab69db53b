import { join, relative } from "node:path";
import { Piscina } from "piscina";
import { PROJECT_ROOT } from "../project";
import { type BundleFormat } from "./bundle-reader";
import { type BundleCheckTask } from "./bundle-check.worker";
import { type CheckedBundles, checkBundleText } from "./check-bundles";

/** Checks a bundle given as text: parsing, shape, spans and dates, before the database is asked anything. */
export type BundleChecker = (name: string, text: string, format: BundleFormat) => Promise<CheckedBundles>;

/** Checks on the calling thread: for the command line and the tests' own imports, where no request waits. */
export const checkOnThisThread: BundleChecker = checkBundleText;

/** The worker's compiled file: beside this one under dist/, or, when this runs from src/ (ts-jest), in dist/ (the tests' global setup builds it). */
function workerFile(): string {
  const here = __filename.endsWith(".ts") ? join(PROJECT_ROOT, "dist", relative(PROJECT_ROOT, __dirname)) : __dirname;
  return join(here, "bundle-check.worker.js");
}

/** How long an idle worker thread is kept before it exits. */
const IDLE_MS = 60_000;

/**
 * Checks bundles on a worker thread (piscina), off the event loop: a bundle of a megabyte with
 * thousands of quotes takes the checks a while, and while they run the gateway still answers
 * its health checks and its reads. One thread (imports are rare and each is one transaction
 * anyway); more checks wait their turn. `close` ends it.
 */
export function workerBundleChecker(): { check: BundleChecker; close(): Promise<void> } {
  const pool = new Piscina<BundleCheckTask, CheckedBundles>({ filename: workerFile(), minThreads: 0, maxThreads: 1, idleTimeout: IDLE_MS });
  return {
    check: (name, text, format) => pool.run({ name, text, format }),
    close: () => pool.close(),
  };
}
