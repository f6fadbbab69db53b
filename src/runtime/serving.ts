import { type DataSource } from "typeorm";
import { onCommittedWrite } from "../db/transaction";
import { type Config } from "../config";
import { readCapacity } from "../db/database";
import { type Logger } from "../logger";
import { openStore } from "./store/open-store";
import { type SharedStore } from "./store/shared-store";
import { ContentGeneration } from "./content-generation";
import { Metrics } from "./metrics";
import { loadTrustedOperations, type TrustedOperations } from "../apollo/persisted-queries";
import { type BundleChecker, workerBundleChecker } from "../content/bundle-checker";
import { DatabaseAdmission } from "../db/admission";
import { RateLimiter } from "../http/rate-limits";
import { TableSizes } from "../db/table-sizes";
import { WriteListener } from "./write-listener";

/** What serving many clients takes besides the schema: the shared store and what lives in it. */
export interface Serving {
  store: SharedStore;
  generation: ContentGeneration;
  metrics: Metrics;
  rateLimiter: RateLimiter;
  /** The trusted operations (the project's manifest and PERSISTED_QUERIES_MANIFESTS), by the ids clients send. */
  trustedOperations: TrustedOperations;
  /** Fair use of the database's connections by the requests of this copy. */
  admission: DatabaseAdmission;
  /** The tables' sizes, which price whole-table work in an operation's cost. */
  tableSizes: TableSizes;
  /** Checks imported bundles on a worker thread, off the event loop. */
  checkBundle: BundleChecker;
  /** Whether writes made anywhere reach this copy now (always, on the embedded database). */
  seesAllWrites(): boolean;
  close(): Promise<void>;
}

/**
 * Opens the store (Redis or memory), and keeps the content generation current: bumped after
 * every write this process commits and, on PostgreSQL, after every write announced by others.
 */
export async function startServing(config: Config, dataSource: DataSource, logger: Logger): Promise<Serving> {
  const store = openStore(config, logger);
  const generation = new ContentGeneration(store);
  const stopListening = onCommittedWrite(dataSource, () => generation.bump());
  // On the embedded database this process is the only writer; on PostgreSQL, anyone may write.
  const listener = config.databaseUrl === undefined ? null : new WriteListener(config.databaseUrl, () => generation.bump(), logger);
  await listener?.start();
  const metrics = new Metrics(dataSource);
  const tableSizes = new TableSizes(dataSource, logger);
  await tableSizes.start();
  const bundleChecker = workerBundleChecker();
  return {
    store,
    generation,
    metrics,
    rateLimiter: new RateLimiter(config.rateLimits, store, metrics, logger),
    trustedOperations: loadTrustedOperations(config.persistedQueryManifests),
    admission: new DatabaseAdmission({ ...config.admission, capacity: readCapacity(dataSource) }),
    tableSizes,
    checkBundle: bundleChecker.check,
    seesAllWrites: () => listener?.isListening() ?? true,
    close: async () => {
      tableSizes.stop();
      await bundleChecker.close();
      stopListening();
      await listener?.stop();
      await store.close();
    },
  };
}
