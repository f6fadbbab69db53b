/**
 * Redis stopped and started again under load: a gateway process sharing its caches, persisted
 * queries and rate limits through a Redis of its own (scripts/redis-server.sh), on the database
 * the tests run on, serves the mixed workload of tests/system/load while Redis is halted for a few
 * seconds. Not one request fails or gets a wrong answer: the gateway serves from the database,
 * logs a warning, and once Redis is back it says so and stores in Redis again.
 * RELIABILITY_REPORT_DIR keeps the figures.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { createGatewayDatabase, type GatewayDatabase, type GatewayProcess, prepareWithEditorKey, startGatewayProcess } from "../../support/gateway-process";
import { eventually, startRedis, type TestService } from "../../support/services";
import { createWriters, GatewayClient, lostWrites, planReads, runLoad } from "../load/workload";
import { requirePackage } from "../../support/system-packages";

const CONNECTIONS = 50;
const DOWN_AFTER_MS = 4_000;
const DOWN_FOR_MS = 5_000;
const RUN_MS = 15_000;

jest.setTimeout(180_000);

let redis: TestService;
let database: GatewayDatabase;
let gateway: GatewayProcess;
let client: GatewayClient;
let editorKey: string;

beforeAll(async () => {
  requirePackage("redis-server");
  [redis, database] = await Promise.all([startRedis(), createGatewayDatabase()]);
  editorKey = await prepareWithEditorKey(database.env);
  gateway = await startGatewayProcess({ ...database.env, REDIS_URL: redis.url });
  client = new GatewayClient(gateway.url, CONNECTIONS);
});

afterAll(async () => {
  client?.close();
  await gateway?.stop();
  await redis?.stop();
  await database?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many keys Redis holds (DBSIZE, over RESP by hand: the tests need no Redis client). */
function redisKeyCount(): Promise<number> {
  const { hostname, port } = new URL(redis.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write("*1\r\n$6\r\nDBSIZE\r\n"));
    socket.once("data", (data) => {
      socket.end();
      const count = /^:(\d+)/.exec(data.toString("utf8"))?.[1];
      if (count === undefined) reject(new Error(`DBSIZE answered ${data.toString("utf8")}`));
      else resolve(Number(count));
    });
    socket.once("error", reject);
  });
}

/** Whether the gateway has logged a line with this message (its logs are JSON lines). */
const logged = (message: string) => gateway.logs().includes(`"msg":"${message}`);

it("keeps answering every request correctly while Redis is down, warns, and uses Redis again once it is back", async () => {
  await createWriters(client, editorKey, 4);
  const reads = await planReads(client);
  expect(await redisKeyCount()).toBeGreaterThan(0);

  const load = runLoad(client, reads, { connections: CONNECTIONS, durationMs: RUN_MS, writers: 4, writeEvery: 5, editorKey });
  await sleep(DOWN_AFTER_MS);
  await redis.halt();
  await eventually(async () => logged("Redis is unreachable"), "a warning that Redis is unreachable", 100, 100);
  await sleep(DOWN_FOR_MS);
  await redis.resume();
  // A resumed Redis starts empty (nothing is persisted): keys in it now were stored after it came back.
  await eventually(async () => logged("Redis is back"), "the gateway saying Redis is back", 150, 100);
  const report = await load;
  await eventually(async () => (await redisKeyCount()) > 0, "the gateway storing in Redis again", 100, 100);
  const lost = await lostWrites(client, report.acknowledged);

  if (process.env.RELIABILITY_REPORT_DIR) {
    await mkdir(process.env.RELIABILITY_REPORT_DIR, { recursive: true });
    const figures = { database: database.kind, ...report, acknowledged: undefined, lostWrites: lost.length };
    await writeFile(join(process.env.RELIABILITY_REPORT_DIR, `redis-outage-${database.kind}.json`), JSON.stringify(figures, null, 2));
  }
  expect(gateway.logs().split("\n").filter((line) => line.includes('"level":50'))).toEqual([]);
  expect(report.failures).toEqual([]);
  expect(report.failed).toBe(0);
  expect(report.unavailable).toBe(0);
  expect(lost).toEqual([]);
  expect(report.writes.acknowledged).toBeGreaterThan(0);
});
