import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateCorpus, plan } from "./generate.js";

/** Bumped whenever the generator changes, so that a corpus on disk from an older one is rebuilt. */
const GENERATOR_VERSION = 1;

/**
 * Writes the corpus of `quotes` quotes into `directory` (one JSON bundle and one body text per
 * source) unless the same corpus is already there. Returns the manifest: the bundle files and
 * the counts.
 */
export async function writeCorpus(directory, quotes) {
  const manifestPath = join(directory, "manifest.json");
  const existing = await readFile(manifestPath, "utf8").then(JSON.parse, () => null);
  if (existing?.generatorVersion === GENERATOR_VERSION && existing.quotes === quotes) return { ...existing, directory, reused: true };

  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  const files = [];
  const counts = { sources: 0, quotes: 0, careerSteps: 0, quoteTopics: 0, quoteCompanies: 0, bodyBytes: 0 };
  for (const { name, bundle, body } of generateCorpus(quotes)) {
    await writeFile(join(directory, `${name}.txt`), body);
    await writeFile(join(directory, `${name}.json`), `${JSON.stringify(bundle, null, 1)}\n`);
    files.push(`${name}.json`);
    counts.sources += 1;
    counts.quotes += bundle.quotes.length;
    counts.careerSteps += bundle.careerSteps.length;
    counts.quoteTopics += bundle.quotes.reduce((n, q) => n + q.topics.length, 0);
    counts.quoteCompanies += bundle.quotes.reduce((n, q) => n + q.companies.length, 0);
    counts.bodyBytes += Buffer.byteLength(body);
  }
  const manifest = { generatorVersion: GENERATOR_VERSION, quotes, plan: plan(quotes), counts, files };
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);
  return { ...manifest, directory, reused: false };
}
