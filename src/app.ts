import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { type Config } from "./config";
import { type Database, openDatabase } from "./db/database";
import { FEATURES } from "./features";
import { loadTrustedOperations } from "./apollo/persisted-queries";
import { createApolloServer } from "./apollo/server";
import { createRequestListener } from "./http/listener";
import { type Serving, startServing } from "./runtime/serving";
import { type Logger } from "./logger";
import { runPendingMigrations } from "./db/migrations";
import { createSchema } from "./graphql/schema";

/** A running gateway. */
export interface App {
  /** Base URL a client on this machine reaches it at, e.g. http://127.0.0.1:4000 (the loopback when it listens on every interface). */
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
  const database = await openDatabase(config, logger, FEATURES.entities);
  try {
    if (config.migrateOnStart) {
      const applied = await runPendingMigrations(database.dataSource);
      if (applied.length > 0) logger.info({ applied }, "migrations applied");
    }
    for (const feature of FEATURES.features) await feature.onStart?.(database.dataSource, logger, { loadContentOnEmpty: config.loadContentOnEmpty, ...options });

    const schema = await createSchema(FEATURES, { directFieldResolvers: config.directFieldResolvers });
    const serving = await startServing(config, database.dataSource, logger);
    const httpServer = createServer();
    let draining = false;
    const trustedOperations = loadTrustedOperations(config.persistedQueryManifests);
    const dependencies = { config, schema, dataSource: database.dataSource, logger, serving, features: FEATURES, trustedOperations, httpServer, isDraining: () => draining };
    const apollo = createApolloServer(dependencies);
    const listener = await createRequestListener(dependencies, apollo);
    httpServer.on("request", listener);
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const { address, port } = httpServer.address() as AddressInfo;
    const url = `http://${reachableHost(address)}:${port}`;
    logger.info({ url: `${url}/graphql`, listening: `${address} port ${port}`, database: database.kind, store: serving.store.kind }, "Interview Graph is serving");

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

/** Where a client on this machine reaches a server listening on `address`: itself, or the loopback for a wildcard. */
function reachableHost(address: string): string {
  if (address === "::" || address === "0.0.0.0") return "127.0.0.1";
  return address.includes(":") ? `[${address}]` : address;
}
