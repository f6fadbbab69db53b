import "reflect-metadata";
import { type Config, ConfigError, loadConfig } from "../config";
import { type Database, openDatabase } from "../db/database";
import { FEATURES } from "../features";
import { createLogger, type Logger } from "../logger";

/** Runs a command with config, a logger and an open database; sets the exit code it returns. */
export function runWithDatabase(command: (database: Database, config: Config, logger: Logger) => Promise<number>): void {
  void (async () => {
    let database: Database | undefined;
    try {
      const config = loadConfig();
      const logger = createLogger({ ...config, logLevel: config.logLevel === "info" ? "warn" : config.logLevel });
      // A command may run as long as it needs: an import of a large corpus is no request to bound.
      database = await openDatabase({ ...config, statementTimeoutMs: 0 }, logger, FEATURES.entities);
      process.exitCode = await command(database, config, logger);
    } catch (error) {
      console.error(error instanceof ConfigError ? error.message : error);
      process.exitCode = 1;
    } finally {
      await database?.close();
    }
  })();
}
