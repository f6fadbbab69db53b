import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/project";
import { temporaryEmbeddedDataFolder } from "./embedded-template";
import { createTestConfig } from "./test-database";

/**
 * The gateway as production runs it: `node dist/src/main.js` in a process of its own (built by
 * the tests' global setup), so that a test can measure its memory, cut its database from under
 * it, or kill it with SIGKILL and start it again on the same data.
 */

/** Where a gateway process keeps its data: a database of its own on DATABASE_URL's server, or an embedded data folder. */
export interface GatewayDatabase {
  kind: "postgres" | "embedded";
  /** The environment that points a process at it. */
  env: Record<string, string>;
  /** Removes it. */
  drop(): Promise<void>;
}

/** A database for gateway processes, on the server the tests run on (DATABASE_URL) or embedded in a folder. */
export async function createGatewayDatabase(databaseUrl = process.env.DATABASE_URL): Promise<GatewayDatabase> {
  if (databaseUrl) {
    const { config, drop } = await createTestConfig();
    return { kind: "postgres", env: { DATABASE_URL: config.databaseUrl ?? "" }, drop };
  }
  const folder = await temporaryEmbeddedDataFolder("ig-gateway-");
  return { kind: "embedded", env: { PGLITE_DATA_DIR: folder.path }, drop: folder.remove };
}

/** The environment of a process started from the tests: theirs, without their database, with `env`. */
function processEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  delete base.DATABASE_URL;
  delete base.DATABASE_REPLICA_URLS;
  delete base.REDIS_URL;
  return { ...base, ...env };
}

/** Runs one of the commands of dist/src/cli (migrate, apikey, ingest) and returns its output. */
export function runCommand(name: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join("dist", "src", "cli", `${name}.js`), ...args], { cwd: PROJECT_ROOT, env: processEnv(env), timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${name} ${args.join(" ")} failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

/** Migrates a database and creates an EDITOR key in it, with the commands; returns the key's secret. */
export async function prepareWithEditorKey(env: Record<string, string>): Promise<string> {
  await runCommand("migrate", [], env);
  const out = await runCommand("apikey", ["create", "--role", "EDITOR", "--label", "reliability"], env);
  const secret = /Bearer (\S+)/.exec(out)?.[1];
  if (!secret) throw new Error(`no secret in: ${out}`);
  return secret;
}

/** How long a gateway may take to migrate, load its content and serve. */
const START_TIMEOUT_MS = 90_000;
const MAX_KEPT_LOG_CHARS = 4_000_000;

export interface GatewayProcess {
  url: string;
  pid: number;
  /** Everything it logged so far (JSON lines). */
  logs(): string;
  /** Its resident memory now, in bytes (from /proc). */
  rssBytes(): Promise<number>;
  /** SIGTERM, then waits for it to exit; resolves with its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no drain, no clean close. Resolves once it is gone. */
  kill(): Promise<void>;
}

/**
 * Starts `node dist/src/main.js` with `env` (on top of the tests' own, without their database)
 * on a free loopback port; resolves once it serves (it must log at info or below to say so). Rate
 * limits and the cap of requests in flight per address are off unless `env` sets them: load from
 * one address would otherwise be limited as an abuser.
 */
export function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["dist/src/main.js"], {
    cwd: PROJECT_ROOT,
    env: processEnv({ PORT: "0", LOG_LEVEL: "info", RATE_LIMIT_PER_MINUTE: "0", RATE_LIMIT_PER_MINUTE_WITH_KEY: "0", MAX_REQUESTS_IN_FLIGHT_PER_CLIENT: "0", ...env }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: string) => {
    output += chunk;
    // A request logs a line: under load, keep the last of them only.
    if (output.length > MAX_KEPT_LOG_CHARS) output = output.slice(-MAX_KEPT_LOG_CHARS / 2);
  };
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stdout.setEncoding("utf8").on("data", keep);
  child.stderr.setEncoding("utf8").on("data", keep);
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const started = setInterval(() => {
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/graphql".*"msg":"Interview Graph is serving"/.exec(output)?.[1];
      if (!url) {
        if (Date.now() - startedAt > START_TIMEOUT_MS) {
          clearInterval(started);
          child.kill("SIGKILL");
          reject(new Error(`the gateway did not serve within ${START_TIMEOUT_MS} ms:\n${output}`));
        }
        return;
      }
      clearInterval(started);
      const pid = child.pid ?? 0;
      resolve({
        url,
        pid,
        logs: () => output,
        rssBytes: async () => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) * 1024,
        stop: () => (child.kill("SIGTERM"), exited),
        kill: async () => {
          child.kill("SIGKILL");
          await exited;
        },
      });
    }, 50);
    void exited.then((code) => {
      clearInterval(started);
      reject(new Error(`the gateway exited (code ${code}) before serving:\n${output}`));
    });
  });
}
