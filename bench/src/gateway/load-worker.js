import { join } from "node:path";
import { gatewayModule, openGatewayDatabase } from "./gateway-database.js";

/**
 * Loads a corpus through the gateway's own importer, in a process of its own (so that its time
 * and memory are the importer's alone): `node load-worker.js DIR [CHUNK]`, with the database of
 * the environment (DATABASE_URL, or the embedded PGLITE_DATA_DIR), as `npm run ingest` would.
 * Applies pending migrations first (not timed), then imports the bundles CHUNK at a time, each
 * chunk one transaction as `npm run ingest -- FILE...` makes it, and prints one JSON line:
 * `{ bundles, quotes, seconds, cpuSeconds, chunks, chunkSize }`.
 *
 * The importer is called in-process rather than through its CLI so that the figure is the
 * import's, not that of starting a process per chunk; it is the same function the CLI calls.
 */
const [directory, chunkArg = "100"] = process.argv.slice(2);
const chunkSize = Number(chunkArg);
const { runPendingMigrations } = gatewayModule("db/migrations.js");
const { CLI_INGEST, formatIngestResult, ingestFiles } = gatewayModule("content/ingest.js");

const manifest = JSON.parse(await (await import("node:fs/promises")).readFile(join(directory, "manifest.json"), "utf8"));
const database = await openGatewayDatabase();
try {
  await runPendingMigrations(database.dataSource);
  const files = manifest.files.map((file) => join(directory, file));
  let quotes = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < files.length; i += chunkSize) {
    const result = await ingestFiles(database.dataSource, files.slice(i, i + chunkSize), CLI_INGEST);
    if (result.errors.length > 0) throw new Error(`the importer rejected the corpus:\n${formatIngestResult(result)}`);
    quotes += result.reports.reduce((n, report) => n + report.counts.quotes.created + report.counts.quotes.unchanged + report.counts.quotes.updated, 0);
  }
  const seconds = (performance.now() - started) / 1000;
  // The importer's own CPU (reading, checking, building statements): the rest of the time is the
  // database's (on PGlite, in this same process: then this is nearly all of it).
  const { user, system } = process.cpuUsage(cpuBefore);
  const cpuSeconds = (user + system) / 1e6;
  console.log(JSON.stringify({ bundles: files.length, quotes, seconds, cpuSeconds, chunks: Math.ceil(files.length / chunkSize), chunkSize }));
} finally {
  await database.close();
}
