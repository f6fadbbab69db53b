import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { type Config } from "./config";
import { findBundleFiles, formatIngestResult, ingestFiles, STARTUP_LOAD } from "./content/ingest";
import { type Database, onPrimary, openDatabase } from "./db/database";
import { createApolloServer, createRequestListener } from "./http/listener";
import { type Serving, startServing } from "./runtime/serving";
import { type Logger } from "./logger";
import { runPendingMigrations } from "./db/migrations";
import { CONTENT_DIR } from "./project";
import { createSchema } from "./graphql/schema";
import { Source } from "./sources/source.entity";

/** A running gateway. */
export interface App {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  database: Database;
  /** What serving many clients takes: the shared store, the limits, fair use of the database. */
  serving: Serving;
  /** Stops accepting, drains in-flight requests, closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Bundles loaded into an empty database (default: the project's content/ folder). */
  contentDir?: string;
}

/** Start-up, in order: database → pending migrations → content on an empty database → HTTP. */
export async function startApp(config: Config, logger: Logger, options: StartOptions = {}): Promise<App> {
  const database = await openDatabase(config, logger);
  try {
    if (config.migrateOnStart) {
      const applied = await runPendingMigrations(database.dataSource);
      if (applied.length > 0) logger.info({ applied }, "migrations applied");
    }
    if (config.loadContentOnEmpty) await loadContentIfEmpty(database, options.contentDir ?? CONTENT_DIR, logger);

    const schema = await createSchema();
    const serving = await startServing(config, database.dataSource, logger);
    const httpServer = createServer();
    let draining = false;
    const dependencies = { config, schema, dataSource: database.dataSource, logger, serving, httpServer, isDraining: () => draining };
    const apollo = createApolloServer(dependencies);
    const listener = await createRequestListener(dependencies, apollo);
    httpServer.on("request", listener);
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(config.port, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    logger.info({ url: `${url}/graphql`, database: database.kind, store: serving.store.kind }, "Interview Graph is serving");

    let closing: Promise<void> | undefined;
    return {
      url,
      database,
      serving,
      close: () => {
        closing ??= (async () => {
          draining = true;
          // apollo.stop() drains the HTTP server (stop accepting, finish in-flight requests).
          await apollo.stop();
          await serving.close();
          await database.close();
          logger.info("stopped");
        })();
        return closing;
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Loads every bundle of the content folder when the database holds no source yet. */
async function loadContentIfEmpty(database: Database, contentDir: string, logger: Logger): Promise<void> {
  if ((await onPrimary(database.dataSource, (manager) => manager.getRepository(Source).count())) > 0) return;
  const files = await findBundleFiles(contentDir);
  const result = await ingestFiles(database.dataSource, files, STARTUP_LOAD);
  if (result.errors.length > 0) throw new Error(`the content in ${contentDir} was rejected:\n${formatIngestResult(result)}`);
  logger.info({ files: files.length, warnings: result.warnings.length }, "content loaded into the empty database");
  for (const warning of result.warnings) logger.warn({ warning }, "content warning");
}
