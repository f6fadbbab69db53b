import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SCALES } from "./corpus/generate.js";
import { writeCorpus } from "./corpus/write.js";
import { BENCH_DIR } from "./paths.js";

/** `npm run generate -- --scale 10k [--out DIR]`: writes a corpus of content bundles. */
const { values } = parseArgs({ options: { scale: { type: "string", default: "1k" }, out: { type: "string" } } });
const quotes = SCALES[values.scale];
if (quotes === undefined) {
  console.error(`unknown scale ${values.scale}; one of ${Object.keys(SCALES).join(", ")}`);
  process.exit(2);
}
const directory = resolve(values.out ?? `${BENCH_DIR}/.corpus/${values.scale}`);
const started = performance.now();
const manifest = await writeCorpus(directory, quotes);
console.log(`${manifest.reused ? "kept" : "wrote"} ${directory}: ${JSON.stringify(manifest.counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
