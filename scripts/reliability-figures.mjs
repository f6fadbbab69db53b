#!/usr/bin/env node
// Turns the JSON reports that the reliability tests write (RELIABILITY_REPORT_DIR) into the
// markdown tables of docs/reliability.md, so every figure there comes from a run anyone can repeat:
//
//   RELIABILITY_REPORT_DIR=/tmp/rel npm test -- tests/api/hostile tests/system/faults tests/system/load
//   node scripts/reliability-figures.mjs /tmp/rel
//
// It reads only what the tests wrote; a report that is missing is said to be missing.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/reliability-figures.mjs REPORT_DIR");
  process.exit(2);
}

function read(name) {
  const file = join(dir, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

function table(header, rows) {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

const ms = (value) => (value === null || value === undefined ? "–" : `${Math.round(value)} ms`);

function loadSection(title, report) {
  if (!report) return `### ${title}\n\n(no report)\n`;
  const lines = [`### ${title}`, ""];
  lines.push(
    table(
      ["connections", "seconds", "requests", "answered", "refused 503", "failed or wrong", "p50", "p90", "p99", "max", "writes sent / acknowledged / lost"],
      [
        [
          report.connections,
          report.seconds,
          report.requests,
          report.ok,
          report.unavailable,
          report.failed,
          ms(report.latencyMs?.p50),
          ms(report.latencyMs?.p90),
          ms(report.latencyMs?.p99),
          ms(report.latencyMs?.max),
          `${report.writes?.sent ?? "–"} / ${report.writes?.acknowledged ?? "–"} / ${report.lostWrites ?? "–"}`,
        ],
      ],
    ),
  );
  if (report.memory) {
    const m = report.memory;
    lines.push("", `Gateway RSS: ${m.startMb} MB at start, ${m.maxMb} MB at most, ${m.endMb} MB at the end; median of the second quarter ${m.secondQuarterMedianMb} MB, of the last quarter ${m.lastQuarterMedianMb} MB.`);
  }
  if (report.outage) {
    const o = report.outage;
    lines.push(
      "",
      `Down from ${(o.downAt / 1000).toFixed(1)} s to ${(o.upAt / 1000).toFixed(1)} s; /readyz while down: ${o.readyWhileDown.join(", ")}; ready again ${o.readyAgainAfterMs} ms after the server was back. Refusals while down: p50 ${ms(report.unavailableLatencyMs?.p50)}, p99 ${ms(report.unavailableLatencyMs?.p99)}.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function sigkillSection(report, title) {
  if (!report) return `### ${title}\n\n(no report)\n`;
  const rows = report.outcomes.map((o, i) => [i + 1, `${o.killAfterMs} ms`, o.acknowledged ? "yes" : "no", o.found]);
  return `### ${title}\n\nAn uninterrupted import of ${report.quotes} quotes took ${report.importMs} ms.\n\n${table(["kill", "after", "acknowledged", "found after restart"], rows)}\n`;
}

function propertiesSection() {
  const bundles = read("bundle-properties.json");
  const args = read("argument-properties.json");
  const out = ["### Property tests (fast-check)", ""];
  if (bundles) {
    out.push(`Hostile bundles: ${bundles.runs} cases (seed ${bundles.seed}): ${bundles.accepted} accepted with a consistent database, ${bundles.rejected} rejected (${Object.entries(bundles.rejectedByCode).map(([c, n]) => `${n} ${c}`).join(", ")}), none internal.`, "");
  }
  if (args) {
    const rows = [];
    for (const [kind, fields] of [["read", args.reads], ["write", args.writes]]) {
      for (const [field, codes] of Object.entries(fields)) {
        rows.push([kind, field, Object.values(codes).reduce((a, b) => a + b, 0), Object.entries(codes).sort().map(([c, n]) => `${c} ${n}`).join(", ")]);
      }
    }
    out.push(`Hostile arguments: ${args.runs.reads} read cases and ${args.runs.writes} write cases (seed ${args.seed}):`, "", table(["kind", "field", "cases", "outcomes"], rows));
  }
  return `${out.join("\n")}\n`;
}

function probesSection() {
  const probes = read("probes.json");
  if (!probes) return "### Probes\n\n(no report)\n";
  // Group the injections of one argument, and the guesses of a key, into one line each.
  const groups = new Map();
  for (const probe of probes) {
    const name = probe.probe;
    const group = groups.get(name) ?? { count: 0, outcomes: new Map(), maxMs: 0 };
    group.count += 1;
    const outcome = `${probe.status} ${probe.code}`;
    group.outcomes.set(outcome, (group.outcomes.get(outcome) ?? 0) + 1);
    group.maxMs = Math.max(group.maxMs, probe.ms);
    groups.set(name, group);
  }
  const rows = [...groups].map(([name, g]) => [name, g.count, [...g.outcomes].map(([o, n]) => (g.count > 1 ? `${o} ×${n}` : o)).join(", "), `${g.maxMs} ms`]);
  return `### Probes (${probes.length} requests)\n\n${table(["probe", "requests", "HTTP status and code", "slowest"], rows)}\n`;
}

/** Ordinary clients beside two attackers at the most the limits allow (tests/system/load/attacker.test.ts). */
function attackerSection(report) {
  if (!report) return `### Fair use under attack\n\n(no report)\n`;
  const statuses = Object.entries(report.attackers.statuses)
    .map(([status, count]) => `${status} ×${count}`)
    .join(", ");
  return `### Fair use under attack (${report.database}, ${report.phaseSeconds} s each)\n\n${table(
    ["ordinary clients", "", "requests", "p50", "p99"],
    [
      [`${report.ordinaryClients} keys × ${report.connectionsPerClient} connections`, "alone", report.withoutAttacker.requests, ms(report.withoutAttacker.p50Ms), ms(report.withoutAttacker.p99Ms)],
      ["", "beside the attackers", report.withAttacker.requests, ms(report.withAttacker.p50Ms), ms(report.withAttacker.p99Ms)],
    ],
  )}\n\nThe attackers sent ${report.attackers.requests} requests (${statuses}). Every ordinary request was answered with its data (asserted).\n`;
}

/** How long heavy imports took to check, and how many health checks and reads were answered meanwhile (tests/api/hostile/heavy-imports.test.ts). */
function heavyImportsSection(report) {
  if (!report) return `### Heavy imports\n\n(no report)\n`;
  const rows = Object.entries(report).map(([name, figures]) => [name, ms(figures.importMs), figures.healthAnswersMeanwhile]);
  return `### Heavy imports\n\n${table(["bundle", "answered after", "health checks and reads answered meanwhile"], rows)}\n`;
}

const database = read("load-embedded.json") || read("attacker-embedded.json") ? "embedded" : "postgres";
const sections = [
  loadSection(`Load on ${database}`, read(`load-${database}.json`)),
  loadSection("PostgreSQL halted under load", read("postgres-outage.json")),
  loadSection(`Redis halted under load (${database})`, read(`redis-outage-${database}.json`)),
  sigkillSection(read(`sigkill-import-${database}.json`), `SIGKILL during imports (${database})`),
  propertiesSection(),
  probesSection(),
  attackerSection(read(`attacker-${database}.json`)),
  heavyImportsSection(read("heavy-imports.json")),
];
console.log(sections.join("\n"));
