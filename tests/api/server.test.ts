/**
 * The gateway end to end over real HTTP: start-up (migrations, content on an empty database),
 * the read API through POST /graphql, the SQL-statement header, health and readiness, graceful
 * shutdown, and error masking in production. Every app runs on a database of its own.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { type App, startApp } from "../../src/app";
import { CLI_INGEST, ingestFiles } from "../../src/content/ingest";
import { runPendingMigrations } from "../../src/db/migrations";
import { readOperation } from "../../src/apollo/operations";
import { CONTENT_DIR } from "../../src/project";
import { bearer, type GraphQLReply, graphql, startOwnApp } from "../support/http";
import { ApiKeyRole, createKey } from "../support/keys";
import { createTestConfig, silentLogger } from "../support/test-database";

const PERSON = "jigar-bhati";
const SOURCE = "openai-engineer-as-told-to";
/** How many quotes content/openai-engineer-as-told-to.yaml lists. */
const ESSAY_QUOTES = 29;

/** `[...body].slice(start, end).join('')`: spans count code points. */
function at(body: string, span: { start: number; end: number }): string {
  return [...body].slice(span.start, span.end).join("");
}

/** A temp folder removed by `cleanup`. */
async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `ig-${prefix}-`));
}

/** Resolves with the error code of a TCP connection attempt to 127.0.0.1:port, or "connected". */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Waits until nothing listens on the port any more (bounded: a server that never stops fails the test). */
async function untilRefused(port: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if ((await tryConnect(port)) === "ECONNREFUSED") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`port ${port} still accepts connections`);
}

const QUOTE_PAGE = `query Page($first: Int!, $after: String) {
  quotes(first: $first, after: $after) {
    totalCount
    edges { cursor node { id text span { start end } source { slug } speaker { slug } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface QuotePage {
  quotes: {
    totalCount: number;
    edges: Array<{ cursor: string; node: { id: string; text: string; span: { start: number; end: number }; source: { slug: string }; speaker: { slug: string } } }>;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

const TIMELINE = `query Timeline($slug: String!) {
  person(slug: $slug) {
    slug
    name
    careerTimeline {
      id
      title
      isCurrent
      person { slug }
      company { slug name }
      start { edtf year month day precision approximate uncertain earliest latest }
      end { edtf year approximate }
      source { slug title }
      evidence { text span { start end } source { slug } }
    }
  }
}`;

interface FuzzyDateReply {
  edtf: string;
  year: number;
  month: number | null;
  day: number | null;
  precision: string;
  approximate: boolean;
  uncertain: boolean;
  earliest: string;
  latest: string;
}

interface TimelineReply {
  person: {
    slug: string;
    name: string;
    careerTimeline: Array<{
      id: string;
      title: string | null;
      isCurrent: boolean;
      person: { slug: string };
      company: { slug: string; name: string };
      start: FuzzyDateReply | null;
      end: Pick<FuzzyDateReply, "edtf" | "year" | "approximate"> | null;
      source: { slug: string; title: string } | null;
      evidence: { text: string; span: { start: number; end: number }; source: { slug: string } } | null;
    }>;
  } | null;
}

async function quoteCount(app: App): Promise<number> {
  const reply = await graphql<{ quotes: { totalCount: number } }>(app, "{ quotes(first: 0) { totalCount } }");
  expect(reply.errors).toBeUndefined();
  return reply.data?.quotes.totalCount ?? -1;
}

/** Writes a bundle (YAML) and its body into `dir`; returns the YAML file's path. */
async function writeBundle(dir: string, name: string, yaml: string, body: string): Promise<string> {
  await writeFile(join(dir, `${name}.txt`), body, "utf8");
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, yaml, "utf8");
  return file;
}

/**
 * A second source about the same person, with two earlier steps at the companies the essay
 * declared: it references their slugs without declaring them again.
 */
async function writeEarlierStepsBundle(dir: string): Promise<string> {
  const body = [
    "Notes from a conversation with Jigar Bhati.",
    "",
    "In the summer of 2014 I was a research assistant at OpenAI for three months.",
    "",
    "In 2015 I interned at Twitter before joining full time.",
    "",
  ].join("\n");
  const yaml = `source:
  slug: jigar-bhati-earlier-notes
  title: "Earlier notes"
  kind: INTERVIEW
  narrator: ${PERSON}
  bodyFile: earlier-notes.txt
careerSteps:
  - person: ${PERSON}
    company: openai
    title: Research assistant
    start: "2014-06"
    end: "2014-09"
    evidence: "In the summer of 2014 I was a research assistant at OpenAI for three months."
  - person: ${PERSON}
    company: twitter
    title: Intern
    start: "2015"
    end: "2015"
    evidence: "In 2015 I interned at Twitter before joining full time."
`;
  return writeBundle(dir, "earlier-notes", yaml, body);
}

describe("a gateway started on an empty database", () => {
  let app: App;
  let finish: () => Promise<void>;

  // The essay loaded at start-up is this block's seed; the tests here only read it.
  beforeAll(async () => {
    ({ app, finish } = await startOwnApp());
  });

  afterAll(async () => {
    await finish?.();
  });

  it("answers /healthz with 200 {status: ok}", async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz with 200 once migrated", async () => {
    const response = await fetch(`${app.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
  });

  it("serves the essay as a source, its body exactly the text in content/", async () => {
    const reply = await graphql<{
      source: {
        slug: string;
        kind: string;
        title: string;
        body: string;
        bodySha256: string;
        narrator: { slug: string; name: string } | null;
        publishedOn: FuzzyDateReply | null;
        sections: string[];
      } | null;
    }>(
      app,
      `query ($slug: String!) { source(slug: $slug) {
        slug kind title body bodySha256 narrator { slug name } sections
        publishedOn { edtf year month day precision approximate uncertain earliest latest } } }`,
      { slug: SOURCE },
    );
    expect(reply.status).toBe(200);
    expect(reply.errors).toBeUndefined();
    const source = reply.data?.source;
    if (!source) throw new Error(`no source: ${reply.raw}`);
    expect(source.slug).toBe(SOURCE);
    expect(source.kind).toBe("AS_TOLD_TO_ESSAY");
    expect(source.narrator).toEqual({ slug: PERSON, name: "Jigar Bhati" });

    const file = (await readFile(join(CONTENT_DIR, `${SOURCE}.txt`), "utf8")).replace(/^\uFEFF/, "").normalize("NFC");
    expect(source.body).toBe(file);
    expect(source.bodySha256).toBe(createHash("sha256").update(source.body, "utf8").digest("hex"));
    expect(source.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    // The scraped page's chrome is not part of the essay.
    expect(source.body).not.toContain("Join Us Saturday");
    expect(source.body).not.toContain("Leave A Reply");

    expect(source.publishedOn).toEqual({
      edtf: "2025?",
      year: 2025,
      month: null,
      day: null,
      precision: "YEAR",
      approximate: false,
      uncertain: true,
      earliest: "2025-01-01",
      latest: "2025-12-31",
    });
    expect(source.sections).toEqual(["Building up the right work experience is key", "OpenAI still feels like a startup"]);
  });

  it("serves the career timeline oldest first, with evidence that is the body at its span", async () => {
    const reply = await graphql<TimelineReply>(app, TIMELINE, { slug: PERSON });
    expect(reply.status).toBe(200);
    expect(reply.errors).toBeUndefined();
    const person = reply.data?.person;
    if (!person) throw new Error(`no person: ${reply.raw}`);
    expect(person.name).toBe("Jigar Bhati");
    const [twitter, openai, ...rest] = person.careerTimeline;
    expect(rest).toEqual([]);
    if (!twitter || !openai) throw new Error(`expected two steps: ${reply.raw}`);

    expect(twitter.company).toEqual({ slug: "twitter", name: "Twitter" });
    expect(twitter.title).toBe("Software engineer");
    expect(twitter.start).toMatchObject({ edtf: "2016~", year: 2016, month: null, day: null, precision: "YEAR", approximate: true, uncertain: false });
    expect(twitter.end).toEqual({ edtf: "2023~", year: 2023, approximate: true });
    expect(twitter.isCurrent).toBe(false);

    expect(openai.company).toEqual({ slug: "openai", name: "OpenAI" });
    expect(openai.title).toBe("Member of technical staff");
    expect(openai.start).toMatchObject({ edtf: "2023", year: 2023, precision: "YEAR", approximate: false, uncertain: false, earliest: "2023-01-01", latest: "2023-12-31" });
    expect(openai.isCurrent).toBe(true);
    expect(openai.end).toBeNull();

    const sourceReply = await graphql<{ source: { body: string } }>(app, "query ($slug: String!) { source(slug: $slug) { body } }", { slug: SOURCE });
    const body = sourceReply.data?.source.body ?? "";
    expect(body.length).toBeGreaterThan(1000);
    for (const step of [twitter, openai]) {
      expect(step.person).toEqual({ slug: PERSON });
      expect(step.source?.slug).toBe(SOURCE);
      if (!step.evidence) throw new Error(`no evidence: ${JSON.stringify(step)}`);
      expect(step.evidence.source).toEqual({ slug: SOURCE });
      expect(step.evidence.text).toBe(at(body, step.evidence.span));
    }
    expect(twitter.evidence?.text).toBe("I was working at Twitter for almost seven years and was looking for a change in general.");
    expect(openai.evidence?.text).toBe("He’s worked at the company since 2023");
  });

  it("pages through every quote with cursors: no duplicates, none missing, each the body at its span", async () => {
    const sourceReply = await graphql<{ source: { body: string } }>(app, "query ($slug: String!) { source(slug: $slug) { body } }", { slug: SOURCE });
    const body = sourceReply.data?.source.body ?? "";
    const seen: string[] = [];
    const starts: number[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (let pageNumber = 0; pageNumber < 20; pageNumber += 1) {
      const reply: GraphQLReply<QuotePage> = await graphql<QuotePage>(app, QUOTE_PAGE, { first: 7, after });
      expect(reply.errors).toBeUndefined();
      const page = reply.data?.quotes;
      if (!page) throw new Error(`no page: ${reply.raw}`);
      totalCount = page.totalCount;
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      for (const { node } of page.edges) {
        seen.push(node.id);
        starts.push(node.span.start);
        expect(node.source.slug).toBe(SOURCE);
        expect(node.speaker.slug).toBe(PERSON);
        expect(node.text).toBe(at(body, node.span));
      }
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(7);
      after = page.pageInfo.endCursor;
    }
    expect(totalCount).toBe(ESSAY_QUOTES);
    expect(seen).toHaveLength(ESSAY_QUOTES);
    expect(new Set(seen).size).toBe(ESSAY_QUOTES);
    // Source order: one source here, so by position in the body.
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it("continues after an edge's own cursor, not only after endCursor", async () => {
    const first = await graphql<QuotePage>(app, QUOTE_PAGE, { first: 5, after: null });
    const third = first.data?.quotes.edges[2];
    if (!third) throw new Error(first.raw);
    const next = await graphql<QuotePage>(app, QUOTE_PAGE, { first: 2, after: third.cursor });
    expect(next.data?.quotes.edges.map((edge) => edge.node.id)).toEqual(first.data?.quotes.edges.slice(3, 5).map((edge) => edge.node.id));
  });

  it.each([101, -1])("refuses first: %d with BAD_USER_INPUT naming the argument", async (first) => {
    const reply = await graphql(app, QUOTE_PAGE, { first, after: null });
    expect(reply.status).toBe(200);
    expect(reply.data).toBeNull();
    expect(reply.errors).toHaveLength(1);
    expect(reply.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(reply.errors?.[0]?.extensions?.argumentPath).toBe("first");
    expect(reply.errors?.[0]?.message).toContain("first");
  });

  it("accepts first: 100, the cap", async () => {
    const reply = await graphql<QuotePage>(app, QUOTE_PAGE, { first: 100, after: null });
    expect(reply.errors).toBeUndefined();
    expect(reply.data?.quotes.edges).toHaveLength(ESSAY_QUOTES);
    expect(reply.data?.quotes.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    ["garbage", "not-a-cursor!!"],
    ["base64 of non-JSON", Buffer.from("hello").toString("base64url")],
    ["a cursor of another list", Buffer.from(JSON.stringify(["people", "x", 1, "y"])).toString("base64url")],
  ])("refuses %s as the after cursor with BAD_USER_INPUT", async (_what, after) => {
    const reply = await graphql(app, QUOTE_PAGE, { first: 5, after });
    expect(reply.data).toBeNull();
    expect(reply.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(reply.errors?.[0]?.extensions?.argumentPath).toBe("after");
  });

  // A cursor of the right shape whose id is not a uuid must be refused before it reaches SQL.
  it("refuses a forged cursor whose id is not a uuid with BAD_USER_INPUT", async () => {
    const after = Buffer.from(JSON.stringify(["quotes", SOURCE, 1, "not-a-uuid"])).toString("base64url");
    const reply = await graphql(app, QUOTE_PAGE, { first: 5, after });
    expect(reply.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(reply.errors?.[0]?.extensions?.argumentPath).toBe("after");
  });

  it("records the content it loaded in the audit trail, as the server's own doing", async () => {
    const events = await app.database.dataSource.query<Array<{ actor: string; operation: string; quotes: number }>>(
      `SELECT e.actor, e.operation, (SELECT count(*)::int FROM audit_changes c WHERE c.event_id = e.id AND c.table_name = 'quotes') AS quotes FROM audit_events e ORDER BY e.id`,
    );
    expect(events).toEqual([{ actor: "STARTUP", operation: "loadContent", quotes: ESSAY_QUOTES }]);
  });

  it("answers null, without an error, for an unknown person or source", async () => {
    const reply = await graphql<{ person: unknown; source: unknown }>(app, `{ person(slug: "nobody-here") { slug } source(slug: "no-such-source") { slug } }`);
    expect(reply.status).toBe(200);
    expect(reply.errors).toBeUndefined();
    expect(reply.data).toEqual({ person: null, source: null });
  });
});

describe("SQL statements per request (x-sql-statements)", () => {
  let app: App;
  let finish: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    ({ app, finish } = await startOwnApp());
    dir = await tempDir("steps");
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await finish?.();
  });

  it("the timeline with company, source and evidence costs the same few statements however many steps", async () => {
    const before = await graphql<TimelineReply>(app, TIMELINE, { slug: PERSON });
    expect(before.errors).toBeUndefined();
    expect(before.data?.person?.careerTimeline).toHaveLength(2);
    // One statement for the person and everything under it (steps, companies, sources, the
    // steps' people), prefetched; one more for the evidence's body, which is then kept.
    expect(before.statements).toBe(2);

    const result = await ingestFiles(app.database.dataSource, [await writeEarlierStepsBundle(dir)], CLI_INGEST);
    expect(result.errors).toEqual([]);
    expect(result.reports[0]?.counts.careerSteps.created).toBe(2);

    const after = await graphql<TimelineReply>(app, TIMELINE, { slug: PERSON });
    expect(after.errors).toBeUndefined();
    const steps = after.data?.person?.careerTimeline ?? [];
    expect(steps.map((step) => `${step.company.slug}:${step.start?.edtf}`)).toEqual(["openai:2014-06", "twitter:2015", "twitter:2016~", "openai:2023"]);
    // Two sources now, still in the one statement; the new source's body is read, the kept one is not.
    expect(new Set(steps.map((step) => step.source?.slug))).toEqual(new Set([SOURCE, "jigar-bhati-earlier-notes"]));
    expect(after.statements).toBe(before.statements);

    // A text the response cache has not seen: both bodies are kept now, so one statement answers.
    const again = await graphql<TimelineReply>(app, `${TIMELINE}\n# another text`, { slug: PERSON });
    expect(again.data).toEqual(after.data);
    expect(again.statements).toBe(1);
  });

  it("counts each request on its own, and none for an answer from the response cache", async () => {
    const query = `query ($slug: String!) { person(slug: $slug) { slug } }`;
    const one = await graphql(app, query, { slug: PERSON });
    const other = await graphql(app, query, { slug: "someone-else" });
    const again = await graphql(app, query, { slug: PERSON });
    expect(one.statements).toBe(1);
    expect(other.statements).toBe(1);
    expect(again.statements).toBe(0);
    expect(again.headers.get("age")).not.toBeNull();
    expect(again.data).toEqual(one.data);
  });

  it("counts the API key's lookup, and every statement of a write's transaction", async () => {
    const key = bearer((await createKey(app.database.dataSource, ApiKeyRole.EDITOR)).secret);
    const viewer = `{ viewer { label } }`;
    // The key's lookup, its first use written down (last_used_at), and the viewer read from the primary.
    const first = await graphql(app, viewer, {}, key);
    expect(first.errors).toBeUndefined();
    expect(first.statements).toBe(3);
    // Used a moment ago: no write this time.
    expect((await graphql(app, viewer, {}, key)).statements).toBe(2);

    const write = await graphql(app, `mutation { upsertTopic(input: { slug: "counted", name: "Counted" }) { topic { slug } } }`, {}, key);
    expect(write.errors).toBeUndefined();
    // The lookup, then the transaction: BEGIN, its actor, the write, its audit event, COMMIT, at least.
    expect(write.statements).toBeGreaterThanOrEqual(6);
  });
});

describe("Apollo Sandbox", () => {
  it("opens on GET /graphql from a browser, with the person-timeline operation preloaded", async () => {
    const { app, finish } = await startOwnApp({ loadContentOnEmpty: false });
    try {
      const response = await fetch(`${app.url}/graphql`, { headers: { accept: "text/html" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const page = await response.text();
      expect(page).toContain("embeddable-sandbox.cdn.apollographql.com");
      // The page embeds the initial document and variables as JSON.
      const operation = readOperation("person-timeline");
      expect(page).toContain(operation.slice(operation.indexOf("query PersonTimeline"), operation.indexOf("{")));
      expect(page).toContain("jigar-bhati");
      // A client that is not a browser still gets GraphQL.
      const api = await fetch(`${app.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, { headers: { accept: "application/json", "apollo-require-preflight": "1" } });
      expect(await api.json()).toMatchObject({ data: { __typename: "Query" } });
    } finally {
      await finish();
    }
  });
});

describe("readiness before migrations", () => {
  it("/readyz is 503 naming the pending migration until it is applied; /healthz stays 200", async () => {
    const { app, finish } = await startOwnApp({ migrateOnStart: false, loadContentOnEmpty: false });
    try {
      const notReady = await fetch(`${app.url}/readyz`);
      expect(notReady.status).toBe(503);
      const body = (await notReady.json()) as { status: string; reason: string };
      expect(body.status).toBe("not ready");
      expect(body.reason).toMatch(/migrations pending/);
      expect(body.reason).toContain("InitialSchema1764080000000");

      const health = await fetch(`${app.url}/healthz`);
      expect(health.status).toBe(200);

      await runPendingMigrations(app.database.dataSource);
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready" });
    } finally {
      await finish();
    }
  });
});

describe("content at start-up", () => {
  const OTHER_SOURCE = "jigar-bhati-earlier-notes";

  it("loads the bundles of the content folder it is given into an empty database", async () => {
    const dir = await tempDir("content");
    try {
      await writeEarlierStepsBundle(dir);
      // The earlier-notes bundle references slugs it does not declare; on its own it needs them.
      await writeFile(
        join(dir, "a-people.yaml"),
        `source: { slug: declarations, title: Declarations, kind: ARTICLE, body: "Jigar Bhati, Twitter, OpenAI." }
people: [{ slug: ${PERSON}, name: Jigar Bhati }]
companies: [{ slug: twitter, name: Twitter }, { slug: openai, name: OpenAI }]
`,
        "utf8",
      );
      const { app, finish } = await startOwnApp({}, dir);
      try {
        const reply = await graphql<{ source: { slug: string } | null; essay: unknown }>(
          app,
          `{ source(slug: "${OTHER_SOURCE}") { slug } essay: source(slug: "${SOURCE}") { slug } }`,
        );
        expect(reply.data).toEqual({ source: { slug: OTHER_SOURCE }, essay: null });
        expect(await quoteCount(app)).toBe(0);
      } finally {
        await finish();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("does not load content again when started on a database that already holds some", async () => {
    const dataDir = await tempDir("pglite");
    const otherContent = await tempDir("content");
    // Embedded: the same data folder across restarts (memory:// would not survive one).
    const { config, drop } = await createTestConfig(process.env.DATABASE_URL ? {} : { pgliteDataDir: dataDir });
    try {
      const first = await startApp(config, silentLogger);
      try {
        expect(await quoteCount(first)).toBe(ESSAY_QUOTES);
      } finally {
        await first.close();
      }

      // Were content loaded again, this folder's source would appear.
      await writeEarlierStepsBundle(otherContent);
      const second = await startApp(config, silentLogger, { contentDir: otherContent });
      try {
        expect(await quoteCount(second)).toBe(ESSAY_QUOTES);
        const reply = await graphql<{ other: unknown; essay: { slug: string } | null }>(
          second,
          `{ other: source(slug: "${OTHER_SOURCE}") { slug } essay: source(slug: "${SOURCE}") { slug } }`,
        );
        expect(reply.data).toEqual({ other: null, essay: { slug: SOURCE } });
        const ready = await fetch(`${second.url}/readyz`);
        expect(ready.status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      await drop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(otherContent, { recursive: true, force: true });
    }
  });

  it("refuses to start when the content is rejected, and says why", async () => {
    const dir = await tempDir("bad-content");
    const { config, drop } = await createTestConfig();
    try {
      await writeFile(
        join(dir, "bad.yaml"),
        `source: { slug: bad, title: Bad, kind: ARTICLE, body: "Some text." }
quotes: [{ speaker: nobody, text: "Not in the text." }]
`,
        "utf8",
      );
      await expect(startApp(config, silentLogger, { contentDir: dir })).rejects.toThrow(/quotes\[0\]\.text: not found verbatim in the body/);
    } finally {
      await drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("graceful shutdown", () => {
  it("finishes a request in flight, then refuses connections", async () => {
    const { app, finish } = await startOwnApp();
    try {
      const port = Number(new URL(app.url).port);
      const payload = JSON.stringify({ query: QUOTE_PAGE, variables: { first: 100, after: null } });
      let closing: Promise<void> | undefined;

      // Expect: 100-continue makes the server say when it has the request (its headers) in hand;
      // only then does shutdown begin, and only then is the body sent: the request is in flight.
      const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/graphql",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), expect: "100-continue" },
        });
        req.once("continue", () => {
          closing = app.close();
          // The body goes only once the server refuses new connections: shutdown is under way
          // while this request is still waiting for its body.
          void untilRefused(port).then(() => req.end(payload), reject);
        });
        req.once("response", (response) => {
          let body = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (body += chunk));
          response.once("end", () => resolve({ status: response.statusCode ?? 0, body }));
          response.once("error", reject);
        });
        req.once("error", reject);
      });
      expect(closing).toBeDefined();
      expect(reply.status).toBe(200);
      const parsed = JSON.parse(reply.body) as { data?: QuotePage; errors?: unknown };
      expect(parsed.errors).toBeUndefined();
      expect(parsed.data?.quotes.edges).toHaveLength(ESSAY_QUOTES);

      await closing;
      expect(await tryConnect(port)).toBe("ECONNREFUSED");
    } finally {
      await finish();
    }
  });

  it("close() is safe to call twice", async () => {
    const { app, finish } = await startOwnApp({ loadContentOnEmpty: false });
    try {
      const port = Number(new URL(app.url).port);
      expect(await tryConnect(port)).toBe("connected");
      await Promise.all([app.close(), app.close()]);
      await app.close();
      expect(await tryConnect(port)).toBe("ECONNREFUSED");
    } finally {
      await finish();
    }
  });
});

describe("outside development", () => {
  it.each(["production", "test"] as const)("%s mode masks an internal error: a bare code, no SQL, no stack", async (nodeEnv) => {
    // A throwaway database of this test's own: it breaks a table on purpose.
    const { app, finish } = await startOwnApp({ nodeEnv, loadContentOnEmpty: false });
    try {
      const healthy = await graphql<QuotePage>(app, QUOTE_PAGE, { first: 5, after: null });
      expect(healthy.errors).toBeUndefined();

      await app.database.dataSource.query("alter table quotes rename to quotes_gone");
      try {
        // Another page than the one just cached: this one must reach the database.
        const reply = await graphql(app, QUOTE_PAGE, { first: 6, after: null });
        expect(reply.status).toBe(200);
        expect(reply.errors).toHaveLength(1);
        const [error] = reply.errors ?? [];
        expect(error?.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
        expect(error?.message).toBe("Internal server error");
        expect(error?.path).toEqual(["quotes"]);
        // Nothing of the database's own words reaches the client.
        expect(reply.raw).not.toMatch(/quotes_gone|relation|select|SELECT|stacktrace|QueryFailedError|\.ts:|\.js:/);

        // Coded errors are the client's business and pass through unmasked.
        const bad = await graphql(app, QUOTE_PAGE, { first: 101, after: null });
        expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
        expect(bad.errors?.[0]?.message).toContain("first");
      } finally {
        await app.database.dataSource.query("alter table quotes_gone rename to quotes");
      }
      const again = await graphql<QuotePage>(app, QUOTE_PAGE, { first: 5, after: null });
      expect(again.errors).toBeUndefined();
    } finally {
      await finish();
    }
  });

  it("development mode does not mask the same error (so the masking above is the mode's doing)", async () => {
    const { app, finish } = await startOwnApp({ nodeEnv: "development", loadContentOnEmpty: false });
    try {
      await app.database.dataSource.query("alter table quotes rename to quotes_gone");
      try {
        const reply = await graphql(app, QUOTE_PAGE, { first: 5, after: null });
        expect(reply.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
        expect(reply.errors?.[0]?.message).toMatch(/quotes/);
        expect(reply.errors?.[0]?.extensions?.stacktrace).toBeDefined();
      } finally {
        await app.database.dataSource.query("alter table quotes_gone rename to quotes");
      }
    } finally {
      await finish();
    }
  });
});

describe("the address it listens on (HOST)", () => {
  /** Whether a TCP connection to host:port is accepted. */
  const accepts = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host, port, timeout: 2_000 });
      const settle = (accepted: boolean) => {
        socket.destroy();
        resolve(accepted);
      };
      socket.once("connect", () => settle(true));
      socket.once("error", () => settle(false));
      socket.once("timeout", () => settle(false));
    });

  /** An IPv4 address of this machine that is not the loopback, if it has one. */
  const otherAddress = () =>
    Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === "IPv4" && !address.internal)?.address;

  it("keeps to the loopback when HOST=127.0.0.1, and says so in its URL", async () => {
    const { app, finish } = await startOwnApp({ host: "127.0.0.1" });
    try {
      const port = Number(new URL(app.url).port);
      expect(app.url).toBe(`http://127.0.0.1:${port}`);
      expect(await accepts("127.0.0.1", port)).toBe(true);
      const other = otherAddress();
      if (other) expect(await accepts(other, port)).toBe(false);
    } finally {
      await finish();
    }
  });

  it("listens on every interface when HOST is unset, and gives the loopback as its URL", async () => {
    const { app, finish } = await startOwnApp({ host: undefined });
    try {
      const port = Number(new URL(app.url).port);
      expect(app.url).toBe(`http://127.0.0.1:${port}`);
      const other = otherAddress();
      if (other) expect(await accepts(other, port)).toBe(true);
    } finally {
      await finish();
    }
  });
});
