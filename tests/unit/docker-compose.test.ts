/**
 * Docker's engine does not run on our machines, so docker-compose.yml and the Dockerfile are kept
 * honest here, by reading them: the wiring between the two services, the variables the gateway
 * reads, ports, health checks, and what the image runs. No database needed.
 */
import * as fs from "fs";
import * as path from "path";
import ts from "typescript";
import { parse } from "yaml";
import { ENVIRONMENT_VARIABLES } from "../../src/config";

const ROOT = path.join(__dirname, "..", "..");
const COMPOSE_FILE = path.join(ROOT, "docker-compose.yml");

/** Exactly the environment variables the gateway reads (src/config.ts). */
const GATEWAY_ENV_VARS = new Set(ENVIRONMENT_VARIABLES);

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function dict(value: unknown, what: string): Dict {
  if (!isDict(value)) throw new Error(`${what}: expected a mapping, got ${JSON.stringify(value)}`);
  return value;
}

function scalar(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  throw new Error(`expected a scalar, got ${JSON.stringify(value)}`);
}

/** A service's `environment`, in either of compose's forms (mapping, or list of KEY=VALUE). */
function environmentOf(service: Dict): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  const raw = service.environment;
  if (raw === undefined) return env;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const text = scalar(entry) ?? "";
      const eq = text.indexOf("=");
      if (eq === -1) env.set(text, undefined);
      else env.set(text.slice(0, eq), text.slice(eq + 1));
    }
  } else {
    for (const [key, value] of Object.entries(dict(raw, "environment"))) env.set(key, scalar(value));
  }
  return env;
}

/** A healthcheck's `test` as one string (both the list and the string form). */
function healthcheckCommand(service: Dict): string {
  const healthcheck = dict(service.healthcheck, "healthcheck");
  expect(healthcheck.disable).not.toBe(true);
  const test = healthcheck.test;
  const parts = Array.isArray(test) ? test.map((part) => scalar(part) ?? "") : [scalar(test) ?? ""];
  expect(parts[0]).not.toBe("NONE");
  return parts.join(" ");
}

/** Container ports a service publishes, from short ("[IP:]HOST:CONTAINER[/proto]") or long syntax. */
function publishedPorts(service: Dict): { host: number | undefined; container: number }[] {
  const ports = service.ports;
  if (!Array.isArray(ports)) return [];
  return ports.map((entry) => {
    if (isDict(entry)) {
      const published = scalar(entry.published);
      return {
        host: published === undefined ? undefined : Number(published),
        container: Number(scalar(entry.target)),
      };
    }
    const parts = (scalar(entry) ?? "").replace(/\/(tcp|udp)$/, "").split(":");
    const container = Number(parts[parts.length - 1]);
    const host = parts.length >= 2 ? Number(parts[parts.length - 2]) : undefined;
    return { host, container };
  });
}

// ---- Dockerfile reading --------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions of a Dockerfile: comments dropped, continuation lines joined. */
function dockerfileInstructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = "";
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue; // comments (and parser directives) may sit inside continuations
    if (/\\\s*$/.test(line)) {
      current += line.replace(/\\\s*$/, " ");
      continue;
    }
    current += line;
    if (current.trim() !== "") logical.push(current.trim());
    current = "";
  }
  if (current.trim() !== "") logical.push(current.trim());
  return logical.map((line) => {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) throw new Error(`unreadable Dockerfile line: ${line}`);
    return { keyword: (match[1] ?? "").toUpperCase(), args: match[2] ?? "" };
  });
}

/** The instructions of the last stage: what the image that runs actually is. */
function finalStage(instructions: Instruction[]): Instruction[] {
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf("FROM");
  if (lastFrom === -1) throw new Error("Dockerfile has no FROM");
  return instructions.slice(lastFrom);
}

/** CMD/ENTRYPOINT arguments: exec form (JSON array) as is, shell form as /bin/sh -c. */
function commandArgv(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith("[")) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string")) {
      throw new Error(`CMD is not a JSON array of strings: ${trimmed}`);
    }
    return parsed;
  }
  return ["/bin/sh", "-c", trimmed];
}

/** What `npm run build` emits for src/main.ts, relative to the project root. */
function builtEntryPoint(): string {
  const pkg = dict(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")), "package.json");
  const build = scalar(dict(pkg.scripts ?? {}, "scripts").build) ?? "";
  const project = /(?:^|\s)(?:-p|--project)\s+(\S+)/.exec(build)?.[1] ?? "tsconfig.json";
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, project), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error(`cannot read ${project}`);
  const { outDir, rootDir } = parsed.options;
  if (!outDir) throw new Error(`${project} has no outDir`);
  const source = path.join(ROOT, "src", "main.ts");
  const emitted = path.join(outDir, path.relative(rootDir ?? ROOT, source)).replace(/\.ts$/, ".js");
  return path.relative(ROOT, emitted).split(path.sep).join("/");
}

// ---- the files under test -------------------------------------------------------------

const compose = dict(parse(fs.readFileSync(COMPOSE_FILE, "utf8")), "docker-compose.yml");
const services = dict(compose.services, "services");
const gateway = dict(services.gateway, "services.gateway");
const gatewayEnv = environmentOf(gateway);

/** A service by name. */
function service(name: string): Dict {
  return dict(services[name], `services.${name}`);
}

/** The primary database and its replica: both run the postgres image. */
const dbServiceName = "postgres";
const dbService = service(dbServiceName);
const dbEnv = environmentOf(dbService);
const replicaServiceName = "postgres-replica";
const replicaService = service(replicaServiceName);
const replicaEnv = environmentOf(replicaService);
const redisService = service("redis");

/** The host paths a service mounts, by the path they are mounted at. */
function bindMounts(entry: Dict): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const volume of Array.isArray(entry.volumes) ? entry.volumes : []) {
    const text = isDict(volume) ? `${scalar(volume.source) ?? ""}:${scalar(volume.target) ?? ""}` : (scalar(volume) ?? "");
    const [source = "", target = ""] = text.split(":");
    if (source.startsWith(".")) mounts.set(target, source);
  }
  return mounts;
}

/** The Dockerfile compose builds the gateway from (honouring build.context / build.dockerfile). */
const dockerfilePath = ((): string => {
  const build = gateway.build;
  if (typeof build === "string") return path.join(ROOT, build, "Dockerfile");
  const spec = dict(build, "services.gateway.build");
  const context = path.join(ROOT, scalar(spec.context) ?? ".");
  return path.join(context, scalar(spec.dockerfile) ?? "Dockerfile");
})();

function readDockerfile(): Instruction[] {
  return dockerfileInstructions(fs.readFileSync(dockerfilePath, "utf8"));
}

describe("docker-compose.yml", () => {
  it("names the services the stack is made of: a primary, its replica, Redis and the gateway", () => {
    expect(Object.keys(services).sort()).toEqual(["gateway", "postgres", "postgres-replica", "redis"]);
    expect(scalar(dbService.image)).toMatch(/^postgres:15(\.|-|$)/);
    expect(scalar(replicaService.image)).toBe(scalar(dbService.image));
    expect(scalar(redisService.image)).toMatch(/^redis:\d/);
    expect(gateway.build).toBeDefined();
  });

  it("starts the gateway only once the primary, the replica and Redis are healthy", () => {
    // The short (list) form of depends_on only waits for the container to start.
    const dependsOn = dict(gateway.depends_on, "services.gateway.depends_on");
    for (const name of [dbServiceName, replicaServiceName, "redis"]) {
      expect(dict(dependsOn[name], `depends_on.${name}`).condition).toBe("service_healthy");
    }
    // The replica's base backup needs a primary that answers.
    expect(dict(dict(replicaService.depends_on, "replica.depends_on")[dbServiceName], "replica.depends_on.postgres").condition).toBe("service_healthy");
  });

  it("points DATABASE_REPLICA_URLS at the replica, with the primary's credentials and database (it is a copy)", () => {
    const primary = new URL(gatewayEnv.get("DATABASE_URL") ?? "");
    const replicas = (gatewayEnv.get("DATABASE_REPLICA_URLS") ?? "").split(",").map((url) => new URL(url.trim()));
    expect(replicas.map((url) => url.hostname)).toEqual([replicaServiceName]);
    for (const replica of replicas) {
      expect(replica.port === "" ? 5432 : Number(replica.port)).toBe(5432);
      expect([replica.username, replica.password, replica.pathname]).toEqual([primary.username, primary.password, primary.pathname]);
    }
  });

  it("points REDIS_URL at the Redis service", () => {
    const url = new URL(gatewayEnv.get("REDIS_URL") ?? "");
    expect(url.protocol).toBe("redis:");
    expect(url.hostname).toBe("redis");
    expect(url.port === "" ? 6379 : Number(url.port)).toBe(6379);
    expect(healthcheckCommand(redisService)).toMatch(/redis-cli ping/);
  });

  it("makes the replica a streaming standby of the primary with the scripts of deploy/", () => {
    // The primary creates the replication role when its data directory is made...
    const primaryMounts = bindMounts(dbService);
    const init = [...primaryMounts].find(([target]) => target.startsWith("/docker-entrypoint-initdb.d/"));
    expect(init).toBeDefined();
    const initScript = fs.readFileSync(path.join(ROOT, init?.[1] ?? ""), "utf8");
    expect(initScript).toMatch(/WITH REPLICATION LOGIN/);
    expect(initScript).toMatch(/host replication \$\{REPLICATION_USER\}/);
    // ...and the replica streams from it, as that role.
    const entrypoint = (Array.isArray(replicaService.entrypoint) ? replicaService.entrypoint : []).map((part) => scalar(part) ?? "");
    const script = bindMounts(replicaService).get(entrypoint.at(-1) ?? "");
    expect(script).toBeDefined();
    const replicaScript = fs.readFileSync(path.join(ROOT, script ?? ""), "utf8");
    expect(replicaScript).toMatch(/pg_basebackup .*-R/);
    expect(replicaScript).toMatch(/hot_standby=on/);
    expect(replicaEnv.get("PRIMARY_HOST")).toBe(dbServiceName);
    expect(replicaEnv.get("REPLICATION_USER")).toBe(dbEnv.get("REPLICATION_USER"));
    expect(replicaEnv.get("REPLICATION_PASSWORD")).toBe(dbEnv.get("REPLICATION_PASSWORD"));
    expect(scalar(replicaService.user)).toBe("postgres");
    expect(healthcheckCommand(replicaService)).toMatch(/\bpg_isready\b/);
  });

  it("points the gateway's DATABASE_URL at the postgres service with its credentials", () => {
    const raw = gatewayEnv.get("DATABASE_URL");
    expect(raw).toBeDefined();
    const url = new URL(raw ?? "");
    expect(["postgres:", "postgresql:"]).toContain(url.protocol);
    expect(url.hostname).toBe(dbServiceName);
    // The official image listens on 5432 inside the compose network.
    expect(url.port === "" ? 5432 : Number(url.port)).toBe(5432);
    // The official image's defaults: user "postgres", database named after the user.
    const user = dbEnv.get("POSTGRES_USER") ?? "postgres";
    const database = dbEnv.get("POSTGRES_DB") ?? user;
    const password = dbEnv.get("POSTGRES_PASSWORD");
    expect(password).toBeTruthy(); // the image refuses to start without one
    expect(decodeURIComponent(url.username)).toBe(user);
    expect(decodeURIComponent(url.password)).toBe(password);
    expect(decodeURIComponent(url.pathname.replace(/^\//, ""))).toBe(database);
  });

  it("gives the gateway only variables it reads (a typo fails here)", () => {
    const unknown = [...gatewayEnv.keys()].filter((key) => !GATEWAY_ENV_VARS.has(key));
    expect(unknown).toEqual([]);
    // An env_file would hide its keys from this check.
    expect(gateway.env_file).toBeUndefined();
    for (const key of ["DATABASE_URL", "DATABASE_REPLICA_URLS", "REDIS_URL", "PORT", "MIGRATE_ON_START", "LOAD_CONTENT_ON_EMPTY"]) {
      expect(gatewayEnv.get(key)).toBeTruthy();
    }
    expect(gatewayEnv.get("MIGRATE_ON_START")).toBe("true");
    expect(gatewayEnv.get("LOAD_CONTENT_ON_EMPTY")).toBe("true");
  });

  it("publishes the port the gateway listens on", () => {
    const port = Number(gatewayEnv.get("PORT"));
    expect(Number.isInteger(port)).toBe(true);
    const ports = publishedPorts(gateway);
    expect(ports.length).toBeGreaterThan(0);
    expect(ports.map((p) => p.container)).toEqual(ports.map(() => port));
    expect(ports.map((p) => p.host)).toContain(port);
  });

  it("health-checks postgres with pg_isready for its own user and database", () => {
    const command = healthcheckCommand(dbService);
    expect(command).toMatch(/\bpg_isready\b/);
    const user = dbEnv.get("POSTGRES_USER") ?? "postgres";
    const userFlag = /(?:-U|--username)[=\s]+(\S+)/.exec(command)?.[1];
    if (userFlag !== undefined && !userFlag.includes("$")) expect(userFlag).toBe(user);
  });

  it("health-checks the gateway on /readyz at its own port", () => {
    const command = healthcheckCommand(gateway);
    expect(command).toMatch(/\/readyz\b/);
    // A literal port in the URL must be the gateway's PORT (process.env.PORT is fine too).
    const literalPort = /:(\d+)\/readyz/.exec(command)?.[1];
    if (literalPort !== undefined) expect(Number(literalPort)).toBe(Number(gatewayEnv.get("PORT")));
    // No curl/wget in node:*-slim: the probe must use a binary the image has.
    expect(command).not.toMatch(/\b(curl|wget)\b/);
  });

  it("does not run the gateway as root or replace the image's command", () => {
    const user = scalar(gateway.user);
    if (user !== undefined) expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(gateway.command).toBeUndefined();
    expect(gateway.entrypoint).toBeUndefined();
  });

  it.each([dbServiceName, replicaServiceName])("keeps %s's data in a named volume of its own", (name) => {
    const entry = service(name);
    const volumes = Array.isArray(entry.volumes) ? entry.volumes : [];
    const named = dict(compose.volumes ?? {}, "volumes");
    const dataVolume = volumes
      .map((v) => (isDict(v) ? `${scalar(v.source) ?? ""}:${scalar(v.target) ?? ""}` : (scalar(v) ?? "")))
      .find((v) => v.split(":")[1] === "/var/lib/postgresql/data");
    expect(dataVolume).toBeDefined();
    expect(Object.keys(named)).toContain((dataVolume ?? "").split(":")[0]);
    const other = name === dbServiceName ? replicaService : dbService;
    expect(JSON.stringify(other.volumes)).not.toContain(`"${(dataVolume ?? "").split(":")[0]}:`);
  });
});

describe("Dockerfile", () => {
  it("exists where compose builds the gateway from", () => {
    expect(fs.existsSync(dockerfilePath)).toBe(true);
  });

  it("runs the compiled entry point with node (CMD)", () => {
    const stage = finalStage(readDockerfile());
    const cmds = stage.filter((i) => i.keyword === "CMD");
    expect(cmds.length).toBeGreaterThan(0);
    const argv = commandArgv((cmds[cmds.length - 1] as Instruction).args);
    expect(argv[0]).toBe("node");
    expect(argv.slice(1)).toContain("dist/src/main.js");
    // An ENTRYPOINT of our own would turn that CMD into mere arguments.
    expect(stage.filter((i) => i.keyword === "ENTRYPOINT")).toEqual([]);
  });

  it("runs what `npm run build` emits for src/main.ts", () => {
    expect(builtEntryPoint()).toBe("dist/src/main.js");
  });

  it("runs as a non-root USER", () => {
    const users = finalStage(readDockerfile()).filter((i) => i.keyword === "USER");
    expect(users.length).toBeGreaterThan(0);
    const user = (users[users.length - 1] as Instruction).args.trim();
    expect(user).not.toBe("");
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it("sets and exposes the same PORT as compose, and health-checks /healthz", () => {
    const stage = finalStage(readDockerfile());
    const env = stage
      .filter((i) => i.keyword === "ENV")
      .map((i) => i.args)
      .join(" ");
    const port = /(?:^|\s)PORT[=\s]+(\d+)/.exec(env)?.[1];
    expect(port).toBe(gatewayEnv.get("PORT"));
    const exposed = stage
      .filter((i) => i.keyword === "EXPOSE")
      .flatMap((i) => i.args.split(/\s+/))
      .map((p) => p.replace(/\/(tcp|udp)$/, ""));
    expect(exposed).toContain(port);
    const healthchecks = stage.filter((i) => i.keyword === "HEALTHCHECK");
    expect(healthchecks.length).toBeGreaterThan(0);
    expect((healthchecks[healthchecks.length - 1] as Instruction).args).toMatch(/\/healthz\b/);
  });

  it("ships the compiled code, the content and the GraphQL schema in the final image", () => {
    const copies = finalStage(readDockerfile())
      .filter((i) => i.keyword === "COPY")
      .map((i) => i.args);
    expect(copies.some((args) => /--from=\S+/.test(args) && /(^|\s)\S*dist\/?\s/.test(args))).toBe(true);
    expect(copies.some((args) => /(^|\s)content\/?\s/.test(args))).toBe(true);
    expect(copies.some((args) => /(^|\s)schema\/?\s/.test(args))).toBe(true);
  });
});
