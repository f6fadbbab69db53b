/**
 * The commands of the contract, run as their own processes from the tsc build, as people run
 * them: `npm run migrate` (dist/src/cli/migrate.js) and `npm run ingest -- FILE...`
 * (dist/src/cli/ingest.js). Each test has a database of its own: a new database on the server
 * when DATABASE_URL is set, else an embedded data folder that the commands and the test share
 * (never at the same time: PGlite holds its folder while open).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config } from "../../src/config";
import { type Database, MIGRATIONS as MIGRATION_CLASSES, openDatabase } from "../../src/db/database";
import { CONTENT_DIR, PROJECT_ROOT } from "../../src/project";
import { parse, stringify } from "yaml";
import { authenticate } from "../../src/api-keys/auth";
import { contentDump, snapshot } from "../support/bundles";
import { openTestApi } from "../support/api";
import { ApiKeyRole, createKey } from "../support/keys";
import { createTestConfig, silentLogger } from "../support/test-database";
import { FEATURES } from "../../src/features";

/** Opening a new embedded data folder runs initdb on disk: slow on small machines. */
jest.setTimeout(180_000);

/** Every migration, in order: what `npm run migrate` applies to an empty database. */
const MIGRATIONS = MIGRATION_CLASSES.map((migration) => migration.name);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (bounded), collecting its output. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A database of one test's own, with the environment that points the commands at it. */
interface Target {
  config: Config;
  env: NodeJS.ProcessEnv;
  /** A scratch folder for bundles (and, embedded, the data folder). */
  dir: string;
  migrate(): Promise<Run>;
  ingest(...files: string[]): Promise<Run>;
  apikey(...args: string[]): Promise<Run>;
  /** Opens the database in this process (embedded: only while no command runs), runs `work`, closes it. */
  inspect<T>(work: (database: Database) => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

async function newTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), "ig-cli-"));
  const { config, drop } = await createTestConfig(process.env.DATABASE_URL ? {} : { pgliteDataDir: join(dir, "pglite") });
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", NODE_ENV: "test" };
  delete env.DATABASE_REPLICA_URLS;
  if (config.databaseUrl !== undefined) env.DATABASE_URL = config.databaseUrl;
  else {
    delete env.DATABASE_URL;
    env.PGLITE_DATA_DIR = config.pgliteDataDir;
  }
  return {
    config,
    env,
    dir,
    migrate: () => run(process.execPath, ["dist/src/cli/migrate.js"], env),
    ingest: (...files) => run(process.execPath, ["dist/src/cli/ingest.js", ...files], env),
    apikey: (...args) => run(process.execPath, ["dist/src/cli/apikey.js", ...args], env),
    inspect: async (work) => {
      const database = await openDatabase(config, silentLogger, FEATURES.entities);
      try {
        return await work(database);
      } finally {
        await database.close();
      }
    },
    cleanup: async () => {
      try {
        await drop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Runs `test` with a fresh target, always cleaned up. */
async function withTarget(test: (target: Target) => Promise<void>): Promise<void> {
  const target = await newTarget();
  try {
    await test(target);
  } finally {
    await target.cleanup();
  }
}

const GOOD_BODY = [
  "Grace Tester on building widgets. Edited for length.",
  "",
  "I have built widgets at Acme Widgets since March 2019.",
  "",
  "Testing is how we learn what the code really does. Nobody ships here without a test.",
  "",
].join("\n");

/** A bundle no database has seen: a person, a company, a topic, a career step and two quotes. */
async function writeGoodBundle(dir: string): Promise<string> {
  await writeFile(join(dir, "grace.txt"), GOOD_BODY, "utf8");
  const file = join(dir, "grace.yaml");
  await writeFile(
    file,
    `source:
  slug: grace-tester-interview
  title: "Grace Tester on widgets"
  kind: INTERVIEW
  narrator: grace-tester
  bodyFile: grace.txt
people:
  - { slug: grace-tester, name: Grace Tester, headline: "Engineer at Acme Widgets" }
companies:
  - { slug: acme-widgets, name: Acme Widgets, website: "https://acme.example" }
topics:
  - { slug: testing, name: Testing }
careerSteps:
  - person: grace-tester
    company: acme-widgets
    title: Engineer
    start: "2019-03"
    end: ".."
    evidence: "I have built widgets at Acme Widgets since March 2019."
quotes:
  - { speaker: grace-tester, text: "Testing is how we learn what the code really does.", topics: [testing] }
  - { speaker: grace-tester, text: "Nobody ships here without a test.", topics: [testing], companies: [] }
`,
    "utf8",
  );
  return file;
}

/**
 * A bundle with two problems of different kinds: quotes[1] is not in the body, and
 * careerSteps[0] names a company that neither it nor the database declares. Its person and
 * source are new, so anything written would show.
 */
async function writeBadBundle(dir: string, extraQuoteKey = false): Promise<string> {
  await writeFile(join(dir, "bad.txt"), "Hedy Broken speaks. I worked at Globex for a while. That is all.\n", "utf8");
  const file = join(dir, "bad.yaml");
  await writeFile(
    file,
    `source:
  slug: hedy-broken-interview
  title: "Hedy Broken"
  kind: INTERVIEW
  bodyFile: bad.txt
people:
  - { slug: hedy-broken, name: Hedy Broken }
careerSteps:
  - { person: hedy-broken, company: globex, evidence: "I worked at Globex for a while." }
quotes:
  - { speaker: hedy-broken, text: "That is all."${extraQuoteKey ? ", mood: cheerful" : ""} }
  - { speaker: hedy-broken, text: "This sentence is nowhere in the body." }
`,
    "utf8",
  );
  return file;
}

/** A bundle whose only problem is an unknown key. */
async function writeUnknownKeyBundle(dir: string): Promise<string> {
  await writeFile(join(dir, "typo.txt"), "Ida Typo speaks here.\n", "utf8");
  const file = join(dir, "typo.yaml");
  await writeFile(
    file,
    `source: { slug: ida-typo-interview, title: Ida Typo, kind: INTERVIEW, bodyFile: typo.txt }
people:
  - { slug: ida-typo, name: Ida Typo, nickname: Ty }
`,
    "utf8",
  );
  return file;
}

/** The slugs of every row of the kinds a bundle writes. */
async function slugs(database: Database): Promise<string[]> {
  const rows = await database.dataSource.query<Array<{ s: string }>>(
    `select 'person:' || slug as s from people union all select 'company:' || slug from companies
     union all select 'topic:' || slug from topics union all select 'source:' || slug from sources order by 1`,
  );
  return rows.map((row) => row.s);
}

// The commands run from the tsc build (dist/), made once for the whole run by tests/global-setup.js.

describe("migrate and ingest, as commands", () => {
  it("ingest refuses an unmigrated database; migrate applies the migrations, then has nothing to do", () =>
    withTarget(async (target) => {
      const early = await target.ingest(await writeGoodBundle(target.dir));
      expect(early.code).toBe(1);
      expect(early.stderr).toMatch(/pending migrations/);
      for (const migration of MIGRATIONS) expect(early.stderr).toContain(migration);
      expect(early.stderr).toContain("npm run migrate");
      expect(early.stdout).toBe("");

      const first = await target.migrate();
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      expect(first.stdout.trim()).toBe(`applied: ${MIGRATIONS.join(", ")}`);

      const second = await target.migrate();
      expect(second.code).toBe(0);
      expect(second.stdout.trim()).toBe("no pending migrations");

      // Now the same bundle goes in: the refusal was the migrations' doing, not the bundle's.
      const late = await target.ingest(await writeGoodBundle(target.dir));
      expect(late.code).toBe(0);
    }));

  it("ingests a bundle it never saw, then finds it unchanged", () =>
    withTarget(async (target) => {
      expect((await target.migrate()).code).toBe(0);
      const file = await writeGoodBundle(target.dir);

      const first = await target.ingest(file);
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      const lines = first.stdout.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(
        `${file} (source grace-tester-interview): sources 1 created, 0 updated, 0 unchanged; people 1 created, 0 updated, 0 unchanged; ` +
          "companies 1 created, 0 updated, 0 unchanged; topics 1 created, 0 updated, 0 unchanged; " +
          "careerSteps 1 created, 0 updated, 0 unchanged; quotes 2 created, 0 updated, 0 unchanged",
      );
      expect(first.stdout).toContain("quotes 2 created");

      const second = await target.ingest(file);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain("sources 0 created, 0 updated, 1 unchanged");
      expect(second.stdout).toContain("careerSteps 0 created, 0 updated, 1 unchanged");
      expect(second.stdout).toContain("quotes 0 created, 0 updated, 2 unchanged");
      expect(second.stdout).not.toMatch(/[1-9]\d* (created|updated|removed)/);

      await target.inspect(async (database) => {
        expect(await slugs(database)).toEqual(["company:acme-widgets", "person:grace-tester", "source:grace-tester-interview", "topic:testing"]);
        const quotes = await database.dataSource.query<Array<{ text: string; span_start: number; span_end: number }>>(
          "select text, span_start, span_end from quotes order by span_start",
        );
        expect(quotes.map((quote) => quote.text)).toEqual(["Testing is how we learn what the code really does.", "Nobody ships here without a test."]);
        for (const quote of quotes) expect([...GOOD_BODY].slice(quote.span_start, quote.span_end).join("")).toBe(quote.text);
      });
    }));

  it("rejects bad bundles, listing every problem with its path, and writes nothing", () =>
    withTarget(async (target) => {
      expect((await target.migrate()).code).toBe(0);
      const before = await target.inspect((database) => snapshot(database.dataSource));

      const bad = await writeBadBundle(target.dir);
      const typo = await writeUnknownKeyBundle(target.dir);
      const result = await target.ingest(bad, typo);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      const lines = result.stderr.trim().split("\n");
      expect(lines).toContain(`error: ${typo}: people[0].nickname: unknown key`);
      expect(lines.some((line) => line.startsWith(`error: ${bad}: quotes[1].text: not found verbatim in the body`))).toBe(true);
      expect(lines.some((line) => line.startsWith(`error: ${bad}: careerSteps[0].company: unknown company "globex"`))).toBe(true);
      expect(lines.filter((line) => line.startsWith("error: "))).toHaveLength(3);
      expect(lines.at(-1)).toBe("rejected: 3 error(s); nothing was written");

      const after = await target.inspect((database) => snapshot(database.dataSource));
      expect(after).toEqual(before);
    }));

  // An unknown key is reported and set aside, so it does not hide the bundle's other problems.
  it("lists every problem of one bundle, its unknown key included", () =>
    withTarget(async (target) => {
      expect((await target.migrate()).code).toBe(0);
      const bad = await writeBadBundle(target.dir, true);
      const result = await target.ingest(bad);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${bad}: quotes[0].mood: unknown key`);
      expect(result.stderr).toContain(`${bad}: quotes[1].text: not found verbatim in the body`);
      expect(result.stderr).toContain(`${bad}: careerSteps[0].company: unknown company`);
      expect(result.stderr.trim().split("\n").at(-1)).toBe("rejected: 3 error(s); nothing was written");
    }));

  it("writes neither bundle when a good one comes with a bad one", () =>
    withTarget(async (target) => {
      expect((await target.migrate()).code).toBe(0);
      const good = await writeGoodBundle(target.dir);
      const bad = await writeBadBundle(target.dir);

      const together = await target.ingest(good, bad);
      expect(together.code).toBe(1);
      expect(together.stderr).not.toContain(`${good}:`);
      expect(together.stderr).toContain(`${bad}: quotes[1].text`);
      expect(together.stderr.trim().split("\n").at(-1)).toMatch(/nothing was written$/);
      await target.inspect(async (database) => {
        expect(await slugs(database)).toEqual([]);
        expect(await database.dataSource.query("select count(*)::int as n from quotes")).toEqual([{ n: 0 }]);
      });

      // On its own the good bundle goes in: it was the bad one that stopped both.
      const alone = await target.ingest(good);
      expect(alone.code).toBe(0);
      await target.inspect(async (database) => {
        expect(await slugs(database)).toContain("source:grace-tester-interview");
      });
    }));
});

describe("apikey, as a command", () => {
  it("creates a key shown once, lists it, revokes it by prefix; each write audited as the command line's", () =>
    withTarget(async (target) => {
      expect((await target.migrate()).code).toBe(0);
      const created = await target.apikey("create", "--role", "ADMIN", "--label", "ops");
      expect(created.stderr).toBe("");
      expect(created.code).toBe(0);
      const secret = /secret \(shown once; only its hash is kept\): (ig_\S+)/.exec(created.stdout)?.[1] ?? "";
      expect(secret).toMatch(/^ig_[A-Za-z0-9_-]{43}$/);
      expect(created.stdout).toContain(`Authorization: Bearer ${secret}`);

      const listed = await target.apikey("list");
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(`${secret.slice(0, 8)}…  ADMIN   valid, never used`);
      expect(listed.stdout).not.toContain(secret);

      await target.inspect(async (database) => {
        const viewer = await authenticate(database.dataSource, `Bearer ${secret}`);
        expect(viewer).toMatchObject({ role: "ADMIN", label: "ops" });
      });

      const revoked = await target.apikey("revoke", secret.slice(0, 8));
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toMatch(/^revoked key "ops"/);
      expect((await target.apikey("list")).stdout).toMatch(/ADMIN {3}revoked /);

      await target.inspect(async (database) => {
        await expect(authenticate(database.dataSource, `Bearer ${secret}`)).rejects.toThrow("unknown or revoked API key");
        const events = await database.dataSource.query<Array<{ actor: string; operation: string }>>("SELECT actor, operation FROM audit_events ORDER BY id");
        expect(events).toEqual([
          { actor: "CLI", operation: "createApiKey" },
          { actor: "CLI", operation: "revokeApiKey" },
        ]);
      });
    }));

  it.each([
    [[], "no command given"],
    [["create", "--role", "ROOT", "--label", "x"], "--role must be EDITOR or ADMIN"],
    [["create", "--role", "EDITOR"], "--label must be 1 to 100 characters"],
    [["revoke"], "revoke takes one key"],
    [["delete", "x"], 'unknown command "delete"'],
  ])("refuses %j with its usage and exit code 2, touching no database", async (args, message) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" };
    delete env.DATABASE_REPLICA_URLS;
    const result = await run(process.execPath, ["dist/src/cli/apikey.js", ...args], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("usage: npm run apikey -- create --role EDITOR|ADMIN --label TEXT");
    expect(result.stderr).not.toMatch(/ECONNREFUSED/);
  });
});

describe("an import through the API and through the CLI", () => {
  it("leave identical databases", () =>
    withTarget(async (target) => {
      expect((await target.migrate()).code).toBe(0);
      expect((await target.ingest(join(CONTENT_DIR, "openai-engineer-as-told-to.yaml"))).code).toBe(0);
      const byCli = await target.inspect((database) => contentDump(database.dataSource));

      const api = await openTestApi();
      try {
        const { viewer } = await createKey(api.db.dataSource, ApiKeyRole.EDITOR);
        const bundle = parse(await readFile(join(CONTENT_DIR, "openai-engineer-as-told-to.yaml"), "utf8")) as { source: Record<string, unknown> };
        const { bodyFile, ...source } = bundle.source;
        const body = await readFile(join(CONTENT_DIR, String(bodyFile)), "utf8");
        const reply = await api.run(`mutation ($bundle: String!) { importInterview(bundle: $bundle) { sourceSlug } }`, { bundle: stringify({ ...bundle, source: { ...source, body } }) }, { viewer });
        expect(reply.errors).toBeUndefined();
        const byApi = await contentDump(api.db.dataSource);
        const content = (dump: Record<string, unknown[]>) => ({
          ...dump,
          auditChanges: dump.auditChanges?.filter((row) => (row as { table_name: string }).table_name !== "api_keys"),
        });
        expect(content(byApi)).toEqual(content(byCli));
        expect(byCli.quotes).toHaveLength(29);
      } finally {
        await api.close();
      }
    }));
});

describe("usage and configuration errors", () => {
  it("the ingest command with no files prints the usage and exits 2, without touching a database", async () => {
    // An address where nothing listens: usage must not depend on a database.
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" };
    delete env.DATABASE_REPLICA_URLS;
    // The built command, not `npm run ingest`: that script builds first, rewriting dist/ while
    // other test files start processes from it. A gateway started meanwhile once loaded a
    // half-written module and failed ("Type QuoteStats must define one or more fields").
    const result = await run(process.execPath, ["dist/src/cli/ingest.js"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: npm run ingest -- FILE.yaml");
    expect(result.stderr).not.toMatch(/ECONNREFUSED|connect/);
    expect(result.stdout).toBe("");

    // Embedded, the data folder is not even created.
    const dir = await mkdtemp(join(tmpdir(), "ig-cli-usage-"));
    try {
      const embeddedEnv: NodeJS.ProcessEnv = { ...env, PGLITE_DATA_DIR: join(dir, "never") };
      delete embeddedEnv.DATABASE_URL;
      const embedded = await run(process.execPath, ["dist/src/cli/ingest.js"], embeddedEnv);
      expect(embedded.code).toBe(2);
      expect(embedded.stderr).toContain("usage: npm run ingest -- FILE.yaml");
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a command with an invalid environment exits 1 naming the variable", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: "abc", MIGRATE_ON_START: "maybe" };
    const result = await run(process.execPath, ["dist/src/cli/migrate.js"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Invalid configuration");
    expect(result.stderr).toContain("PORT");
    expect(result.stderr).toContain("MIGRATE_ON_START");
    expect(result.stdout).toBe("");
  });
});

describe("npm start's server, as a process", () => {
  /** Starts dist/src/main.js on a free port; resolves with its URL once it serves. */
  function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<Run> }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["dist/src/main.js"], {
        cwd: PROJECT_ROOT,
        env: { ...env, PORT: "0", LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 120_000,
      });
      let stdout = "";
      let stderr = "";
      const exited = new Promise<Run>((done) => child.once("close", (code) => done({ code, stdout, stderr })));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const serving = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/graphql".*"msg":"Interview Graph is serving"/.exec(stdout);
        if (serving?.[1]) {
          child.stdout.removeAllListeners("data").on("data", (more: string) => (stdout += more));
          resolve({ url: serving[1], stop: () => (child.kill("SIGTERM"), exited) });
        }
      });
      void exited.then((result) => reject(new Error(`the server exited before serving: ${result.stderr}${result.stdout}`)));
    });
  }

  it("serves the content, then on SIGTERM drains, closes the database and exits 0", () =>
    withTarget(async (target) => {
      const server = await startServer(target.env);
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ person(slug: \"jigar-bhati\") { name } }" }),
      });
      expect(await response.json()).toMatchObject({ data: { person: { name: "Jigar Bhati" } } });
      const result = await server.stop();
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('"msg":"stopped"');
      // Closed cleanly: the data is there for the next process, content is not loaded twice.
      const count = await target.inspect(async (database) => database.dataSource.query<[{ count: string }]>("select count(*) from sources"));
      expect(count).toEqual([{ count: "1" }]);
    }));
});
