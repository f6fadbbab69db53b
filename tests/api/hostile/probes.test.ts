/**
 * Hostile requests over real HTTP, each refused with a clear code before it can cost much:
 * deep nesting (selections, arguments, JSON variables), alias, field and fragment floods,
 * batches, huge bodies and strings, invalid UTF-8, injection attempts in every string argument
 * and bundle field, and brute-force key guessing. None may answer INTERNAL_SERVER_ERROR or 5xx,
 * and none may change the database. With RELIABILITY_REPORT_DIR set, every probe's status,
 * code and time are written to probes.json (figures for docs/reliability.md; never asserted).
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { snapshot } from "../../support/bundles";
import { bearer, type OwnApp, startOwnApp } from "../../support/http";
import { ApiKeyRole, createKey, type TestKey } from "../../support/keys";

const ESSAY = "openai-engineer-as-told-to";

let own: OwnApp;
let editor: TestKey;

beforeAll(async () => {
  own = await startOwnApp({ rateLimits: { perMinute: 0, perMinuteWithKey: 0, failedAuthPerMinute: 0 } });
  editor = await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR);
});

afterAll(async () => {
  await writeReport();
  await own?.finish();
});

interface Answer {
  status: number;
  codes: string[];
  argumentPaths: string[];
  messages: string[];
  data: unknown;
  ms: number;
}

const probes: Array<{ probe: string; status: number; code: string; ms: number }> = [];

async function writeReport(): Promise<void> {
  const dir = process.env.RELIABILITY_REPORT_DIR;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "probes.json"), JSON.stringify(probes, null, 2));
}

/** Sends a raw request to /graphql and records what came back. */
async function send(probe: string, init: { method?: "GET" | "POST"; body?: string | Buffer; search?: string; headers?: Record<string, string> }): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${own.app.url}/graphql${init.search ?? ""}`, {
    method: init.method ?? "POST",
    headers: { "content-type": "application/json", "apollo-require-preflight": "1", ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  const ms = Math.round(performance.now() - started);
  let body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string; argumentPath?: string } }> } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = {};
  }
  const errors = body.errors ?? [];
  const answer = {
    status: response.status,
    codes: errors.map((error) => error.extensions?.code ?? "(none)"),
    argumentPaths: errors.map((error) => error.extensions?.argumentPath ?? ""),
    messages: errors.map((error) => error.message),
    data: body.data,
    ms,
  };
  probes.push({ probe, status: answer.status, code: answer.codes[0] ?? "(answered)", ms });
  return answer;
}

const post = (probe: string, payload: unknown, headers: Record<string, string> = {}) => send(probe, { body: JSON.stringify(payload), headers });

/** What every answer must be, hostile or not: no 5xx, no internal error, every error coded. */
function expectNoInternalError(answer: Answer): void {
  expect(answer.status).toBeLessThan(500);
  expect(answer.codes).not.toContain("INTERNAL_SERVER_ERROR");
  expect(answer.codes).not.toContain("(none)");
}

function expectRefused(answer: Answer, status: number, code: string, message: RegExp): void {
  expectNoInternalError(answer);
  expect({ status: answer.status, code: answer.codes[0] }).toEqual({ status, code });
  expect(answer.messages[0]).toMatch(message);
}

describe("deep nesting", () => {
  it("refuses ten thousand nested selections by their brackets, before parsing them", async () => {
    const answer = await post("10,000 nested selections", { query: `{${"a{".repeat(10_000)}b${"}".repeat(10_000)}}` });
    expectRefused(answer, 400, "QUERY_TOO_COMPLEX", /nests brackets 10001 deep; the limit is 64/);
  });

  it("refuses selections nested past the depth limit", async () => {
    const nested = `{ person(slug: "jigar-bhati") { ${"quotes { edges { node { speaker { ".repeat(4)}name${" } } } }".repeat(4)} } }`;
    expectRefused(await post("17 nested fields", { query: nested }), 400, "QUERY_TOO_COMPLEX", /nests \d+ levels deep; the limit is 12/);
  });

  it("refuses a nested argument value three thousand deep", async () => {
    const answer = await post("3,000 nested argument objects", { query: `{ quotes(filter: ${"{a:".repeat(3_000)}1${"}".repeat(3_000)}) { totalCount } }` });
    expectRefused(answer, 400, "QUERY_TOO_COMPLEX", /nests brackets/);
  });

  it("refuses JSON variables nested a hundred thousand deep, in a body or a GET", async () => {
    const query = "query ($f: QuoteFilter) { quotes(filter: $f) { totalCount } }";
    const body = `{"query":${JSON.stringify(query)},"variables":{"f":{"topics":${"[".repeat(100_000)}${"]".repeat(100_000)}}}}`;
    const answer = await send("variables 100,000 arrays deep (POST)", { body });
    expectRefused(answer, 400, "BAD_USER_INPUT", /nests deeper than 32 levels/);
    expect(answer.argumentPaths[0]).toBe("body");

    const variables = `{"f":{"topics":${"[".repeat(200)}${"]".repeat(200)}}}`;
    const get = await send("variables 200 arrays deep (GET)", { method: "GET", search: `?${new URLSearchParams({ query, variables }).toString()}` });
    expectRefused(get, 400, "BAD_USER_INPUT", /nests deeper than 32 levels/);
    expect(get.argumentPaths[0]).toBe("variables");
  });
});

describe("floods", () => {
  it("refuses twenty thousand aliases by their tokens", async () => {
    const query = `{ ${Array.from({ length: 20_000 }, (_, i) => `a${i}: __typename`).join(" ")} }`;
    expectRefused(await post("20,000 aliases", { query }), 400, "QUERY_TOO_COMPLEX", /over 20000 tokens/);
  });

  it("refuses six hundred aliased fields by their count", async () => {
    const query = `{ ${Array.from({ length: 600 }, (_, i) => `a${i}: topics { slug }`).join(" ")} }`;
    expectRefused(await post("600 aliased fields", { query }), 400, "QUERY_TOO_COMPLEX", /selects 1200 fields/);
  });

  it("refuses fragments spread three ways twenty-five deep (3^25 fields) after counting a few thousand", async () => {
    let query = "{ ...F0 } ";
    for (let i = 0; i < 25; i += 1) query += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} ...F${i + 1} } `;
    query += "fragment F25 on Query { __typename }";
    expectRefused(await post("fragment bomb 3^25", { query }), 400, "QUERY_TOO_COMPLEX", /selects more than 5000 fields/);
  });

  it("refuses a field repeated with thousands of directives", async () => {
    expectRefused(await post("20,000 directives", { query: `{ __typename${" @skip(if: false)".repeat(20_000)} }` }), 400, "QUERY_TOO_COMPLEX", /tokens/);
  });
});

describe("batches", () => {
  it("runs a batch of ten, refuses eleven, and refuses nested or empty batches with a code", async () => {
    const ten = await send("batch of 10", { body: JSON.stringify(Array.from({ length: 10 }, () => ({ query: "{ __typename }" }))) });
    expect(ten.status).toBe(200);
    const eleven = await send("batch of 11", { body: JSON.stringify(Array.from({ length: 11 }, () => ({ query: "{ __typename }" }))) });
    expectRefused(eleven, 400, "BAD_USER_INPUT", /a batch holds at most 10 operations/);
    expect(eleven.argumentPaths[0]).toBe("batch");
    expectRefused(await send("nested batch", { body: '[[[{"query":"{ __typename }"}]]]' }), 400, "BAD_REQUEST", /./);
    expectRefused(await send("empty batch", { body: "[]" }), 400, "BAD_REQUEST", /No operations/);
  });

  it("checks every operation of a batch: one deep operation refuses the batch", async () => {
    const batch = [{ query: "{ __typename }" }, { query: `{${"a{".repeat(100)}b${"}".repeat(100)}}` }];
    expectRefused(await send("batch with a deep operation", { body: JSON.stringify(batch) }), 400, "QUERY_TOO_COMPLEX", /nests brackets/);
  });
});

describe("huge bodies and strings", () => {
  it("refuses a body over MAX_BODY_BYTES with 413", async () => {
    const answer = await post("2 MB body", { query: "{ __typename }", variables: { padding: "x".repeat(2 * 1024 * 1024) } });
    expectRefused(answer, 413, "BAD_USER_INPUT", /over 1048576 bytes/);
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    ["a 900 KB search", "query ($f: QuoteFilter) { quotes(filter: $f) { totalCount } }", { f: { search: "a".repeat(900_000) } }, "filter.search"],
    ["a 900 KB people search", "query ($s: String) { people(search: $s) { totalCount } }", { s: "b".repeat(900_000) }, "search"],
    ["100,000 topic slugs", "query ($f: QuoteFilter) { quoteStats(filter: $f) { total } }", { f: { topics: Array.from({ length: 100_000 }, () => "x") } }, "filter.topics"],
  ])("refuses %s naming the argument", async (probe, query, variables, argumentPath) => {
    const answer = await post(probe, { query, variables });
    expectRefused(answer, 200, "BAD_USER_INPUT", new RegExp(`^${argumentPath.replace(".", "\\.")}: `));
    expect(answer.argumentPaths[0]).toBe(argumentPath);
  });

  it("answers a 900 KB slug with nothing found, not an error", async () => {
    const answer = await post("a 900 KB slug", { query: "query ($s: String!) { person(slug: $s) { name } }", variables: { s: "c".repeat(900_000) } });
    expectNoInternalError(answer);
    expect(answer.data).toEqual({ person: null });
  });
});

describe("invalid UTF-8", () => {
  it("refuses a body that is not UTF-8, saying at which byte", async () => {
    const body = Buffer.concat([Buffer.from('{"query":"{ person(slug: \\"'), Buffer.from([0xff, 0xfe]), Buffer.from('\\") { name } }"}')]);
    const answer = await send("invalid UTF-8 body", { body });
    expectRefused(answer, 400, "BAD_USER_INPUT", /not valid UTF-8 \(at byte 27\)/);
    expect(answer.argumentPaths[0]).toBe("body");
  });

  it("refuses a truncated sequence and an overlong encoding", async () => {
    for (const bytes of [[0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      const body = Buffer.concat([Buffer.from('{"query":"{ __typename }","variables":{"s":"'), Buffer.from(bytes), Buffer.from('"}}')]);
      expectRefused(await send(`invalid UTF-8 bytes ${bytes.map((b) => b.toString(16)).join(" ")}`, { body }), 400, "BAD_USER_INPUT", /not valid UTF-8/);
    }
  });

  it("refuses a GET whose parameters do not percent-decode to UTF-8", async () => {
    const answer = await send("invalid UTF-8 query string", { method: "GET", search: "?query=%7B%20person(slug:%22%FF%22)%20%7B%20name%20%7D%20%7D" });
    expectRefused(answer, 400, "BAD_USER_INPUT", /"query" is not valid percent-encoded UTF-8/);
    expect(answer.argumentPaths[0]).toBe("query string");
  });
});

/** Strings that try to escape their place: SQL, tsquery syntax, LIKE wildcards, NUL, markup, format specifiers. */
const INJECTIONS = [
  "'; drop table quotes; --",
  "' or '1'='1",
  "\\'; select pg_sleep(10); --",
  "jigar-bhati' union select * from api_keys --",
  "%",
  "_",
  "\\",
  "$1",
  "!!:*&|()<>",
  "a & | b",
  "\"unterminated",
  "<script>alert(1)</script>",
  "${jndi:ldap://x}",
  "%s%n%x",
  "\u0000",
  "x\u0000y",
  "\u202e\u200b\ufeff",
  "🙂".repeat(50),
];

describe("injection attempts in every string argument", () => {
  const READS: Array<[string, string, (value: string) => Record<string, unknown>]> = [
    ["quotes.search", "query ($f: QuoteFilter) { quotes(filter: $f, orderBy: RELEVANCE) { totalCount edges { highlight } } }", (value) => ({ f: { search: value } })],
    ["quotes.topics", "query ($f: QuoteFilter) { quotes(filter: $f) { totalCount } }", (value) => ({ f: { topics: [value], companies: [value], speakers: [value], sources: [value] } })],
    ["quoteStats.search", "query ($f: QuoteFilter) { quoteStats(filter: $f) { total byTopic { count } } }", (value) => ({ f: { search: value } })],
    ["person.slug", "query ($s: String!) { person(slug: $s) { name } }", (value) => ({ s: value })],
    ["source.slug", "query ($s: String!) { source(slug: $s) { title } }", (value) => ({ s: value })],
    ["company.slug", "query ($s: String!) { company(slug: $s) { name } }", (value) => ({ s: value })],
    ["people.search", "query ($s: String) { people(search: $s) { totalCount } }", (value) => ({ s: value })],
    ["quotes.after", "query ($c: String) { quotes(after: $c) { totalCount } }", (value) => ({ c: value })],
    ["quotes.after (base64)", "query ($c: String) { quotes(after: $c) { totalCount } }", (value) => ({ c: Buffer.from(JSON.stringify(["quotes", value, 1, 2])).toString("base64url") })],
    ["node.id", "query ($id: ID!) { node(id: $id) { id } }", (value) => ({ id: value })],
    ["node.id (base64)", "query ($id: ID!) { node(id: $id) { id } }", (value) => ({ id: Buffer.from(`Quote:${value}`).toString("base64") })],
  ];

  it(`answers ${READS.length} read arguments × ${INJECTIONS.length} hostile strings with data or a coded refusal, and changes nothing`, async () => {
    const before = await snapshot(own.app.database.dataSource);
    for (const [argument, query, variables] of READS) {
      for (const value of INJECTIONS) {
        const answer = await post(`injection into ${argument}`, { query, variables: variables(value) });
        expectNoInternalError(answer);
        if (answer.codes.length > 0) expect(answer.codes).toEqual(answer.codes.map(() => "BAD_USER_INPUT"));
      }
    }
    expect(await snapshot(own.app.database.dataSource)).toEqual(before);
  });

  /** Uses the key once, so that the snapshot after it already holds its last_used_at (written at most once a minute). */
  const useKey = () => post("the editor's key", { query: "{ viewer { label } }" }, bearer(editor.secret));

  it("refuses hostile slugs in a write with the argument's path, and stores hostile text verbatim", async () => {
    await useKey();
    const before = await snapshot(own.app.database.dataSource);
    const upsert = "mutation ($input: UpsertTopicInput!) { upsertTopic(input: $input) { topic { slug name } } }";
    for (const value of INJECTIONS) {
      const answer = await post("injection into upsertTopic.slug", { query: upsert, variables: { input: { slug: value, name: "x" } } }, bearer(editor.secret));
      expectRefused(answer, 200, "BAD_USER_INPUT", /slug/);
    }
    expect(await snapshot(own.app.database.dataSource)).toEqual(before);

    for (const [index, value] of INJECTIONS.filter((text) => !text.includes("\u0000")).entries()) {
      const answer = await post("injection into upsertTopic.name", { query: upsert, variables: { input: { slug: `hostile-${index}`, name: value } } }, bearer(editor.secret));
      expectNoInternalError(answer);
      expect(answer.data).toEqual({ upsertTopic: { topic: { slug: `hostile-${index}`, name: value.normalize("NFC") } } });
    }
    const nul = await post("NUL in upsertTopic.name", { query: upsert, variables: { input: { slug: "hostile-nul", name: "a\u0000b" } } }, bearer(editor.secret));
    expectRefused(nul, 200, "BAD_USER_INPUT", /name/);
  });

  it("refuses a bundle whose slugs are hostile, naming the field, and changes nothing", async () => {
    await useKey();
    const before = await snapshot(own.app.database.dataSource);
    const importInterview = "mutation ($bundle: String!) { importInterview(bundle: $bundle) { sourceSlug } }";
    for (const value of INJECTIONS.slice(0, 6)) {
      const bundle = {
        source: { slug: value, title: value, kind: "INTERVIEW", body: `${value} said hello.` },
        people: [{ slug: "hostile-person", name: value }],
        quotes: [{ speaker: "hostile-person", text: `${value} said hello.` }],
      };
      const answer = await post("injection into a bundle's slug", { query: importInterview, variables: { bundle: stringify(bundle) } }, bearer(editor.secret));
      expectRefused(answer, 200, "BAD_USER_INPUT", /^bundle\.source\.slug/);
      expect(answer.argumentPaths[0]).toBe("bundle.source.slug");
    }
    expect(await snapshot(own.app.database.dataSource)).toEqual(before);
    // The essay is whole.
    const essay = await post("essay after injections", { query: "query ($s: String!) { source(slug: $s) { quotes { totalCount } } }", variables: { s: ESSAY } });
    expect(essay.data).toEqual({ source: { quotes: { totalCount: 29 } } });
  });
});

describe("brute-force key guessing", () => {
  let guarded: OwnApp;

  beforeAll(async () => {
    guarded = await startOwnApp({ loadContentOnEmpty: false });
  });

  afterAll(async () => {
    await guarded?.finish();
  });

  it("answers random keys UNAUTHENTICATED, then RATE_LIMITED past 20 a minute from one address", async () => {
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const started = performance.now();
      const response = await fetch(`${guarded.app.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...bearer(`ig_${randomBytes(32).toString("base64url")}`) },
        body: JSON.stringify({ query: "{ viewer { label } }" }),
      });
      const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      const code = body.errors?.[0]?.extensions?.code ?? "(answered)";
      probes.push({ probe: "a guessed API key", status: response.status, code, ms: Math.round(performance.now() - started) });
      outcomes.push(`${response.status} ${code}`);
    }
    expect(outcomes.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => "401 UNAUTHENTICATED"));
    expect(outcomes.slice(20)).toEqual(Array.from({ length: 10 }, () => "429 RATE_LIMITED"));
    // Past the limit a request is refused before its key is looked up and before its body is
    // read: a body over MAX_BODY_BYTES, which reading would refuse with 413, gets the 429.
    const huge = await fetch(`${guarded.app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(`ig_${randomBytes(32).toString("base64url")}`) },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: "x".repeat(2_000_000) } }),
    });
    expect(huge.status).toBe(429);
    expect(huge.headers.get("retry-after")).toEqual(expect.stringMatching(/^\d+$/));
  });

  it("counts a fresh random token per request against the address, not against a bucket of its own", async () => {
    const limited = await startOwnApp({ loadContentOnEmpty: false, rateLimits: { perMinute: 5, perMinuteWithKey: 1000, failedAuthPerMinute: 0 } });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 8; attempt += 1) {
        const response = await fetch(`${limited.app.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...bearer(`ig_${randomBytes(32).toString("base64url")}`) },
          body: JSON.stringify({ query: "{ __typename }" }),
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      // The address's own budget is spent: a request without a key is refused too.
      expect((await fetch(`${limited.app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) })).status).toBe(429);
    } finally {
      await limited.finish();
    }
  });
});
