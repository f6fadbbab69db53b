import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { checkAnswers } from "./check.js";
import { CLIENTS, send } from "./clients.js";
import { SCALES } from "./corpus/generate.js";
import { writeCorpus } from "./corpus/write.js";
import { prepareBuild } from "./builds.js";
import { readFixtures } from "./fixtures.js";
import { localPostmasterPid, timeAll } from "./measure.js";
import { OPERATIONS } from "./operations/catalog.js";
import { oursManifest } from "./operations/ours.js";
import { postgraphileDeepCursor, postgraphileRequest } from "./operations/postgraphile.js";
import { BENCH_DIR, GATEWAY_DIST, PROJECT_DIR } from "./paths.js";
import { databaseUrl, openPostgres } from "./postgres.js";
import { run } from "./processes.js";
import { summariseProfileDirectory } from "./profile-summary.js";
import { evaluateTargets, renderResults } from "./report.js";
import { startFloor, startOurs, startPostgraphile } from "./servers.js";

/**
 * `npm run bench` (100k corpus, the full run, writes RESULTS.md) and `npm run bench:quick` (1k
 * corpus, seconds per run, checks answers; for CI). Steps: build the gateway if its dist/ is
 * stale, generate the corpus, load it through our importer (timed) into PostgreSQL, start the
 * three servers, check that they answer alike, time them interleaved, then do the same for our
 * gateway alone on the embedded database. Whatever it started it stops, failure or not.
 */
const { values: options } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    scale: { type: "string" },
    rounds: { type: "string" },
    seconds: { type: "string" },
    connections: { type: "string", default: "10" },
    "skip-embedded": { type: "boolean", default: false },
    out: { type: "string" },
    profile: { type: "boolean", default: false },
    note: { type: "string" },
    steps: { type: "string" },
    "steps-rounds": { type: "string" },
    "steps-by-id": { type: "boolean", default: false },
    operations: { type: "string" },
    "drop-indexes": { type: "string" },
    "keep-database": { type: "boolean", default: false },
  },
});

const quick = options.quick;
const settings = {
  quick,
  scale: options.scale ?? (quick ? "1k" : "100k"),
  rounds: Number(options.rounds ?? (quick ? 1 : 3)),
  seconds: Number(options.seconds ?? (quick ? 2 : 10)),
  warmupSeconds: quick ? 0 : 2,
  connections: Number(options.connections),
  // The quick form still checks PostGraphile's answers; it only skips timing it.
  timePostgraphile: !quick,
  embedded: !options["skip-embedded"],
  profile: options.profile,
  /** A sentence about the run for RESULTS.md ("the machine was shared with …"). */
  note: options.note,
  /** Earlier commits of the gateway to time against this one, in order (the steps of an optimisation). */
  steps: options.steps ? options.steps.split(",").map((ref) => ref.trim()).filter(Boolean) : [],
  stepsRounds: Number(options["steps-rounds"] ?? 1),
  /** Time the steps' builds by id (the trusted operations' statements) rather than by text (the GraphQL layer). */
  stepsById: options["steps-by-id"],
  /** Only these operations (names of operations/catalog.js), checked and timed; all of them by default. */
  onlyOperations: options.operations ? options.operations.split(",").map((name) => name.trim()).filter(Boolean) : null,
  /**
   * Indexes to drop in the benchmark's database after the load, before anything is checked or
   * timed: what an index buys, in a throwaway run. Put back (as they were defined) at the end.
   */
  /** Time the database an earlier run of this scale loaded, when it holds the whole corpus, rather than load it again (ingest not timed). */
  keepDatabase: options["keep-database"],
  dropIndexes: options["drop-indexes"] ? options["drop-indexes"].split(",").map((name) => name.trim()).filter(Boolean) : [],
  // npm runs its script with arguments of its own: name the script, then what node was given.
  command: `${process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}: ` : ""}node src/run.js ${process.argv.slice(2).join(" ")}`.trim(),
};
const quoteCount = SCALES[settings.scale];
if (quoteCount === undefined) {
  console.error(`unknown scale ${settings.scale}; one of ${Object.keys(SCALES).join(", ")}`);
  process.exit(2);
}
/**
 * Our gateway's settings for this corpus: past 300,000 quotes the operations' counts and searches
 * cost more than the default MAX_QUERY_COST (a scan costs a unit per 100 rows), so the limit is
 * raised with the corpus, as docs/operations.md tells an operator to: 8 scans of the quotes.
 */
settings.oursEnv = quoteCount > 300_000 ? { MAX_QUERY_COST: String(8 * Math.ceil(quoteCount / 100)) } : {};
/** The benchmark's operations as trusted ones: our gateway starts with their manifest, and `oursPersisted` sends them by id. */
const TRUSTED_MANIFEST = join(BENCH_DIR, ".runs", "trusted-operations.json");
const output = options.out ?? (quick ? join(BENCH_DIR, ".runs", "quick-results.md") : join(BENCH_DIR, "RESULTS.md"));

const started = performance.now();
const log = (message) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);

/** Stops everything started so far, newest first; also on Ctrl-C. */
const cleanups = [];
async function cleanUp() {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop();
    await cleanup().catch((error) => console.error(`cleanup failed: ${error.message}`));
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping what the benchmark started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** Builds the gateway (tsc) when dist/ is missing or older than any of its sources. */
async function ensureBuilt() {
  const main = join(GATEWAY_DIST, "main.js");
  const built = await stat(main).then(() => true, () => false);
  const newer = built ? await run("find", [join(PROJECT_DIR, "src"), join(PROJECT_DIR, "migrations"), "-name", "*.ts", "-newer", main, "-print", "-quit"]) : "";
  if (built && newer.trim() === "") return log("the gateway's build is up to date");
  log("building the gateway (tsc -p tsconfig.build.json)");
  await run(process.execPath, [join(PROJECT_DIR, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: PROJECT_DIR, inherit: true });
}

/** Loads the corpus through our importer in a process of its own; returns the figures. */
async function load(directory, env) {
  const stdout = await run(process.execPath, [join(BENCH_DIR, "src", "gateway", "load-worker.js"), directory, "100"], {
    cwd: PROJECT_DIR,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", LOG_LEVEL: "warn", ...env },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1));
}

async function versions() {
  const version = async (dir) => JSON.parse(await readFile(join(dir, "package.json"), "utf8")).version;
  const commit = await run("git", ["rev-parse", "--short", "HEAD"], { cwd: PROJECT_DIR }).then((s) => s.trim(), () => "unknown");
  // Changes to the benchmark itself do not make the gateway's commit a different one.
  const dirty = await run("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench"], { cwd: PROJECT_DIR }).then((s) => s.trim() !== "", () => false);
  return {
    gatewayVersion: await version(PROJECT_DIR),
    commit: dirty ? `${commit}, with uncommitted changes` : commit,
    versions: {
      postgraphile: await version(join(BENCH_DIR, "node_modules", "postgraphile")),
      connectionFilter: await version(join(BENCH_DIR, "node_modules", "postgraphile-plugin-connection-filter")),
      pg: await version(join(BENCH_DIR, "node_modules", "pg")),
      autocannon: await version(join(BENCH_DIR, "node_modules", "autocannon")),
    },
  };
}

/** A database of the benchmark's own on the server, created afresh: the server's other databases stay untouched. */
async function createDatabase(serverUrl) {
  const database = `interview_graph_bench_${settings.scale}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { server_version: version } = (await admin.query("SHOW server_version")).rows[0];
    const url = databaseUrl(serverUrl, database);
    if (settings.keepDatabase && (await quotesIn(url)) === quoteCount) return { url, postgresVersion: version, loaded: true };
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database} ENCODING 'UTF8' TEMPLATE template0`);
    return { url, postgresVersion: version, loaded: false };
  } finally {
    await admin.end();
  }
}

/** How many quotes a database holds; null when it does not exist or has no quotes table. */
async function quotesIn(url) {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return (await client.query("SELECT count(*)::int AS n FROM quotes")).rows[0].n;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

const target = (key, server) => ({ key, client: CLIENTS[key], url: server.url, pid: server.pid });
const unknownOperations = (settings.onlyOperations ?? []).filter((name) => !OPERATIONS.some((operation) => operation.name === name));
if (unknownOperations.length > 0) {
  console.error(`unknown operation(s) ${unknownOperations.join(", ")}; of ${OPERATIONS.map((operation) => operation.name).join(", ")}`);
  process.exit(2);
}
const operations = OPERATIONS.filter((operation) => settings.onlyOperations === null || settings.onlyOperations.includes(operation.name));
const operationNames = operations.map((operation) => operation.name);

/** Drops the indexes of --drop-indexes (after the load and its statistics); a cleanup puts them back as they were. */
async function dropIndexes(client) {
  if (settings.dropIndexes.length === 0) return;
  const { rows } = await client.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1)", [settings.dropIndexes]);
  const missing = settings.dropIndexes.filter((name) => !rows.some((row) => row.indexname === name));
  if (missing.length > 0) throw new Error(`--drop-indexes: no index ${missing.join(", ")} in the benchmark's database`);
  for (const { indexname } of rows) await client.query(`DROP INDEX ${indexname}`);
  cleanups.push(async () => {
    for (const { indexdef } of rows) await client.query(indexdef);
    log(`put back the dropped index(es): ${settings.dropIndexes.join(", ")}`);
  });
  log(`dropped index(es) for this run: ${settings.dropIndexes.join(", ")}`);
}

/** Load, check and time the three servers on PostgreSQL. */
async function benchPostgres(url, corpus, loaded) {
  let ingest = null;
  if (loaded) {
    log("--keep-database: the database holds the corpus already; its load is not timed");
  } else {
    log("loading the corpus into PostgreSQL through our importer");
    ingest = await load(corpus.directory, { DATABASE_URL: url });
    log(`ingest: ${ingest.quotes} quotes in ${ingest.seconds.toFixed(1)} s (${(ingest.quotes / ingest.seconds).toFixed(0)} quotes/s)`);
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  cleanups.push(() => client.end());
  // Fresh statistics for the planner, as autovacuum would give a long-running database; all three servers share them.
  await client.query("VACUUM ANALYZE");
  await dropIndexes(client);
  await client.query(await readFile(join(BENCH_DIR, "src", "peers", "postgraphile-schema.sql"), "utf8"));
  const fixtures = await readFixtures(client, quoteCount);
  log(`fixtures: ${JSON.stringify(fixtures)}`);
  // The database's CPU per request is measured when its server runs on this machine.
  const { hostname } = new URL(url);
  const backendPid = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
  settings.databasePid = await localPostmasterPid(backendPid, ["127.0.0.1", "localhost", "[::1]", ""].includes(hostname));
  log(`database CPU per request: ${settings.databasePid ? `measured (postmaster ${settings.databasePid})` : "not measured (the server is not on this machine)"}`);

  log("starting the floor, PostGraphile and our gateway");
  const floor = await startFloor(url);
  cleanups.push(() => floor.stop());
  const postgraphile = await startPostgraphile(url);
  cleanups.push(() => postgraphile.stop());
  const profileDir = join(BENCH_DIR, ".runs", `profile-${settings.scale}-${Date.now()}`);
  await mkdir(dirname(TRUSTED_MANIFEST), { recursive: true });
  await writeFile(TRUSTED_MANIFEST, `${JSON.stringify(oursManifest(), null, 2)}\n`);
  const ours = await startOurs({ url }, { nodeArgs: settings.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [], env: { ...settings.oursEnv, PERSISTED_QUERIES_MANIFESTS: TRUSTED_MANIFEST } });
  cleanups.push(() => ours.stop());
  fixtures.postgraphileDeepCursor = postgraphileDeepCursor((await send(postgraphile.url, postgraphileRequest("cursorAt", fixtures))).body);

  // `ours` sends each operation's text, `oursPersisted` its id (the same process): the GraphQL layer, and the trusted operations' statements.
  const targets = { ours: target("ours", ours), oursPersisted: target("oursPersisted", ours), postgraphile: target("postgraphile", postgraphile), floor: target("floor", floor) };
  const { answers, facts } = await checkAnswers([targets.ours, targets.oursPersisted, targets.postgraphile], fixtures, targets.floor, operationNames);
  log(`answers checked: ours (by text and by id) and PostGraphile return the floor's data for ${operationNames.length === OPERATIONS.length ? "all " : ""}${operationNames.length} operations`);
  log(`SQL statements per request (ours): ${operationNames.map((name) => `${name} ${facts[name].sqlStatements.ours}`).join(", ")}`);
  log(`answered by id by: ${operationNames.map((name) => `${name} ${facts[name].answeredBy.oursPersisted}`).join(", ")}`);

  const timed = [targets.ours, targets.oursPersisted, ...(settings.timePostgraphile ? [targets.postgraphile] : []), targets.floor];
  const { runs, medians } = await timeAll({ targets: timed, operations: operationNames, fixtures, ...settings, log });
  // Stopped before the embedded run, which must have the machine to itself; the profile is written as ours exits.
  await ours.stop();
  await postgraphile.stop();
  await floor.stop();
  const profile = settings.profile ? await summariseProfileDirectory(profileDir) : null;
  const steps = settings.steps.length > 0 ? await benchSteps(url, fixtures, answers) : null;
  return { ingest, fixtures, answers, facts, runs, medians, profile, steps };
}

/**
 * `--steps A,B,…`: the builds of earlier commits and this one, on the same database and data,
 * each checked to give the floor's answers, then timed interleaved (our gateway alone): what
 * each step of an optimisation changed.
 */
async function benchSteps(url, fixtures, expected) {
  const builds = [];
  // REF or REF=label (what the build stands for, shown instead of its commit's subject).
  for (const step of settings.steps) {
    const [ref, label] = step.split("=");
    builds.push({ ...(await prepareBuild(ref, log)), ...(label ? { label } : {}) });
  }
  const commit = (await run("git", ["rev-parse", "--short=7", "HEAD"], { cwd: PROJECT_DIR })).trim();
  builds.push({ ref: "this run", commit, subject: "(the build timed above)", label: "now: the build timed above", root: PROJECT_DIR });
  const targets = [];
  for (const build of builds) {
    const server = await startOurs({ url }, { root: build.root, name: `ours@${build.commit}`, env: { ...settings.oursEnv, PERSISTED_QUERIES_MANIFESTS: TRUSTED_MANIFEST } });
    cleanups.push(() => server.stop());
    targets.push({ ...target(settings.stepsById ? "oursPersisted" : "ours", server), key: `${build.commit}${build.root === PROJECT_DIR ? " (now)" : ""}`, server });
  }
  const { facts } = await checkAnswers(targets, fixtures, { answers: expected }, operationNames);
  log(`steps: ${builds.length} builds give the floor's answers`);
  const { runs, medians } = await timeAll({ targets, operations: operationNames, fixtures, ...settings, rounds: settings.stepsRounds, log: (m) => log(`steps ${m}`) });
  for (const { server } of targets) await server.stop();
  return { builds: builds.map((build, i) => ({ ...build, key: targets[i].key, root: undefined })), facts, medians, runs };
}

/**
 * The floor's statements over the embedded database (gateway/floor-worker.js): the reference of
 * the embedded check, since the same corpus has other ids there than on PostgreSQL.
 */
async function embeddedFloorAnswers(pgliteDir, fixtures) {
  const stdout = await run(process.execPath, [join(BENCH_DIR, "src", "gateway", "floor-worker.js"), JSON.stringify(fixtures), operationNames.join(",")], {
    cwd: PROJECT_DIR,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", LOG_LEVEL: "warn", PGLITE_DATA_DIR: pgliteDir },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1));
}

/** Load, check and time our gateway alone on the embedded database; the floor's statements over the same data are the reference. */
async function benchEmbedded(corpus, fixtures) {
  const pgliteDir = join(BENCH_DIR, ".data", `pglite-${settings.scale}`);
  await rm(pgliteDir, { recursive: true, force: true });
  await mkdir(join(BENCH_DIR, ".data"), { recursive: true });
  log("loading the corpus into the embedded database (PGlite) through our importer");
  const ingest = await load(corpus.directory, { PGLITE_DATA_DIR: pgliteDir });
  log(`ingest (embedded): ${ingest.quotes} quotes in ${ingest.seconds.toFixed(1)} s`);
  const expected = await embeddedFloorAnswers(pgliteDir, fixtures);
  const ours = await startOurs({ pgliteDir }, { env: settings.oursEnv });
  cleanups.push(() => ours.stop());
  const { facts } = await checkAnswers([target("ours", ours)], fixtures, { answers: expected }, operationNames);
  log("answers checked: our gateway on PGlite returns the floor's data (the floor's statements over the embedded database)");
  const { runs, medians } = await timeAll({ targets: [target("ours", ours)], operations: operationNames, fixtures, ...settings, databasePid: null, log: (m) => log(`embedded ${m}`) });
  await ours.stop();
  return { ingest, facts, runs, medians };
}

async function describeEnvironment({ startedAt, loadBefore, postgresVersion }) {
  return {
    date: startedAt,
    cpu: cpus()[0]?.model ?? "unknown CPU",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    postgres: `PostgreSQL ${postgresVersion}`,
    loadBefore,
    loadAfter: loadavg().map((n) => n.toFixed(2)).join(" "),
    ...(await versions()),
  };
}

/** Keeps the raw figures in .runs/ (for `npm run render`) and writes the report. */
async function writeResults(result) {
  await mkdir(join(BENCH_DIR, ".runs"), { recursive: true });
  await writeFile(join(BENCH_DIR, ".runs", `${quick ? "quick" : settings.scale}-${result.environment.date.replace(/[:]/g, "")}.json`), JSON.stringify(result, null, 1));
  const markdown = renderResults(result);
  await writeFile(output, markdown);
  log(`wrote ${output}`);
  console.log(`\n${markdown}`);
  if (!quick) log(`${evaluateTargets(result).filter((row) => row.met === false).length} target(s) missed`);
}

async function main() {
  log(`${settings.command}: corpus ${settings.scale}, ${settings.rounds} round(s) of ${settings.seconds} s, ${settings.connections} connections`);
  const loadBefore = loadavg().map((n) => n.toFixed(2)).join(" ");
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  await ensureBuilt();

  const corpus = await writeCorpus(join(BENCH_DIR, ".corpus", settings.scale), quoteCount);
  log(`corpus ${corpus.reused ? "kept" : "written"}: ${JSON.stringify(corpus.counts)}`);

  const server = await openPostgres();
  if (server.started) cleanups.push(() => server.stop().then(() => log("stopped the throwaway PostgreSQL cluster")));
  log(`PostgreSQL: ${server.started ? "a throwaway cluster" : "the server of BENCH_DATABASE_URL / DATABASE_URL"}`);
  const { url, postgresVersion, loaded } = await createDatabase(server.url);

  const onPostgres = await benchPostgres(url, corpus, loaded);
  const embedded = settings.embedded ? await benchEmbedded(corpus, onPostgres.fixtures) : null;
  await writeResults({
    settings,
    environment: await describeEnvironment({ startedAt, loadBefore, postgresVersion }),
    corpus: { plan: corpus.plan, counts: corpus.counts },
    fixtures: onPostgres.fixtures,
    ingest: { postgres: onPostgres.ingest, embedded: embedded?.ingest ?? null },
    facts: onPostgres.facts,
    medians: onPostgres.medians,
    runs: onPostgres.runs,
    embedded: embedded && { facts: embedded.facts, medians: embedded.medians, runs: embedded.runs },
    profile: onPostgres.profile,
    steps: onPostgres.steps,
  });
}

try {
  await main();
} catch (error) {
  console.error(`\nbenchmark failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
