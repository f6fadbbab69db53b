/**
 * The gateway killed with SIGKILL in the middle of an import, on the database the tests run on
 * (PostgreSQL with DATABASE_URL, else the embedded data folder): after each kill the gateway
 * starts again on the same data (the folder opens), and the import is either wholly there or
 * wholly absent (its source, every quote, its people and topics), never in part; an import
 * acknowledged before the kill is there. Kills land at spread fractions of an uninterrupted
 * import's time. `FAULT_KILLS=n` sets how many (CI: 3), `FAULT_QUOTES=n` the size of an import;
 * RELIABILITY_REPORT_DIR keeps the figures.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { createGatewayDatabase, type GatewayDatabase, type GatewayProcess, prepareWithEditorKey, startGatewayProcess } from "../../support/gateway-process";

const KILLS = Number(process.env.FAULT_KILLS ?? 3);
/**
 * Quotes in each import: enough that an import lasts seconds, so kills land inside it. The
 * embedded database imports about 2.5 times slower (about 20 s for 2,000 quotes on two cores),
 * so it gets fewer and the kills land at the same fractions of a shorter import.
 * `FAULT_QUOTES=n` sets another number.
 */
const QUOTES = Number(process.env.FAULT_QUOTES ?? (process.env.DATABASE_URL ? 2_000 : 800));

jest.setTimeout(120_000 + KILLS * 60_000);

let database: GatewayDatabase;
let gateway: GatewayProcess;
let editorKey: string;

beforeAll(async () => {
  database = await createGatewayDatabase();
  editorKey = await prepareWithEditorKey(database.env);
  gateway = await startGatewayProcess(database.env);
});

afterAll(async () => {
  await gateway?.stop();
  await database?.drop();
});

/** A large interview of its own: a body of QUOTES paragraphs, each a quote, with a speaker and topics no other bundle has. */
function largeBundle(name: string): string {
  const paragraphs = Array.from({ length: QUOTES }, (_, i) => `Paragraph ${i} of ${name}: we shipped alpha and bravo ${i} times.`);
  return stringify({
    source: { slug: name, title: `A long interview (${name})`, kind: "INTERVIEW", narrator: `${name}-speaker`, body: `${paragraphs.join("\n\n")}\n` },
    people: [{ slug: `${name}-speaker`, name: `Speaker of ${name}` }],
    topics: [
      { slug: `${name}-alpha`, name: `Alpha of ${name}` },
      { slug: `${name}-bravo`, name: `Bravo of ${name}` },
    ],
    quotes: paragraphs.map((text, i) => ({ speaker: `${name}-speaker`, text, topics: [i % 2 === 0 ? `${name}-alpha` : `${name}-bravo`] })),
  });
}

const IMPORT = "mutation ($bundle: String!) { importInterview(bundle: $bundle) { sourceSlug } }";

function importInterview(name: string): Promise<{ acknowledged: boolean; detail: string }> {
  return fetch(`${gateway.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${editorKey}` },
    body: JSON.stringify({ query: IMPORT, variables: { bundle: largeBundle(name) } }),
  }).then(
    async (response) => {
      const body = (await response.json()) as { data?: { importInterview?: { sourceSlug?: string } }; errors?: unknown };
      return { acknowledged: body.data?.importInterview?.sourceSlug === name, detail: JSON.stringify(body).slice(0, 300) };
    },
    (error: Error) => ({ acknowledged: false, detail: error.message }),
  );
}

/** What of an import is in the database: its source's quote count (null: no source), its speaker, its topics. */
async function whatIsThere(name: string): Promise<{ quotes: number | null; speaker: boolean; topics: number }> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `query ($source: String!, $speaker: String!) { source(slug: $source) { quotes { totalCount } } person(slug: $speaker) { slug } topics { slug } }`,
      variables: { source: name, speaker: `${name}-speaker` },
    }),
  });
  const { data } = (await response.json()) as { data: { source: { quotes: { totalCount: number } } | null; person: { slug: string } | null; topics: Array<{ slug: string }> } };
  return { quotes: data.source?.quotes.totalCount ?? null, speaker: data.person !== null, topics: data.topics.filter((topic) => topic.slug.startsWith(`${name}-`)).length };
}

const WHOLE = { quotes: QUOTES, speaker: true, topics: 2 };
const ABSENT = { quotes: null, speaker: false, topics: 0 };

it(`leaves each of ${KILLS} imports killed midway wholly there or wholly absent, and the data opens after each kill`, async () => {
  const started = performance.now();
  const first = await importInterview("kill-import-0");
  const importMs = performance.now() - started;
  expect(first).toMatchObject({ acknowledged: true });
  expect(await whatIsThere("kill-import-0")).toEqual(WHOLE);

  const outcomes: Array<{ killAfterMs: number; acknowledged: boolean; found: "whole" | "absent" }> = [];
  for (let kill = 1; kill <= KILLS; kill += 1) {
    const name = `kill-import-${kill}`;
    const killAfterMs = Math.round((importMs * kill) / (KILLS + 1));
    const reply = importInterview(name);
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    await gateway.kill();
    const { acknowledged } = await reply;

    gateway = await startGatewayProcess(database.env);
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    const there = await whatIsThere(name);
    if (acknowledged) expect(there).toEqual(WHOLE);
    else expect([WHOLE, ABSENT]).toContainEqual(there);
    outcomes.push({ killAfterMs, acknowledged, found: there.quotes === null ? "absent" : "whole" });
    // What was there before the kill still is.
    expect(await whatIsThere("kill-import-0")).toEqual(WHOLE);
  }

  // Killed imports can be made again, whole.
  for (let kill = 1; kill <= KILLS; kill += 1) {
    expect(await importInterview(`kill-import-${kill}`)).toMatchObject({ acknowledged: true });
    expect(await whatIsThere(`kill-import-${kill}`)).toEqual(WHOLE);
  }

  if (process.env.RELIABILITY_REPORT_DIR) {
    await mkdir(process.env.RELIABILITY_REPORT_DIR, { recursive: true });
    await writeFile(join(process.env.RELIABILITY_REPORT_DIR, `sigkill-import-${database.kind}.json`), JSON.stringify({ database: database.kind, quotes: QUOTES, importMs: Math.round(importMs), outcomes }, null, 2));
  }
  // The kills did land inside imports: at least one found nothing to keep.
  expect(outcomes.some((outcome) => outcome.found === "absent")).toBe(true);
});
