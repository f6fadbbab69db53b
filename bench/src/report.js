import { OPERATIONS } from "./operations/catalog.js";

/** The targets of the performance issue (issue 18), checked against the medians. */
export const TARGETS = {
  /** The dashboard reads counts kept at write time: this many times the floor's req/s, and a p50 under dashboardP50Ms. */
  dashboardVsFloor: 10,
  dashboardP50Ms: 20,
  /** Every operation: at least the lower of these two. */
  vsPostgraphile: 1.5,
  vsFloor: 0.9,
  deepOverFirstLatency: 1.2,
  p99OverP50: 3,
  rssMb: 300,
  ingestQuotesPerSecond: 5_000,
  embeddedIngestQuotesPerSecond: 2_000,
  /** Trusted operations sent by id (timeline, pages, search, people): this share of the floor's req/s. */
  trustedVsFloor: 0.95,
  /** At a million quotes, each operation's p50 (but search's) at most this many times its p50 at 100k. */
  millionOverP50: 1.5,
};

/** The operations of the trusted-operations target (issue 18's second). */
const TRUSTED_OPERATIONS = ["timeline", "firstPage", "deepPage", "search", "people"];

const fmt = (value, digits = 0) => (value === null || value === undefined || Number.isNaN(value) ? "–" : value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const ratio = (a, b) => (a && b ? a / b : null);
/** A server's requests that ran past autocannon's timeout (10 s): not in its req/s or latencies. */
const timedOut = (x) => (x?.timeouts ? ` (${fmt(x.timeouts)} past 10 s)` : "");
const mark = (ok) => (ok === null ? "–" : ok ? "met" : "**missed**");

/** The operations a run timed (all of them unless it was given --operations), in the catalog's order. */
const timedOperations = (medians) => OPERATIONS.filter(({ name }) => medians[name] !== undefined);

/** Every target: what it asks, what was measured, met or missed. */
export function evaluateTargets({ medians, embedded, ingest }, million = null) {
  const rows = [];
  const operations = timedOperations(medians);
  if (medians.dashboard) {
    const { ours, floor } = medians.dashboard;
    const f = ratio(ours.requestsPerSecond, floor.requestsPerSecond);
    rows.push({ target: `Topic dashboard: ≥ ${TARGETS.dashboardVsFloor}× the floor's req/s`, measured: `${fmt(f, 2)}× (${fmt(ours.requestsPerSecond)} vs ${fmt(floor.requestsPerSecond)})`, met: f === null ? null : f >= TARGETS.dashboardVsFloor });
    rows.push({ target: `Topic dashboard: p50 < ${TARGETS.dashboardP50Ms} ms`, measured: `${fmt(ours.p50, 1)} ms`, met: ours.p50 < TARGETS.dashboardP50Ms });
  }
  for (const { name, title } of operations) {
    const m = medians[name];
    // The lower of 1.5× PostGraphile's and 90% of the floor's req/s (the floor's alone when PostGraphile was not timed).
    const bounds = [TARGETS.vsFloor * m.floor.requestsPerSecond, ...(m.postgraphile ? [TARGETS.vsPostgraphile * m.postgraphile.requestsPerSecond] : [])];
    const needed = Math.min(...bounds);
    const what = m.postgraphile ? `${TARGETS.vsPostgraphile}× PostGraphile's req/s or ${TARGETS.vsFloor * 100}% of the floor's, the lower` : `${TARGETS.vsFloor * 100}% of the floor's req/s`;
    rows.push({
      target: `${title}: ≥ ${what}`,
      measured: `${fmt(m.ours.requestsPerSecond)} vs ${fmt(needed)} needed (${fmt(ratio(m.ours.requestsPerSecond, m.postgraphile?.requestsPerSecond), 2)}× PostGraphile, ${fmt(100 * (ratio(m.ours.requestsPerSecond, m.floor.requestsPerSecond) ?? NaN))}% of the floor)`,
      met: m.ours.requestsPerSecond >= needed,
    });
  }
  if (medians.deepPage && medians.firstPage) {
    const deep = medians.deepPage.ours.p50;
    const first = medians.firstPage.ours.p50;
    rows.push({ target: `Deep page p50 ≤ ${TARGETS.deepOverFirstLatency}× first page p50`, measured: `${fmt(deep / first, 2)}× (${fmt(deep, 1)} ms vs ${fmt(first, 1)} ms)`, met: deep <= TARGETS.deepOverFirstLatency * first });
  }
  for (const { name, title } of operations) {
    const { p50, p99 } = medians[name].ours;
    rows.push({ target: `${title}: p99 ≤ ${TARGETS.p99OverP50}× p50`, measured: `${fmt(p99 / p50, 2)}× (p99 ${fmt(p99, 1)} ms, p50 ${fmt(p50, 1)} ms)`, met: p99 <= TARGETS.p99OverP50 * p50 });
  }
  const rss = Math.max(...operations.map(({ name }) => medians[name].ours.peakRssMb ?? 0));
  rows.push({ target: `RSS under load ≤ ${TARGETS.rssMb} MB (ours, PostgreSQL)`, measured: `${fmt(rss)} MB peak`, met: rss <= TARGETS.rssMb });
  if (embedded) {
    const embeddedRss = Math.max(...operations.map(({ name }) => embedded.medians[name].ours.peakRssMb ?? 0));
    rows.push({ target: `RSS under load ≤ ${TARGETS.rssMb} MB (ours, embedded: the database lives in this process)`, measured: `${fmt(embeddedRss)} MB peak`, met: embeddedRss <= TARGETS.rssMb });
  }
  if (ingest.postgres) {
    const qps = ingest.postgres.quotes / ingest.postgres.seconds;
    rows.push({ target: `Ingest ≥ ${fmt(TARGETS.ingestQuotesPerSecond)} quotes/s (PostgreSQL)`, measured: `${fmt(qps)} quotes/s (${fmt(ingest.postgres.quotes)} in ${fmt(ingest.postgres.seconds, 1)} s)`, met: qps >= TARGETS.ingestQuotesPerSecond });
  }
  if (ingest.embedded) {
    const embeddedQps = ingest.embedded.quotes / ingest.embedded.seconds;
    rows.push({ target: `Ingest ≥ ${fmt(TARGETS.embeddedIngestQuotesPerSecond)} quotes/s (embedded)`, measured: `${fmt(embeddedQps)} quotes/s (${fmt(ingest.embedded.quotes)} in ${fmt(ingest.embedded.seconds, 1)} s)`, met: embeddedQps >= TARGETS.embeddedIngestQuotesPerSecond });
  }
  for (const { name, title } of operations.filter(({ name }) => TRUSTED_OPERATIONS.includes(name))) {
    const { oursPersisted: byId, floor } = medians[name];
    if (!byId) continue;
    const share = ratio(byId.requestsPerSecond, floor.requestsPerSecond);
    rows.push({
      target: `${title}, a trusted operation sent by id: ≥ ${TARGETS.trustedVsFloor * 100}% of the floor's req/s`,
      measured: `${fmt(byId.requestsPerSecond)} vs ${fmt(TARGETS.trustedVsFloor * floor.requestsPerSecond)} needed (${fmt(100 * (share ?? NaN))}% of the floor; ${fmt(ratio(byId.requestsPerSecond, medians[name].ours.requestsPerSecond), 2)}× by text)`,
      met: share === null ? null : share >= TARGETS.trustedVsFloor,
    });
  }
  rows.push(...millionTargets(medians, million));
  return rows;
}

/** The million-quote targets: each operation's p50 (but search's) against this run's, and our RSS there. */
function millionTargets(medians, million) {
  const target = `A million quotes: every operation but search within ${TARGETS.millionOverP50}× of its p50 at this run's scale`;
  if (!million) return [{ target, measured: "not run in this report (`--scale 1m`, rendered with `--million`)", met: null }];
  const compared = timedOperations(million.medians).filter(({ name }) => name !== "search" && medians[name]);
  const over = compared.map(({ name, title }) => ({ title, times: million.medians[name].ours.p50 / medians[name].ours.p50 }));
  const worst = over.reduce((a, b) => (b.times > a.times ? b : a), over[0]);
  const rows = [{ target, measured: `the most: ${worst.title}, ${fmt(worst.times, 2)}× (${over.map(({ title, times }) => `${title} ${fmt(times, 2)}×`).join(", ")})`, met: over.every(({ times }) => times <= TARGETS.millionOverP50) }];
  const rss = Math.max(...timedOperations(million.medians).map(({ name }) => million.medians[name].ours.peakRssMb ?? 0));
  rows.push({ target: `A million quotes: RSS under load ≤ ${TARGETS.rssMb} MB (ours, PostgreSQL)`, measured: `${fmt(rss)} MB peak`, met: rss <= TARGETS.rssMb });
  return rows;
}

/** The million-quote run's section: its tables beside this run's p50s. */
function renderMillion(million, medians, push) {
  const operations = timedOperations(million.medians);
  const { settings, corpus, ingest, environment } = million;
  push(`## A million quotes (PostgreSQL)`, "");
  push(`${environment.date} · corpus **${settings.scale}** (${fmt(corpus.counts.quotes)} quotes) · \`${settings.command}\` · commit ${environment.commit} · load average ${environment.loadBefore} before, ${environment.loadAfter} after.`, "");
  push(`Medians of ${settings.rounds} interleaved round(s) of ${settings.seconds} s per server and operation, ${settings.connections} connections. The last column: our p50 here over our p50 in the run above.`, "");
  push("| operation | ours req/s | PostGraphile req/s | floor req/s | ours p50 / p99 ms | PostGraphile p50 / p99 ms | floor p50 / p99 ms | ours CPU ms/req | database CPU ms/req (ours) | ours p50 / p50 above |");
  push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const lat = (x) => (!x ? "not timed" : x.requestsPerSecond > 0 ? `${fmt(x.p50, 1)} / ${fmt(x.p99, 1)}` : "none answered in 10 s");
  for (const { name, title } of operations) {
    const m = million.medians[name];
    const above = medians[name]?.ours.p50;
    push(`| ${title} | ${fmt(m.ours.requestsPerSecond, 1)}${timedOut(m.ours)} | ${m.postgraphile ? `${fmt(m.postgraphile.requestsPerSecond, 1)}${timedOut(m.postgraphile)}` : "not timed"} | ${fmt(m.floor.requestsPerSecond, 1)}${timedOut(m.floor)} | ${lat(m.ours)} | ${lat(m.postgraphile)} | ${lat(m.floor)} | ${fmt(m.ours.cpuMsPerRequest, 2)} | ${fmt(m.ours.databaseCpuMsPerRequest, 2)} | ${above ? `${fmt(m.ours.p50 / above, 2)}×` : "–"} |`);
  }
  const rss = Math.max(...operations.map(({ name }) => million.medians[name].ours.peakRssMb ?? 0));
  const loaded = ingest.postgres
    ? `${fmt(ingest.postgres.quotes)} quotes in ${fmt(ingest.postgres.seconds, 1)} s (${fmt(ingest.postgres.quotes / ingest.postgres.seconds)} quotes/s)`
    : "not timed (the database an earlier run loaded, `--keep-database`)";
  push("", `Peak RSS under load: ours ${fmt(rss)} MB. Ingest: ${loaded}. Our gateway ran with ${Object.entries(settings.oursEnv ?? {}).map(([key, value]) => `${key}=${value}`).join(", ") || "its defaults"}.`, "");
}

/** RESULTS.md: the tables, the targets, and everything needed to reproduce the run; with `million`, a million-quote run's section too. */
export function renderResults(run, million = null) {
  const { medians, facts, embedded, ingest, settings, environment, corpus, fixtures } = run;
  const operations = timedOperations(medians);
  const lines = [];
  const push = (...more) => lines.push(...more);
  push(`# Benchmark results`, "");
  push(`${environment.date} · corpus **${settings.scale}** (${fmt(corpus.counts.quotes)} quotes) · \`${settings.command}\``, "");
  if (settings.quick) push("> Quick form (CI): a few seconds per run. These figures only show that the benchmark works; they say nothing about speed.", "");
  push(`Load average of the machine (1, 5, 15 min): ${environment.loadBefore} before the run, ${environment.loadAfter} after.`, "");
  if (settings.note) push(`> ${settings.note}`, "");
  if (settings.onlyOperations) push(`> Only ${operations.map(({ title }) => title).join(", ")}: a run given \`--operations\`.`, "");
  if (settings.dropIndexes?.length) push(`> Throwaway run without the index(es) ${settings.dropIndexes.map((name) => `\`${name}\``).join(", ")}: dropped in the benchmark's database after the load, put back at the end.`, "");
  push("## Throughput and latency (PostgreSQL, uncached)", "");
  push(
    `Medians of ${settings.rounds} interleaved round(s) of ${settings.seconds} s per server and operation, ${settings.connections} connections. Small print under req/s: the slowest and fastest round.`,
    "",
  );
  const pgTimed = settings.timePostgraphile;
  const spread = (x) => `${fmt(x.requestsPerSecond)} <sub>${fmt(x.minRequestsPerSecond)}–${fmt(x.maxRequestsPerSecond)}</sub>${timedOut(x)}`;
  const lat = (x) => (!x ? "not timed" : x.requestsPerSecond > 0 ? `${fmt(x.p50, 1)} / ${fmt(x.p99, 1)}` : "none answered in 10 s");
  push(
    "*Ours* sends each operation's text, which goes through the GraphQL layer (its resolvers); *ours, by id* sends the same operations by their id, as trusted operations (a manifest the gateway starts with), which run as one statement that builds the answer as JSON in PostgreSQL where the operation's fields all have one (src/graphql/json/; the last column says who answered).",
    "",
  );
  push("| operation | ours req/s | ours, by id req/s | PostGraphile req/s | floor req/s | ours / PostGraphile | ours / floor | by id / floor | by id, answered by |");
  push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const { name, title } of operations) {
    const m = medians[name];
    const pg = m.postgraphile;
    const byId = m.oursPersisted;
    push(
      `| ${title} | ${spread(m.ours)} | ${byId ? spread(byId) : "not timed"} | ${pg ? spread(pg) : "not timed"} | ${spread(m.floor)} | ${pg ? fmt(ratio(m.ours.requestsPerSecond, pg.requestsPerSecond), 2) : "–"} | ${fmt(ratio(m.ours.requestsPerSecond, m.floor.requestsPerSecond), 2)} | ${byId ? fmt(ratio(byId.requestsPerSecond, m.floor.requestsPerSecond), 2) : "–"} | ${facts[name].answeredBy?.oursPersisted ?? "–"} |`,
    );
  }
  push("", "Latency, p50 / p99 in ms:", "");
  push("| operation | ours | ours, by id | PostGraphile | floor |", "| --- | ---: | ---: | ---: | ---: |");
  for (const { name, title } of operations) push(`| ${title} | ${lat(medians[name].ours)} | ${lat(medians[name].oursPersisted)} | ${lat(medians[name].postgraphile)} | ${lat(medians[name].floor)} |`);
  push(
    "",
    "Where the time goes: CPU of each server's own process per request (from /proc), then the CPU PostgreSQL's processes spent per request of that server (its postmaster's children, from /proc; \"–\" when the database is not on this machine), the SQL statements our gateway ran per request (its `x-sql-statements` header, on a second request: what it costs once what it keeps between requests is filled), and the size of each answer.",
    "",
  );
  push("| operation | ours CPU ms/req | by id | PostGraphile CPU ms/req | floor CPU ms/req | database CPU ms/req: ours | by id | PostGraphile | floor | ours SQL statements | by id | ours KB | PostGraphile KB | floor KB |");
  push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const { name, title } of operations) {
    const m = medians[name];
    const kb = (key) => fmt(facts[name].bytes[key] / 1024, 1);
    const database = (key) => (!m[key] ? "–" : fmt(m[key].databaseCpuMsPerRequest, 2));
    push(
      `| ${title} | ${fmt(m.ours.cpuMsPerRequest, 2)} | ${fmt(m.oursPersisted?.cpuMsPerRequest, 2)} | ${pgTimed ? fmt(m.postgraphile.cpuMsPerRequest, 2) : "–"} | ${fmt(m.floor.cpuMsPerRequest, 2)} | ${database("ours")} | ${database("oursPersisted")} | ${database("postgraphile")} | ${database("floor")} | ${facts[name].sqlStatements.ours ?? "–"} | ${facts[name].sqlStatements.oursPersisted ?? "–"} | ${kb("ours")} | ${kb("postgraphile")} | ${fmt(facts[name].floorBytes / 1024, 1)} |`,
    );
  }
  const peak = (key) => Math.max(...operations.map(({ name }) => medians[name][key]?.peakRssMb ?? 0));
  push("", `Peak RSS under load: ours ${fmt(peak("ours"))} MB, PostGraphile ${settings.timePostgraphile ? `${fmt(peak("postgraphile"))} MB` : "not timed"}, floor ${fmt(peak("floor"))} MB.`, "");

  if (embedded) {
    push("## Our gateway on the embedded database (PGlite), alone", "");
    push("| operation | req/s | p50 / p99 ms | vs ours on PostgreSQL | CPU ms/req | SQL statements |");
    push("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (const { name, title } of operations) {
      const e = embedded.medians[name].ours;
      push(`| ${title} | ${fmt(e.requestsPerSecond)} <sub>${fmt(e.minRequestsPerSecond)}–${fmt(e.maxRequestsPerSecond)}</sub> | ${fmt(e.p50, 1)} / ${fmt(e.p99, 1)} | ${fmt(ratio(e.requestsPerSecond, medians[name].ours.requestsPerSecond), 2)} | ${fmt(e.cpuMsPerRequest, 2)} | ${embedded.facts[name].sqlStatements.ours ?? "–"} |`);
    }
    push("", `Peak RSS under load (gateway and database in one process): ${fmt(Math.max(...operations.map(({ name }) => embedded.medians[name].ours.peakRssMb ?? 0)))} MB.`, "");
  }

  push("## Ingest (our importer)", "");
  push("| database | quotes | bundles | seconds | quotes/s | importer process CPU, s |", "| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [label, figure] of [["PostgreSQL", ingest.postgres], ["embedded (PGlite, in the importer's process)", ingest.embedded]]) {
    if (figure) push(`| ${label} | ${fmt(figure.quotes)} | ${fmt(figure.bundles)} | ${fmt(figure.seconds, 1)} | ${fmt(figure.quotes / figure.seconds)} | ${fmt(figure.cpuSeconds, 1)} |`);
  }
  if (!ingest.postgres) push("", "PostgreSQL: not timed (the database an earlier run loaded, `--keep-database`).");
  push("", `Bundles imported ${(ingest.postgres ?? ingest.embedded)?.chunkSize ?? 100} per transaction through \`ingestFiles\` (what \`npm run ingest\` runs), migrations applied before the clock starts.`, "");

  if (run.profile) {
    const { profile } = run;
    push("## Where our gateway's CPU went (node --cpu-prof over the whole timed run)", "");
    push(`${fmt(profile.busySeconds, 1)} s busy (idle excluded); shares of that. Profile: \`${profile.file.replace(/^.*\/bench\//, "")}\`.`, "");
    push("| package, with what it calls | % | package, itself | % | function, itself | % |", "| --- | ---: | --- | ---: | --- | ---: |");
    for (let i = 0; i < profile.inclusive.length; i++) {
      const cell = (list) => (list[i] ? `${list[i].name} | ${fmt(list[i].percent, 1)}` : " | ");
      push(`| ${cell(profile.inclusive)} | ${cell(profile.self)} | ${cell(profile.functions)} |`);
    }
    push("");
  }

  if (run.steps) {
    const { steps } = run;
    const first = steps.builds[0];
    push("## Steps: what each change did (our gateway at earlier commits, same database, interleaved)", "");
    push(
      `Each build below was checked to give the floor's answers, then timed alone against the others${settings.stepsById ? ", sent by id (the trusted operations' statements)" : ""} (${steps.runs[operations[0].name][first.key].length} round(s) of ${settings.seconds} s per build and operation, interleaved). req/s, with CPU ms per request of the gateway's process and SQL statements per request in small print; the last row is the last build over the first. All the builds are up at once during these rounds, which run after the main table's: compare builds within this table rather than with the main table.`,
      "",
    );
    push(`| build | ${operations.map(({ title }) => title).join(" | ")} |`, `| --- | ${operations.map(() => "---:").join(" | ")} |`);
    for (const build of steps.builds) {
      const cells = operations.map(({ name }) => {
        const m = steps.medians[name][build.key];
        return `${fmt(m.requestsPerSecond)} <sub>${fmt(m.cpuMsPerRequest, 2)} ms · ${steps.facts[name].sqlStatements[build.key] ?? "–"} SQL</sub>`;
      });
      const label = build.label ?? (build.subject.length > 90 ? `${build.subject.slice(0, 89)}…` : build.subject);
      push(`| \`${build.commit}\` ${label} | ${cells.join(" | ")} |`);
    }
    const last = steps.builds.at(-1);
    push(`| **last / first** | ${operations.map(({ name }) => `**${fmt(ratio(steps.medians[name][last.key].requestsPerSecond, steps.medians[name][first.key].requestsPerSecond), 2)}×**`).join(" | ")} |`, "");
  }

  if (million) renderMillion(million, medians, push);

  if (!settings.quick) {
    push("## Targets", "", "| target | measured | |", "| --- | --- | --- |");
    for (const row of evaluateTargets(run, million)) push(`| ${row.target} | ${row.measured} | ${mark(row.met)} |`);
    push("");
  }

  push("## Setup", "");
  push(`- Machine: ${environment.cpu} × ${environment.cores}, ${environment.memoryGb} GB, ${environment.os}; Node ${environment.node}; ${environment.postgres}.`);
  push(`- Versions: gateway ${environment.gatewayVersion} (commit ${environment.commit}), PostGraphile ${environment.versions.postgraphile}, postgraphile-plugin-connection-filter ${environment.versions.connectionFilter}, pg ${environment.versions.pg}, autocannon ${environment.versions.autocannon}.`);
  push(`- Corpus (deterministic): ${fmt(corpus.counts.sources)} sources, ${fmt(corpus.plan.people)} people, ${fmt(corpus.plan.companies)} companies, ${fmt(corpus.plan.topics)} topics, ${fmt(corpus.counts.careerSteps)} career steps, ${fmt(corpus.counts.quotes)} quotes (${fmt(corpus.counts.quoteTopics)} topic links, ${fmt(corpus.counts.quoteCompanies)} company links), ${fmt(corpus.counts.bodyBytes / 1048576, 1)} MB of source text.`);
  push(`- Arguments: person \`${fixtures.person}\`, topic \`${fixtures.topic}\`, search \`${fixtures.search}\`, deep page after row ${fmt(fixtures.deepOffset + 1)}${fixtures.during ? `, period \`${fixtures.during.edtf}\` (certainly during)` : ""}.`);
  push(`- Our gateway: \`node dist/src/main.js\`, NODE_ENV=production, RESPONSE_CACHE=false, rate limits off, LOG_LEVEL=warn; pool of 10. PostGraphile ${environment.versions.postgraphile}: library mode on node:http, dynamicJson, query log off, no GraphiQL, pool of 10 (pg's default). Floor: node:http + pg, pool of 10, one statement per operation.`);
  push(`- PostGraphile's view, functions and schema extension for what v4 cannot express over the bare tables (source order, full-text search and highlights, GROUP BY counts, evidence text, steps during a period) are described in README.md; the floor's statements are in src/peers/floor-sql.js.`);
  push(`- Timing: autocannon, ${settings.connections} connections, no pipelining, ${settings.warmupSeconds} s of warm-up per server and operation before the rounds, the servers interleaved within each round (ours by text, ours by id, PostGraphile, the floor; the first rotating); load generator and PostgreSQL on the same machine as the servers.`);
  push(`- Every server's answers were checked equal to the floor's (normalised) before timing${embedded ? ", the embedded gateway's too" : ""}.`);
  push("");
  return lines.join("\n");
}
