/**
 * Starts real gateways (`node <root>/dist/src/main.js`) for the tests, each on a free port of
 * 127.0.0.1, and stops them: at the end of a test file, and at the latest when this process
 * exits, whatever happened.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** clients/ */
export const CLIENTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The gateway's repository: GATEWAY_ROOT, relative to clients/ ("..": the repository this package is in). */
export const GATEWAY_ROOT = resolve(CLIENTS_DIR, process.env.GATEWAY_ROOT ?? "..");

/** The gateway's schema (SDL), its trusted operations and their compiled manifest. */
export const SCHEMA_FILE = join(GATEWAY_ROOT, "schema", "schema.graphql");
export const OPERATIONS_DIR = join(GATEWAY_ROOT, "schema", "operations");
export const PROJECT_MANIFEST = join(GATEWAY_ROOT, "schema", "persisted-query-manifest.json");

/** How long a gateway may take to say it is serving (embedded database: migrations and content). */
const START_TIMEOUT_MS = 45_000;
/** How long SIGTERM may take before SIGKILL. */
const STOP_TIMEOUT_MS = 5_000;

/** The gateway's own configuration, as its config module lists it: none of it is inherited from the environment the tests run in, but DATABASE_URL. */
const GATEWAY_VARIABLES = createRequire(import.meta.url)(join(GATEWAY_ROOT, "dist", "src", "config.js")).ENVIRONMENT_VARIABLES.filter((name) => name !== "DATABASE_URL");

const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(signal, () => {
    for (const child of running) child.kill("SIGKILL");
    process.kill(process.pid, signal);
  });
}

/**
 * Starts a gateway with these variables on top of the defaults (PORT=0, RATE_LIMIT_PER_MINUTE=0,
 * DATABASE_URL when the tests have one, else an embedded database in memory) and resolves when
 * it serves. With DATABASE_URL, start gateways one after the other (await each): the first
 * loads the content into an empty database.
 * @param {Record<string, string>} [variables]
 * @returns {Promise<{ url: string, origin: string, logs: string[], stop: () => Promise<void> }>}
 */
export async function startGateway(variables = {}) {
  const env = { ...process.env };
  for (const name of GATEWAY_VARIABLES) delete env[name];
  Object.assign(env, { PORT: "0", LOG_LEVEL: "info", RATE_LIMIT_PER_MINUTE: "0" });
  if (!process.env.DATABASE_URL) env.PGLITE_DATA_DIR = "memory://";
  Object.assign(env, variables);

  const main = join(GATEWAY_ROOT, "dist", "src", "main.js");
  if (!existsSync(main)) throw new Error(`no ${main}: build the gateway first (cd ${GATEWAY_ROOT} && npm ci && npm run build)`);
  const child = spawn(process.execPath, [main], { cwd: GATEWAY_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  const exited = new Promise((resolveExit) => child.once("exit", (code, signal) => {
    running.delete(child);
    resolveExit({ code, signal });
  }));
  const logs = [];
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    const url = await new Promise((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`the gateway did not serve within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      let pending = "";
      const onLine = (line) => {
        logs.push(line);
        try {
          const entry = JSON.parse(line);
          if (entry.msg === "Interview Graph is serving" && typeof entry.url === "string") {
            clearTimeout(timer);
            resolveUrl(entry.url);
          }
        } catch {
          // not a JSON line
        }
      };
      child.stdout.setEncoding("utf8").on("data", (chunk) => {
        pending += chunk;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        lines.forEach(onLine);
      });
      child.stderr.setEncoding("utf8").on("data", (chunk) => logs.push(chunk));
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`the gateway exited (${code ?? signal}) before serving`));
      });
    });
    const origin = new URL(url).origin;
    if (new URL(url).hostname !== "127.0.0.1") throw new Error(`the gateway serves on ${url}, not on 127.0.0.1`);
    return { url, origin, logs, stop };
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${logs.slice(-20).join("\n")}`);
  }
}

/**
 * The trusted read operations of schema/operations/ (its top level: what anyone may send), with the
 * variables each file's comment gives ("Variables: { ... }"). The editor's workspace's, in
 * editor/, need an API key and are tested with the gateway's own suite.
 * @returns {Array<{ file: string, name: string, text: string, variables: Record<string, unknown> }>}
 */
export function projectOperations() {
  return readdirSync(OPERATIONS_DIR)
    .filter((file) => file.endsWith(".graphql"))
    .sort()
    .map((file) => {
      const text = readFileSync(join(OPERATIONS_DIR, file), "utf8");
      const name = /^\s*query\s+(\w+)/m.exec(text)?.[1];
      const comment = text.split("\n").filter((line) => line.startsWith("#")).map((line) => line.slice(1)).join(" ");
      const variables = /Variables:\s*(\{.*\})/.exec(comment)?.[1];
      if (!name || !variables) throw new Error(`${file}: expected one named query and a "Variables: {...}" comment`);
      return { file, name, text, variables: JSON.parse(variables) };
    });
}

/** The names of the editor's workspace's operations (schema/operations/editor/): in the manifest, but not read operations. */
export function editorOperationNames() {
  const directory = join(OPERATIONS_DIR, "editor");
  return new Set(
    readdirSync(directory)
      .filter((file) => file.endsWith(".graphql"))
      .map((file) => /^\s*(?:query|mutation)\s+(\w+)/m.exec(readFileSync(join(directory, file), "utf8"))?.[1]),
  );
}

/** The project's persisted-query manifest (Apollo's format). */
export function projectManifest() {
  return JSON.parse(readFileSync(PROJECT_MANIFEST, "utf8"));
}

/**
 * A fetch that records every request (method, URL, headers, body) and its answer (status, body
 * text) as it goes.
 * @returns {{ fetch: typeof fetch, requests: Array<{ method: string, url: URL, headers: Headers, body: string | undefined, status?: number, answer?: string }> }}
 */
export function recordingFetch() {
  const requests = [];
  const recorder = async (input, init = {}) => {
    const request = new Request(input, init);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.clone().text();
    const record = { method: request.method, url: new URL(request.url), headers: request.headers, body };
    requests.push(record);
    const response = await fetch(request);
    record.status = response.status;
    record.answer = await response.clone().text();
    return response;
  };
  return { fetch: recorder, requests };
}

/** The persisted-query hash a request carries (GET: in its `extensions` parameter; POST: in its body), and whether it carries the text. */
export function persistedQueryOf(request) {
  const fields =
    request.method === "GET"
      ? Object.fromEntries([...request.url.searchParams].map(([name, value]) => [name, name === "extensions" || name === "variables" ? JSON.parse(value) : value]))
      : JSON.parse(request.body ?? "{}");
  return { hash: fields.extensions?.persistedQuery?.sha256Hash, query: fields.query, fields };
}

/** A string unique to this run, to make a query that no gateway has seen (APQ starts unknown). */
export function nonce() {
  return `n${process.pid}x${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
