import { execFile } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/project";

/** A server of the tests' own (PostgreSQL or Redis), started by the project's scripts. */
export interface TestService {
  url: string;
  /** Stops it, keeping its data: an outage. */
  halt(): Promise<void>;
  /** Starts it again on the same port. */
  resume(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

function script(name: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("bash", [join(PROJECT_ROOT, "scripts", name), ...args], { cwd: PROJECT_ROOT, timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${name} ${args.join(" ")} failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

function exported(stdout: string, name: string): string {
  const match = new RegExp(`^export ${name}=(.*)$`, "m").exec(stdout);
  if (!match?.[1]) throw new Error(`no ${name} in: ${stdout}`);
  return match[1].replace(/^'(.*)'$/, "$1");
}

function service(scriptName: string, url: string, dir: string): TestService {
  return {
    url,
    halt: async () => void (await script(scriptName, ["halt", dir])),
    resume: async () => void (await script(scriptName, ["resume", dir])),
    stop: async () => void (await script(scriptName, ["stop", dir])),
  };
}

/** A PostgreSQL 15 cluster of its own (scripts/pg-cluster.sh). */
export async function startPostgres(): Promise<TestService> {
  const out = await script("pg-cluster.sh", ["start"]);
  return service("pg-cluster.sh", exported(out, "DATABASE_URL"), exported(out, "PG_CLUSTER_DIR"));
}

/** A hot standby streaming from `primaryUrl` (pg_basebackup -R), on a port of its own. */
export async function startStandby(primaryUrl: string): Promise<TestService> {
  const out = await script("pg-cluster.sh", ["start-standby", primaryUrl]);
  return service("pg-cluster.sh", exported(out, "REPLICA_URL"), exported(out, "PG_STANDBY_DIR"));
}

/** A Redis of its own (scripts/redis-server.sh). */
export async function startRedis(): Promise<TestService> {
  const out = await script("redis-server.sh", ["start"]);
  return service("redis-server.sh", exported(out, "REDIS_URL"), exported(out, "REDIS_DIR"));
}

/** Polls `check` until it holds (bounded: a condition that never comes fails the test). */
export async function eventually(check: () => Promise<boolean>, what: string, attempts = 100, intervalMs = 100): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what}: not after ${attempts} attempts`);
}
