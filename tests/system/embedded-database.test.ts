/**
 * The embedded database is the gateway's alone. PGlite takes any user without a password, as
 * superuser, and is one session for every connection: served on a loopback port, any local
 * user could read the keys or leave `session_replication_role = replica` behind, and the
 * gateway's writes then ran without versions, audit or invariants (four of five concurrent
 * `upsertPerson(expectedVersion: 1)` were lost updates). Now it is served on a Unix socket in a
 * folder only the gateway's OS user may enter, every new connection discards the session's
 * state, and every write puts the triggers back on before it writes.
 * These run on an embedded database of their own whatever DATABASE_URL says.
 */
import { execFileSync } from "node:child_process";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { type App, startApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { temporaryEmbeddedDataFolder } from "../support/embedded-template";
import { bearer, graphql } from "../support/http";
import { ApiKeyRole, createKey } from "../support/keys";
import { silentLogger } from "../support/test-database";

let app: App;
let removeFolder: () => Promise<void>;

beforeAll(async () => {
  const folder = await temporaryEmbeddedDataFolder("ig-embedded-");
  removeFolder = folder.remove;
  const config = { ...loadConfig({ NODE_ENV: "test", PORT: "0" }), databaseUrl: undefined, databaseReplicaUrls: [], pgliteDataDir: folder.path, rateLimits: { perMinute: 0, perMinuteWithKey: 0, failedAuthPerMinute: 0 } };
  app = await startApp(config, silentLogger);
});

afterAll(async () => {
  await app?.close();
  await removeFolder?.();
});

/** Runs a tiny Node program as another OS user (nobody), and returns what it printed. */
function asNobody(program: string): string {
  return execFileSync("runuser", ["-u", "nobody", "--", process.execPath, "-e", program], { cwd: "/", encoding: "utf8", timeout: 20_000 }).trim();
}

describe("who can reach it", () => {
  it("listens on no TCP port: its URL is a Unix socket in a folder of its own, mode 0700", async () => {
    const folder = app.database.socketFolder;
    expect(folder).toEqual(expect.any(String));
    const info = await stat(folder ?? "");
    expect(info.mode & 0o777).toBe(0o700);
    expect(info.uid).toBe(process.getuid?.());
    const options = app.database.dataSource.options as { url?: string };
    expect(options.url).toBe(`postgres://postgres@localhost/postgres?host=${encodeURIComponent(folder ?? "")}`);
  });

  // Switching to another user needs root (CI runs as root); elsewhere the mode checked above is what stops them.
  (process.getuid?.() === 0 ? it : it.skip)("refuses another OS user: nobody cannot even reach the socket", () => {
    const socket = join(app.database.socketFolder ?? "", ".s.PGSQL.5432");
    const program = `require("net").connect(${JSON.stringify(socket)}).on("connect", () => { console.log("connected"); process.exit(0); }).on("error", (error) => { console.log(error.code); process.exit(0); })`;
    expect(asNobody(program)).toBe("EACCES");
    // The same program as the gateway's own user does connect: the socket is there and serving.
    expect(execFileSync(process.execPath, ["-e", program], { encoding: "utf8", timeout: 20_000 }).trim()).toBe("connected");
  });
});

describe("session state left behind", () => {
  it("a replication role set on the session does not reach the gateway's writes: every write is versioned and audited, no update is lost", async () => {
    const dataSource = app.database.dataSource;
    const key = await createKey(dataSource, ApiKeyRole.EDITOR);
    const upsert = `mutation ($input: UpsertPersonInput!) { upsertPerson(input: $input) { person { slug version headline } auditEventId } }`;
    const created = await graphql<{ upsertPerson: { person: { version: number } } }>(app, upsert, { input: { slug: "left-behind", name: "Left Behind", headline: "v1" } }, bearer(key.secret));
    expect(created.data?.upsertPerson.person.version).toBe(1);
    const eventsBefore = await auditEventCount();

    // What another connection of the one session (or anyone who reached it) could leave behind.
    await dataSource.query("SET session_replication_role = replica");
    expect(await replicationRole()).toBe("replica");

    const attempts = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => graphql<{ upsertPerson: { person: { version: number } } | null }>(app, upsert, { input: { slug: "left-behind", name: "Left Behind", headline: `v2-${n}`, expectedVersion: 1 } }, bearer(key.secret))),
    );
    const acknowledged = attempts.filter((attempt) => attempt.data?.upsertPerson?.person);
    const conflicts = attempts.filter((attempt) => attempt.errors?.[0]?.extensions?.code === "CONFLICT");
    expect(acknowledged).toHaveLength(1);
    expect(conflicts).toHaveLength(4);
    expect(acknowledged[0]?.data?.upsertPerson?.person.version).toBe(2);
    expect(await auditEventCount()).toBe(eventsBefore + 1);
    // The write put the triggers back on for the session.
    expect(await replicationRole()).toBe("origin");
  });

  async function auditEventCount(): Promise<number> {
    const [row] = await app.database.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM audit_events`);
    return row?.n ?? -1;
  }

  async function replicationRole(): Promise<string> {
    const [row] = await app.database.dataSource.query<Array<{ role: string }>>(`SELECT current_setting('session_replication_role') AS role`);
    return row?.role ?? "";
  }
});
