import { join } from "node:path";
import { PROJECT_DIR } from "./paths.js";
import { run } from "./processes.js";

const CLUSTER_SCRIPT = join(PROJECT_DIR, "scripts", "pg-cluster.sh");

/**
 * The PostgreSQL server the benchmark runs on: BENCH_DATABASE_URL or DATABASE_URL when given
 * (left as it is found, apart from the benchmark's own database in it), else a throwaway cluster
 * of scripts/pg-cluster.sh, which `stop()` removes.
 */
export async function openPostgres(env = process.env) {
  const given = env.BENCH_DATABASE_URL || env.DATABASE_URL;
  if (given) return { url: given, started: false, stop: async () => {} };
  const output = await run("bash", [CLUSTER_SCRIPT, "start"]);
  const exports = Object.fromEntries([...output.matchAll(/^export (\w+)=(.*)$/gm)].map(([, name, value]) => [name, value.replace(/^'|'$/g, "")]));
  if (!exports.DATABASE_URL || !exports.PG_CLUSTER_DIR) throw new Error(`pg-cluster.sh start printed no DATABASE_URL:\n${output}`);
  return {
    url: exports.DATABASE_URL,
    started: true,
    stop: () => run("bash", [CLUSTER_SCRIPT, "stop", exports.PG_CLUSTER_DIR]),
  };
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl, database) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
