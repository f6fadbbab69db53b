import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** bench/ */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The project root: the gateway's package. */
export const PROJECT_DIR = join(BENCH_DIR, "..");
/** The built gateway. */
export const GATEWAY_DIST = join(PROJECT_DIR, "dist", "src");
