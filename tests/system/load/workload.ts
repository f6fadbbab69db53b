import { Agent, request } from "node:http";
import { isDeepStrictEqual } from "node:util";
import { loadTrustedOperations, type TrustedOperation } from "../../../src/apollo/persisted-queries";

/**
 * A mixed workload for a running gateway, made of the operations clients send
 * (`schema/operations/`): person timelines, people directories, topic dashboards, searches,
 * the source reader, and deep pages walked by cursor, plus a trickle of writes. Every answer is
 * checked against the answer the quiet gateway gave before the load (itself checked against the
 * content: a quote is the body at its span), not only its status.
 */

const ESSAY = "openai-engineer-as-told-to";
/** The trusted operations the workload sends, by name. */
type OperationName = "PersonTimeline" | "PeopleDirectory" | "TopicDashboard" | "QuoteSearch" | "SourceReader";

/** A person the writes update, one per writing connection: their headline is all that changes. */
const WRITER_PREFIX = "load-writer-";

/** One read of the workload: an operation, its variables, how it is sent, and the answer it must get. */
export interface ReadSpec {
  label: string;
  operation: OperationName;
  variables: Record<string, unknown>;
  /** By hash over GET (as the web explorer sends it), or as text over POST. */
  via: "GET" | "POST";
  expected: unknown;
}

interface Reply {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
  ms: number;
}

/** An HTTP client over `connections` keep-alive sockets to one gateway. */
export class GatewayClient {
  private readonly agent: Agent;

  constructor(
    readonly url: string,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  /** Sends an operation; a request unanswered after `timeoutMs` is a failure (a hang), not a wait. */
  send(operation: OperationName, variables: Record<string, unknown>, via: "GET" | "POST", headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Reply> {
    const text = readOperationCached(operation);
    const started = performance.now();
    const target = new URL("/graphql", this.url);
    let body: string | undefined;
    if (via === "GET") {
      target.search = new URLSearchParams({
        operationName: operation,
        variables: JSON.stringify(variables),
        extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: trustedIdOf(operation) } }),
      }).toString();
    } else {
      body = JSON.stringify({ query: text, operationName: operation, variables });
    }
    return this.exchange(target, via, body, headers, timeoutMs, started);
  }

  /** Sends any document as text over POST. */
  post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Reply> {
    return this.exchange(new URL("/graphql", this.url), "POST", JSON.stringify({ query, variables }), headers, timeoutMs, performance.now());
  }

  close(): void {
    this.agent.destroy();
  }

  private exchange(target: URL, method: "GET" | "POST", body: string | undefined, headers: Record<string, string>, timeoutMs: number, started: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        target,
        {
          method,
          agent: this.agent,
          timeout: timeoutMs,
          headers: { "content-type": "application/json", "apollo-require-preflight": "1", ...headers },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => {
            const raw = Buffer.concat(chunks).toString("utf8");
            let parsed: Reply["body"] = null;
            try {
              parsed = JSON.parse(raw) as Reply["body"];
            } catch {
              parsed = null;
            }
            resolve({ status: incoming.statusCode ?? 0, body: parsed, ms: performance.now() - started });
          });
          incoming.on("error", reject);
        },
      );
      outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }
}

/** The project's persisted-query manifest, by operation name: the id the explorer sends over GET, and the text a POST sends. */
let trusted: Map<string, TrustedOperation> | undefined;
function trustedOperation(operation: OperationName): TrustedOperation {
  trusted ??= new Map([...loadTrustedOperations().byId.values()].map((it) => [it.name, it]));
  const found = trusted.get(operation);
  if (found === undefined) throw new Error(`no trusted operation ${operation}`);
  return found;
}

function trustedIdOf(operation: OperationName): string {
  return trustedOperation(operation).id;
}

function readOperationCached(operation: OperationName): string {
  return trustedOperation(operation).body;
}

const UPSERT_PERSON = `mutation ($input: UpsertPersonInput!) { upsertPerson(input: $input) { person { slug headline version } } }`;

/** The people the writes update; created before the quiet answers are taken, so those list them too. */
export async function createWriters(client: GatewayClient, editorKey: string, count: number): Promise<string[]> {
  const slugs: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const slug = `${WRITER_PREFIX}${index}`;
    const reply = await client.post(UPSERT_PERSON, { input: { slug, name: `Load Writer ${index}`, headline: "revision 0" } }, { authorization: `Bearer ${editorKey}` });
    if (reply.status !== 200 || reply.body?.errors) throw new Error(`could not create ${slug}: ${JSON.stringify(reply.body)}`);
    slugs.push(slug);
  }
  return slugs;
}

/** An answer with what the writes change (the writers' headlines and versions) taken out. */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const isWriter = entries.some(([key, field]) => key === "slug" && typeof field === "string" && field.startsWith(WRITER_PREFIX));
  return Object.fromEntries(entries.filter(([key]) => !(isWriter && (key === "headline" || key === "version"))).map(([key, field]) => [key, normalize(field)]));
}

async function quietAnswer(client: GatewayClient, operation: OperationName, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const reply = await client.send(operation, variables, "POST");
  if (reply.status !== 200 || reply.body?.errors || !reply.body?.data) throw new Error(`${operation} ${JSON.stringify(variables)} failed before the load: ${JSON.stringify(reply.body)}`);
  return reply.body.data as Record<string, unknown>;
}

interface Page {
  edges: Array<{ cursor: string; node: { text?: string; span?: { start: number; end: number } } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Walks every page of a connection, `size` at a time; each page becomes a read of the workload. */
async function walkPages(
  client: GatewayClient,
  operation: OperationName,
  label: string,
  variables: Record<string, unknown>,
  pageOf: (data: Record<string, unknown>) => Page,
): Promise<ReadSpec[]> {
  const specs: ReadSpec[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const pageVariables: Record<string, unknown> = { ...variables, after };
    const data = await quietAnswer(client, operation, pageVariables);
    specs.push({ label: `${label} page ${page + 1}`, operation, variables: pageVariables, via: page % 2 === 0 ? "GET" : "POST", expected: normalize(data) });
    const { pageInfo } = pageOf(data);
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }
  return specs;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`the quiet gateway's answer is wrong: ${what}`);
}

/**
 * The reads of the workload with their expected answers, taken from the gateway before any load
 * and checked against the content itself: the essay's body holds every quote at its span, the
 * timeline is Twitter then OpenAI, every page walk sees every quote once.
 */
export async function planReads(client: GatewayClient): Promise<ReadSpec[]> {
  const specs: ReadSpec[] = [];
  const add = async (label: string, operation: OperationName, variables: Record<string, unknown>, via: "GET" | "POST") => {
    const data = await quietAnswer(client, operation, variables);
    specs.push({ label, operation, variables, via, expected: normalize(data) });
    return data;
  };

  const reader = (await add("source reader", "SourceReader", { slug: ESSAY }, "GET")) as { source: { body: string; quotes: Page } };
  const points = [...reader.source.body];
  check(reader.source.quotes.totalCount === 29, "the essay has 29 quotes");
  for (const { node } of reader.source.quotes.edges) check(points.slice(node.span?.start, node.span?.end).join("") === node.text, `quote at ${JSON.stringify(node.span)} is the body at its span`);

  const timeline = (await add("person timeline", "PersonTimeline", { slug: "jigar-bhati" }, "GET")) as { person: { careerTimeline: Array<{ company: { slug: string } }> } };
  check(timeline.person.careerTimeline.map((step) => step.company.slug).join(",") === "twitter,openai", "Twitter then OpenAI");
  await add("person timeline, all quotes", "PersonTimeline", { slug: "jigar-bhati", quotes: 29 }, "POST");
  await add("people directory", "PeopleDirectory", { first: 20 }, "GET");
  await add("people directory, by name", "PeopleDirectory", { search: "bhati", first: 5 }, "POST");

  const dashboard = (await add("topic dashboard", "TopicDashboard", { filter: {}, first: 20 }, "GET")) as { topics: Array<{ slug: string }> };
  for (const [index, topic] of dashboard.topics.entries()) {
    await add(`dashboard by topic ${topic.slug}`, "TopicDashboard", { filter: { topics: [topic.slug] }, first: 20 }, index % 2 === 0 ? "GET" : "POST");
  }
  for (const company of ["twitter", "openai"]) await add(`dashboard by company ${company}`, "TopicDashboard", { filter: { companies: [company] }, first: 20 }, "GET");
  await add("dashboard by two facets", "TopicDashboard", { filter: { topics: ["hiring", "career-moves"], companies: ["openai"], search: "openai" }, first: 10 }, "POST");

  for (const search of ["startup", "twitter OR openai", '"best talent"', "engineer -twitter", "hiring", "growth", "scale"]) {
    await add(`search ${search}`, "QuoteSearch", { search, first: 10 }, "GET");
  }

  const dashboardPages = await walkPages(client, "TopicDashboard", "dashboard by 3", { filter: {}, first: 3 }, (data) => data.quotes as Page);
  const seen = new Set(dashboardPages.flatMap((spec) => ((spec.expected as { quotes: Page }).quotes.edges ?? []).map((edge) => edge.cursor)));
  check(seen.size === 29, "pages of 3 see all 29 quotes once");
  specs.push(...dashboardPages);
  specs.push(...(await walkPages(client, "QuoteSearch", "search openai by 2", { search: "openai", first: 2, orderBy: "SOURCE_ORDER" }, (data) => data.quotes as Page)));
  specs.push(...(await walkPages(client, "SourceReader", "reader by 5", { slug: ESSAY, first: 5 }, (data) => (data.source as { quotes: Page }).quotes)));
  return specs;
}

export interface Latency {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function latencyOf(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0);
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(sorted.at(-1) ?? 0) };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export interface LoadOptions {
  connections: number;
  durationMs: number;
  /** Each writer connection sends one write for every `writeEvery` requests. */
  writers: number;
  writeEvery: number;
  editorKey: string;
  /**
   * Whether a 503 SERVICE_UNAVAILABLE answer is expected (the database is being stopped): it
   * is then counted apart, as refused cleanly; otherwise it is a failure.
   */
  outageExpected?: boolean;
  /** Called about once a second while the load runs (e.g. to sample memory). */
  everySecond?: (second: number) => Promise<void>;
}

/** What happened in one second of the run. */
export interface Second {
  second: number;
  ok: number;
  unavailable: number;
  failed: number;
}

export interface LoadReport {
  connections: number;
  seconds: number;
  requests: number;
  ok: number;
  /** Answered 503 SERVICE_UNAVAILABLE (only when an outage is expected). */
  unavailable: number;
  failed: number;
  /** The first failures, described. */
  failures: string[];
  latencyMs: Latency;
  unavailableLatencyMs: Latency | null;
  byOperation: Record<string, Latency>;
  writes: { sent: number; acknowledged: number };
  timeline: Second[];
  /** The headline each writer last got acknowledged. */
  acknowledged: Record<string, string>;
}

/**
 * Runs the workload: `connections` loops, each sending reads of `reads` in turn (each loop from
 * its own offset) and, for the first `writers` loops, a headline update every `writeEvery`
 * requests; until `durationMs` has passed. Every answer is compared with its expected one.
 */
export async function runLoad(client: GatewayClient, reads: ReadSpec[], options: LoadOptions): Promise<LoadReport> {
  const started = performance.now();
  const deadline = started + options.durationMs;
  const latencies: number[] = [];
  const unavailableLatencies: number[] = [];
  const byOperation = new Map<string, number[]>();
  const failures: string[] = [];
  const timeline: Second[] = [];
  const acknowledged: Record<string, string> = {};
  const writes = { sent: 0, acknowledged: 0 };
  let failed = 0;

  const secondOf = (at: number): Second => {
    const second = Math.floor((at - started) / 1000);
    while (timeline.length <= second) timeline.push({ second: timeline.length, ok: 0, unavailable: 0, failed: 0 });
    return timeline[second] as Second;
  };
  const fail = (what: string) => {
    failed += 1;
    secondOf(performance.now()).failed += 1;
    if (failures.length < 20) failures.push(what);
  };
  /**
   * When the test stops the database on purpose: an answer whose every error is
   * SERVICE_UNAVAILABLE (HTTP 503 when nothing could be answered; 200 with the rest of the
   * data when the outage cut a field short).
   */
  const refusedCleanly = (reply: Reply) => {
    const errors = reply.body?.errors ?? [];
    return options.outageExpected === true && (reply.status === 503 || reply.status === 200) && errors.length > 0 && errors.every((error) => error.extensions?.code === "SERVICE_UNAVAILABLE");
  };

  const record = (label: string, reply: Reply, correct: () => string | null) => {
    if (refusedCleanly(reply)) {
      unavailableLatencies.push(reply.ms);
      secondOf(performance.now()).unavailable += 1;
      return;
    }
    const problem = reply.status !== 200 ? `HTTP ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}` : reply.body?.errors ? `errors: ${JSON.stringify(reply.body.errors).slice(0, 300)}` : correct();
    if (problem) {
      fail(`${label}: ${problem}`);
      return;
    }
    latencies.push(reply.ms);
    secondOf(performance.now()).ok += 1;
    const samples = byOperation.get(label.split(" page ")[0] ?? label) ?? [];
    samples.push(reply.ms);
    byOperation.set(label.split(" page ")[0] ?? label, samples);
  };

  const loop = async (index: number) => {
    const writer = index < options.writers ? `${WRITER_PREFIX}${index}` : null;
    for (let turn = 0; performance.now() < deadline; turn += 1) {
      try {
        if (writer && turn % options.writeEvery === options.writeEvery - 1) {
          const headline = `revision ${turn}`;
          writes.sent += 1;
          const reply = await client.post(UPSERT_PERSON, { input: { slug: writer, headline } }, { authorization: `Bearer ${options.editorKey}` });
          record("write", reply, () => {
            const person = (reply.body?.data as { upsertPerson?: { person?: { headline?: string } } } | undefined)?.upsertPerson?.person;
            return person?.headline === headline ? null : `write answered ${JSON.stringify(reply.body?.data)}`;
          });
          if (reply.status === 200 && !reply.body?.errors) {
            writes.acknowledged += 1;
            acknowledged[writer] = headline;
          }
          continue;
        }
        const spec = reads[(index * 7 + turn) % reads.length] as ReadSpec;
        const reply = await client.send(spec.operation, spec.variables, spec.via);
        record(spec.label, reply, () => (isDeepStrictEqual(normalize(reply.body?.data), spec.expected) ? null : `a different answer: ${JSON.stringify(reply.body?.data).slice(0, 300)}`));
      } catch (error) {
        fail(`request failed: ${(error as Error).message}`);
      }
    }
  };

  let ticking = true;
  const ticker = (async () => {
    for (let second = 0; ticking; second += 1) {
      await options.everySecond?.(second);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  await Promise.all(Array.from({ length: options.connections }, (_, index) => loop(index)));
  ticking = false;
  await ticker;

  const answered = latencies.length + unavailableLatencies.length + failed;
  return {
    connections: options.connections,
    seconds: round((performance.now() - started) / 1000),
    requests: answered,
    ok: latencies.length,
    unavailable: unavailableLatencies.length,
    failed,
    failures,
    latencyMs: latencyOf(latencies),
    unavailableLatencyMs: unavailableLatencies.length > 0 ? latencyOf(unavailableLatencies) : null,
    byOperation: Object.fromEntries([...byOperation].map(([label, samples]) => [label, latencyOf(samples)])),
    writes,
    timeline,
    acknowledged,
  };
}

/** The writers whose headline is not the last one acknowledged to them: a lost write. */
export async function lostWrites(client: GatewayClient, acknowledged: Record<string, string>): Promise<string[]> {
  const lost: string[] = [];
  for (const [slug, headline] of Object.entries(acknowledged)) {
    const reply = await client.post(`query ($slug: String!) { person(slug: $slug) { headline } }`, { slug });
    const found = (reply.body?.data as { person?: { headline?: string } } | undefined)?.person?.headline;
    if (found !== headline) lost.push(`${slug}: acknowledged "${headline}", found "${found}"`);
  }
  return lost;
}
