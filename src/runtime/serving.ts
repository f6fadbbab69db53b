import { type DataSource } from "typeorm";
import { onCommittedWrite } from "../db/transaction";
import { type Config } from "../config";
import { readCapacity } from "../db/database";
import { type Logger } from "../logger";
import { openStore } from "./store/open-store";
import { type SharedStore } from "./store/shared-store";
import { ContentGeneration } from "./content-generation";
import { Metrics } from "./metrics";
import { DatabaseAdmission } from "../db/admission";
import { TableSizes } from "../db/table-sizes";
import { Workers } from "./workers";
import { WriteListener } from "./write-listener";

/** What serving many clients takes besides the schema: the shared store and what lives in it, fair use of the database, worker threads. */
export interface Serving {
  store: SharedStore;
  generation: ContentGeneration;
  metrics: Metrics;
  /** Fair use of the database's connections by the requests of this copy. */
  admission: DatabaseAdmission;
  /** The tables' sizes, which price whole-table work in an operation's cost. */
  tableSizes: TableSizes;
  /** Worker threads for heavy work, off the event loop (an imported bundle's checks). */
  workers: Workers;
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
  const workers = new Workers();
  return {
    store,
    generation,
    metrics,
    admission: new DatabaseAdmission({ ...config.admission, capacity: readCapacity(dataSource) }),
    tableSizes,
    workers,
    seesAllWrites: () => listener?.isListening() ?? true,
    close: async () => {
      tableSizes.stop();
      await workers.close();
      stopListening();
      await listener?.stop();
      await store.close();
    },
  };
}
