/**
 * The client suite (clients/, a package of its own): Apollo Client, Relay, urql,
 * graphql-request, GraphQL Code Generator, graphql-http's audit and a browser on another origin,
 * each with its default setup, against gateway processes built from this tree (dist/, which the
 * global setup builds). Run here so that `npm test` includes it, on the database the tests run
 * on: a database of its own on DATABASE_URL's server, else embedded ones in memory. Its
 * dependencies are installed on first use (`npm ci` in clients/), as the README says.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/project";
import { requirePackage } from "../support/system-packages";
import { createTestConfig } from "../support/test-database";

const CLIENTS = join(PROJECT_ROOT, "clients");

jest.setTimeout(420_000);

/** Runs a command in clients/, resolving with its exit code and everything it printed. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: CLIENTS, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

it("passes: every client and tool gets what it expects from the gateway, with its default setup", async () => {
  // Its browser test drives Debian's Chromium.
  requirePackage("chromium");
  if (!existsSync(join(CLIENTS, "node_modules", ".package-lock.json"))) {
    const install = await run("npm", ["ci", "--no-audit", "--no-fund"], process.env, 300_000);
    if (install.code !== 0) throw new Error(`npm ci in clients/ failed:\n${install.output.slice(-4000)}`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  let drop = async (): Promise<void> => {};
  if (process.env.DATABASE_URL) {
    const database = await createTestConfig();
    env.DATABASE_URL = database.config.databaseUrl;
    drop = database.drop;
  }
  try {
    const suite = await run(process.execPath, ["--test", "--test-reporter=spec", "test/all.test.mjs"], env, 360_000);
    if (suite.code !== 0) throw new Error(`the client suite failed (exit ${suite.code}):\n${suite.output.slice(-12_000)}`);
    expect(suite.output).toMatch(/pass \d+/);
    expect(suite.output).toMatch(/fail 0/);
  } finally {
    await drop();
  }
});
