/**
 * What operators see: Prometheus metrics on /metrics, one structured log line per request
 * (without secrets), and OpenTelemetry traces sent to a collector when one is configured.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { Writable } from "node:stream";
import pino from "pino";
import { type App, startApp } from "../../src/app";
import { PROJECT_ROOT } from "../../src/project";
import { readOperation } from "../../src/apollo/operations";
import { bearer, graphql } from "../support/http";
import { ApiKeyRole, createKey } from "../support/keys";
import { eventually } from "../support/services";
import { createTestConfig } from "../support/test-database";

let app: App;
let drop: () => Promise<void>;
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const test = await createTestConfig();
  drop = test.drop;
  app = await startApp(test.config, pino({ level: "info" }, sink));
});

afterAll(async () => {
  await app?.close();
  await drop?.();
});

async function metrics(): Promise<string> {
  const response = await fetch(`${app.url}/metrics`);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  return response.text();
}

describe("/metrics", () => {
  it("counts requests and times them by operation and outcome, with SQL statements per request", async () => {
    await graphql(app, readOperation("person-timeline"), { slug: "jigar-bhati" });
    await graphql(app, `query Mine { topics { slug } }`);
    await graphql(app, `{ quotes(first: 500) { totalCount } }`);
    const text = await metrics();
    expect(text).toMatch(/graphql_requests_total\{operation="PersonTimeline",outcome="ok"\} 1\n/);
    // A name that is not one of schema/operations/ is not a label: clients cannot grow the metrics.
    expect(text).toMatch(/graphql_requests_total\{operation="other",outcome="ok"\} 1\n/);
    expect(text).toMatch(/graphql_requests_total\{operation="anonymous",outcome="BAD_USER_INPUT"\} 1\n/);
    expect(text).toMatch(/graphql_request_duration_seconds_count\{operation="PersonTimeline",outcome="ok"\} 1\n/);
    expect(text).toMatch(/graphql_sql_statements_bucket\{le="8",operation="PersonTimeline"\} 1\n/);
    expect(text).toMatch(/graphql_sql_statements_count\{operation="PersonTimeline"\} 1\n/);
    expect(text).toMatch(/db_pool_connections\{pool="primary",state="total"\} \d+/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });
});

describe("request logs", () => {
  it("logs one JSON line per request: id, operation, outcome, duration, cost, cache, statements; never the key", async () => {
    const key = await createKey(app.database.dataSource, ApiKeyRole.EDITOR);
    lines.length = 0;
    await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "req-123", ...bearer(key.secret) },
      body: JSON.stringify({ query: readOperation("topic-dashboard"), variables: { filter: { topics: ["hiring"] } }, operationName: "TopicDashboard" }),
    });
    await eventually(async () => lines.some((line) => line.msg === "graphql request"), "the request's log line");
    const line = lines.find((entry) => entry.msg === "graphql request");
    expect(line).toMatchObject({ level: 30, requestId: "req-123", operation: "TopicDashboard", kind: "query", outcome: "ok", errors: [], cache: "miss", viewer: key.secret.slice(0, 8) });
    expect(line?.durationMs).toEqual(expect.any(Number));
    expect(line?.statements).toBeGreaterThan(0);
    expect((line?.cost as number) > 0).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(key.secret);
  });
});

describe("OpenTelemetry", () => {
  it("sends traces of requests, GraphQL and SQL to the collector at OTEL_EXPORTER_OTLP_ENDPOINT", async () => {
    const received: string[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        if (req.url === "/v1/traces") received.push(Buffer.concat(chunks).toString("utf8"));
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", PGLITE_DATA_DIR: "memory://", LOG_LEVEL: "info", OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: "100" };
    delete env.DATABASE_URL;
    delete env.DATABASE_REPLICA_URLS;
    const child = spawn(process.execPath, ["dist/src/main.js"], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
    try {
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      await eventually(async () => /"msg":"Interview Graph is serving"/.test(stdout), "the server starting", 600, 100);
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/graphql"/.exec(stdout)?.[1];
      const reply = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `query Traced { topics { slug } }` }) });
      expect(reply.status).toBe(200);
      // The spans come in batches: the HTTP request's ends after its answer, so it may come in a later one than GraphQL's.
      const HTTP_SPAN = /"name":"POST \/graphql"|"name":"POST"/;
      await eventually(async () => received.some((body) => body.includes("Traced")) && HTTP_SPAN.test(received.join("\n")), "a trace of the request", 100, 100);
      const spans = received.join("\n");
      expect(spans).toContain('"stringValue":"interview-graph"');
      expect(spans).toMatch(HTTP_SPAN);
      expect(spans).toMatch(/"name":"graphql\.execute"|"name":"query Traced"/);
      expect(spans).toMatch(/"name":"pg\.query/);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("close", resolve));
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
