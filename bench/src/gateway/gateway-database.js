import { createRequire } from "node:module";
import { join } from "node:path";
import { GATEWAY_DIST, PROJECT_DIR } from "../paths.js";

const require = createRequire(join(PROJECT_DIR, "package.json"));

/** A module of the gateway's build (dist/src), by its path there. */
export function gatewayModule(path) {
  return require(join(GATEWAY_DIST, path));
}

/**
 * The database of the environment (DATABASE_URL, or the embedded PGLITE_DATA_DIR), opened in this
 * process as the gateway opens it, without a statement timeout: what the bench's workers read and
 * load through.
 */
export async function openGatewayDatabase() {
  require("reflect-metadata");
  const { loadConfig } = gatewayModule("config.js");
  const { createLogger } = gatewayModule("logger.js");
  const { openDatabase } = gatewayModule("db/database.js");
  const { FEATURES } = gatewayModule("features.js");
  const config = loadConfig();
  return openDatabase({ ...config, statementTimeoutMs: 0 }, createLogger({ ...config, logLevel: "warn" }), FEATURES.entities);
}
