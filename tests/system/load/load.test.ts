/**
 * Load: the mixed workload of tests/system/load/workload.ts (timelines, dashboards, searches, deep pages
 * and a trickle of writes) at 50 connections on loopback for a fixed time, against a gateway
 * process on the database the tests run on (PostgreSQL with DATABASE_URL, else embedded). Zero
 * failed responses, every answer checked, no acknowledged write lost; p50/p99 latency and
 * memory (RSS) recorded.
 *
 * CI runs a short form; a long one by hand: `LOAD_SECONDS=600 npm test -- tests/system/load`
 * (`RELIABILITY_REPORT_DIR=dir` keeps the report as JSON). Over a long run (2 minutes or more)
 * memory must stay flat: the last quarter's median RSS within 25% of the second quarter's.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createGatewayDatabase, type GatewayDatabase, type GatewayProcess, prepareWithEditorKey, startGatewayProcess } from "../../support/gateway-process";
import { createWriters, GatewayClient, type LoadReport, lostWrites, planReads, runLoad } from "./workload";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 50);
const WRITERS = 4;
const LONG_RUN_SECONDS = 120;

jest.setTimeout((SECONDS + 120) * 1000);

let database: GatewayDatabase;
let gateway: GatewayProcess;
let client: GatewayClient;
let editorKey: string;

beforeAll(async () => {
  database = await createGatewayDatabase();
  editorKey = await prepareWithEditorKey(database.env);
  gateway = await startGatewayProcess(database.env);
  client = new GatewayClient(gateway.url, CONNECTIONS);
});

afterAll(async () => {
  client?.close();
  await gateway?.stop();
  await database?.drop();
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

it(`answers a mixed workload at ${CONNECTIONS} connections for ${SECONDS} s without a failure, a wrong answer or a lost write`, async () => {
  await createWriters(client, editorKey, WRITERS);
  const reads = await planReads(client);
  const rss: number[] = [await gateway.rssBytes()];
  const report: LoadReport = await runLoad(client, reads, {
    connections: CONNECTIONS,
    durationMs: SECONDS * 1000,
    writers: WRITERS,
    writeEvery: 5,
    editorKey,
    everySecond: async () => void rss.push(await gateway.rssBytes()),
  });
  const lost = await lostWrites(client, report.acknowledged);
  const quarter = Math.max(1, Math.floor(rss.length / 4));
  const memory = {
    startMb: Math.round(rss[0]! / 2 ** 20),
    endMb: Math.round(rss.at(-1)! / 2 ** 20),
    maxMb: Math.round(Math.max(...rss) / 2 ** 20),
    secondQuarterMedianMb: Math.round(median(rss.slice(quarter, 2 * quarter)) / 2 ** 20),
    lastQuarterMedianMb: Math.round(median(rss.slice(-quarter)) / 2 ** 20),
    samplesMb: rss.map((bytes) => Math.round(bytes / 2 ** 20)),
  };
  if (process.env.RELIABILITY_REPORT_DIR) {
    await mkdir(process.env.RELIABILITY_REPORT_DIR, { recursive: true });
    const figures = { database: database.kind, reads: reads.length, ...report, timeline: undefined, acknowledged: undefined, lostWrites: lost.length, memory };
    await writeFile(join(process.env.RELIABILITY_REPORT_DIR, `load-${database.kind}.json`), JSON.stringify(figures, null, 2));
  }

  expect(report.failures).toEqual([]);
  expect(report.failed).toBe(0);
  expect(lost).toEqual([]);
  // Every kind of read and the writes really ran, on every connection's turn.
  expect(Object.keys(report.byOperation)).toEqual(expect.arrayContaining(["source reader", "person timeline", "topic dashboard", "search startup", "dashboard by 3", "search openai by 2", "reader by 5", "write"]));
  expect(report.writes.acknowledged).toBeGreaterThanOrEqual(WRITERS);
  expect(report.ok).toBeGreaterThan(CONNECTIONS * 2);
  if (SECONDS >= LONG_RUN_SECONDS) expect(memory.lastQuarterMedianMb).toBeLessThanOrEqual(memory.secondQuarterMedianMb * 1.25);
});
