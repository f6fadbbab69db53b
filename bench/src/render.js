import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BENCH_DIR } from "./paths.js";
import { renderResults } from "./report.js";

/**
 * `npm run render -- .runs/FILE.json [--million .runs/1m-FILE.json] [--out FILE] [--note TEXT]`:
 * writes RESULTS.md again from a run's raw figures (after a change of the report's layout, or to
 * add a note about the run); `--million` adds a million-quote run's section and targets beside it.
 */
const { values, positionals } = parseArgs({ options: { out: { type: "string" }, note: { type: "string" }, million: { type: "string" } }, allowPositionals: true });
if (positionals.length !== 1) {
  console.error("usage: npm run render -- .runs/<run>.json [--million .runs/<1m run>.json] [--out FILE] [--note TEXT]");
  process.exit(2);
}
const run = JSON.parse(await readFile(positionals[0], "utf8"));
if (values.note) run.settings.note = values.note;
const out = values.out ?? join(BENCH_DIR, "RESULTS.md");
const million = values.million ? JSON.parse(await readFile(values.million, "utf8")) : null;
await writeFile(out, renderResults(run, million));
console.log(`wrote ${out}`);
