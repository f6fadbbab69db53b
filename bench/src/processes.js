import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs a command to its end; resolves with its stdout, rejects with its stderr's tail when it
 * fails. `inherit: true` shows its output as it runs.
 */
export function run(command, args, { cwd, env, inherit = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", inherit ? "inherit" : "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}\n${stderr.slice(-3000)}`));
    });
  });
}

/**
 * A long-running server process. Its output is kept (the last 20 kB) to explain a failure;
 * `stop()` sends SIGTERM, then SIGKILL if it lingers.
 */
export class ServerProcess {
  constructor(name, command, args, { cwd, env }) {
    this.name = name;
    this.output = "";
    this.exited = false;
    this.child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (chunk) => (this.output = (this.output + chunk).slice(-20_000));
    this.child.stdout.on("data", keep);
    this.child.stderr.on("data", keep);
    this.closed = new Promise((resolve) => this.child.once("close", (code, signal) => {
      this.exited = true;
      resolve({ code, signal });
    }));
  }

  get pid() {
    return this.child.pid;
  }

  /** Waits until `probe()` resolves true (polling), or fails when the process exits or time runs out. */
  async waitReady(probe, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`${this.name} exited before it was ready:\n${this.output}`);
      if (await probe().catch(() => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} was not ready after ${timeoutMs / 1000} s:\n${this.output}`);
  }

  async stop() {
    if (this.exited) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
    await this.closed;
    clearTimeout(timer);
  }
}
