import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vite";

const HERE = import.meta.dirname;
const MANIFEST = join(HERE, "..", "schema", "persisted-query-manifest.json");

/**
 * The trusted operations' ids, by operation name, from the project's persisted-query manifest
 * (`npm run operations:manifest`): the explorer sends only these (Apollo's persisted-query
 * protocol), never a query's text, so it runs as well when the gateway accepts nothing but its
 * trusted operations.
 */
function operationIds(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as { operations: Array<{ id: string; name: string }> };
  return Object.fromEntries(manifest.operations.map((operation) => [operation.name, operation.id]));
}

export default defineConfig({
  root: HERE,
  base: "/",
  define: { __OPERATION_HASHES__: JSON.stringify(operationIds()) },
  build: { outDir: join(HERE, "..", "dist", "web"), emptyOutDir: true, sourcemap: true, target: "es2022" },
});
