import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vite";

const HERE = import.meta.dirname;
const OPERATIONS_DIR = join(HERE, "..", "schema", "operations");

/**
 * The trusted operations' hashes, by operation name: the explorer sends only these (Apollo's
 * persisted-query protocol), never a query's text, so it runs as well when the gateway accepts
 * nothing but its trusted operations.
 */
function operationHashes(): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const file of readdirSync(OPERATIONS_DIR).filter((name) => name.endsWith(".graphql"))) {
    const text = readFileSync(join(OPERATIONS_DIR, file), "utf8");
    const name = /\b(?:query|mutation)\s+([A-Za-z_]\w*)/.exec(text)?.[1];
    if (name) hashes[name] = createHash("sha256").update(text).digest("hex");
  }
  return hashes;
}

export default defineConfig({
  root: HERE,
  base: "/",
  define: { __OPERATION_HASHES__: JSON.stringify(operationHashes()) },
  build: { outDir: join(HERE, "..", "dist", "web"), emptyOutDir: true, sourcemap: true, target: "es2022" },
});
