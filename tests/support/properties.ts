import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The seed every property test runs with unless FC_SEED names another. */
const DEFAULT_SEED = 20_250_611;

/**
 * How a property test runs: a fixed seed, so that a failure replays, unless FC_SEED names another;
 * `defaultRuns` cases unless FC_RUNS asks for more or fewer.
 */
export function propertyRuns(defaultRuns: number): { seed: number; runs: number } {
  return { seed: wholeNumberFromEnv("FC_SEED", DEFAULT_SEED), runs: wholeNumberFromEnv("FC_RUNS", defaultRuns) };
}

function wholeNumberFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  if (!/^-?\d+$/.test(value)) throw new Error(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Writes a property test's tally, one JSON line, as `${RELIABILITY_REPORT_DIR}/${name}` when that is set. */
export async function writeReliabilityReport(name: string, report: object): Promise<void> {
  const directory = process.env.RELIABILITY_REPORT_DIR;
  if (directory === undefined || directory === "") return;
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, name), `${JSON.stringify(report)}\n`);
}
