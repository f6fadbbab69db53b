import { join } from "node:path";
import { BENCH_DIR, PROJECT_DIR } from "./paths.js";
import { freePort, ServerProcess } from "./processes.js";

/** What every child process gets from us: a path to node and nothing that could change a server's behaviour. */
function baseEnv() {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LANG: process.env.LANG ?? "C.UTF-8", NODE_ENV: "production" };
}

/**
 * Our gateway, built, in production mode: response cache off (the uncached figures), rate
 * limits off (one client sends thousands of requests a second), no content loading or
 * migrations at start (the loader did both), warnings-only logs (PostGraphile's query log is
 * off too; our info log writes a line per request). `database` is { url } or { pgliteDir };
 * `nodeArgs` go to node (--cpu-prof); `root` is the project whose build runs (an earlier build
 * for --steps; this project by default); `env` adds settings (MAX_QUERY_COST for a large corpus).
 */
export async function startOurs(database, { nodeArgs = [], root = PROJECT_DIR, name, env: settings = {} } = {}) {
  const port = await freePort();
  const env = {
    ...baseEnv(),
    PORT: String(port),
    ...(database.url ? { DATABASE_URL: database.url } : { PGLITE_DATA_DIR: database.pgliteDir }),
    RESPONSE_CACHE: "false",
    RATE_LIMIT_PER_MINUTE: "0",
    RATE_LIMIT_PER_MINUTE_WITH_KEY: "0",
    SQL_STATEMENTS_HEADER: "true",
    PERSISTED_QUERIES_ONLY: "false",
    LOAD_CONTENT_ON_EMPTY: "false",
    MIGRATE_ON_START: "false",
    LOG_LEVEL: "warn",
    ...settings,
  };
  const server = new ServerProcess(name ?? (database.url ? "ours" : "ours (embedded)"), process.execPath, [...nodeArgs, join(root, "dist", "src", "main.js")], { cwd: root, env });
  server.url = `http://127.0.0.1:${port}`;
  await server.waitReady(async () => (await fetch(`${server.url}/readyz`)).ok);
  return server;
}

export async function startPostgraphile(databaseUrl) {
  const port = await freePort();
  const server = new ServerProcess("postgraphile", process.execPath, [join(BENCH_DIR, "src", "peers", "postgraphile-server.js")], {
    cwd: BENCH_DIR,
    env: { ...baseEnv(), PORT: String(port), DATABASE_URL: databaseUrl },
  });
  server.url = `http://127.0.0.1:${port}`;
  await server.waitReady(async () => {
    const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{__typename}"}' });
    return response.ok;
  });
  return server;
}

export async function startFloor(databaseUrl) {
  const port = await freePort();
  const server = new ServerProcess("floor", process.execPath, [join(BENCH_DIR, "src", "peers", "floor-server.js")], {
    cwd: BENCH_DIR,
    env: { ...baseEnv(), PORT: String(port), DATABASE_URL: databaseUrl },
  });
  server.url = `http://127.0.0.1:${port}`;
  await server.waitReady(async () => (await fetch(`${server.url}/people?first=1`)).ok);
  return server;
}
