import { CLI_INGEST, formatIngestResult, ingestFiles } from "../content/ingest";
import { pendingMigrations } from "../db/migrations";
import { runWithDatabase } from "./run-cli";

/**
 * `npm run ingest -- FILE...`: imports content bundles in one transaction. Exit code 1 and
 * nothing written when any file has a problem; every problem is listed.
 */
const files = process.argv.slice(2);
if (files.length === 0) {
  // Usage needs no database: checked before one is opened (or created, when embedded).
  console.error("usage: npm run ingest -- FILE.yaml [FILE.json ...]");
  process.exitCode = 2;
} else {
  runWithDatabase(async (database) => {
    const pending = await pendingMigrations(database.dataSource);
    if (pending.length > 0) {
      console.error(`the database has pending migrations (${pending.join(", ")}): run npm run migrate first`);
      return 1;
    }
    const result = await ingestFiles(database.dataSource, files, CLI_INGEST);
    const output = formatIngestResult(result);
    if (result.errors.length > 0) console.error(output);
    else console.log(output);
    return result.errors.length > 0 ? 1 : 0;
  });
}
