import "reflect-metadata";
import { ConfigError, loadConfig } from "./config";

/**
 * `npm start`: config → (tracing) → database → schema → HTTP. The gateway's modules are loaded
 * only after tracing has started, so that its instrumentation sees http, pg and graphql load.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // require, not import: the modules must load after tracing has started, and in this order.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const tracing = config.otlpEndpoint === undefined ? null : (require("./tracing") as typeof import("./tracing")).startTracing(config.otlpEndpoint);
  const { createLogger } = require("./logger") as typeof import("./logger");
  const { startApp } = require("./app") as typeof import("./app");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const logger = createLogger(config);
  const app = await startApp(config, logger);
  if (tracing) logger.info({ endpoint: config.otlpEndpoint }, "sending traces (OpenTelemetry)");
  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    app
      .close()
      .then(() => tracing?.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  // A bad setting or manifest is the operator's to fix: its message says which and why, no stack.
  if (error instanceof ConfigError || (error instanceof Error && error.name === "ManifestError")) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
