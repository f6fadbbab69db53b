/**
 * One EDITOR's import must not freeze the gateway. The attack run found two quadratic paths on
 * the event loop (YAML's check of repeated keys compared each key with every key before it:
 * 20,000 keys took 8.5 s, 50,000 took 80 s; anchoring built every match of every quote even when
 * `occurrence` picks one: 500 one-character quotes in a 100,000-character body took 3.7 s) and a
 * JSON bundle 3,000 arrays deep that overflowed the stack. Now the checks are linear, nesting is
 * bounded, and the whole check runs on a worker thread: the gateway answers its health checks
 * and its reads while an import is being checked. Each bundle here would take minutes, or crash,
 * on the old paths. How long each took is written to RELIABILITY_REPORT_DIR (measured, never
 * asserted).
 */
import { MAX_BUNDLE_DEPTH } from "../../../src/content/bundle-reader";
import { bearer, graphql, type GraphQLReply, type OwnApp, startOwnApp } from "../../support/http";
import { ApiKeyRole, createKey } from "../../support/keys";
import { writeReliabilityReport } from "../../support/properties";
import { snapshot } from "../../support/bundles";

jest.setTimeout(120_000);

let own: OwnApp;
let editor: Record<string, string>;
const figures: Record<string, { importMs: number; healthAnswersMeanwhile: number }> = {};

beforeAll(async () => {
  own = await startOwnApp({ rateLimits: { perMinute: 0, perMinuteWithKey: 0, failedAuthPerMinute: 0 } });
  editor = bearer((await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR)).secret);
});

afterAll(async () => {
  await writeReliabilityReport("heavy-imports.json", figures);
  await own?.finish();
});

const IMPORT = `mutation ($bundle: String!, $format: BundleFormat, $dryRun: Boolean) { importInterview(bundle: $bundle, format: $format, dryRun: $dryRun) { sourceSlug counts { kind created } } }`;

/**
 * Sends the import, and health checks and a read one after another while it is in flight:
 * how many of them were answered before the import was, and what the import answered.
 */
async function importWhileProbing(name: string, variables: Record<string, unknown>): Promise<GraphQLReply<Record<string, unknown>>> {
  const started = performance.now();
  let answered = false;
  const importing = graphql(own.app, IMPORT, variables, editor).finally(() => (answered = true));
  let meanwhile = 0;
  while (!answered) {
    const [health, read] = await Promise.all([fetch(`${own.app.url}/healthz`), graphql(own.app, `{ person(slug: "jigar-bhati") { name } }`)]);
    if (!answered && health.status === 200 && read.data?.person) meanwhile += 1;
  }
  const reply = await importing;
  figures[name] = { importMs: Math.round(performance.now() - started), healthAnswersMeanwhile: meanwhile };
  return { ...reply, meanwhile } as GraphQLReply<Record<string, unknown>> & { meanwhile: number };
}

/** A valid bundle with `quotes` one-character quotes in a body of `length` characters, each picked by `occurrence`. */
function manyShortQuotes(quotes: number, length: number): string {
  const body = `Heading\n\n${"a b ".repeat(Math.ceil(length / 4)).slice(0, length)}\n`;
  return JSON.stringify({
    source: { slug: "short-quotes", title: "Short quotes", kind: "TRANSCRIPT", narrator: "short-speaker", body, sections: ["Heading"] },
    people: [{ slug: "short-speaker", name: "Short Speaker" }],
    quotes: Array.from({ length: quotes }, (_, i) => ({ speaker: "short-speaker", text: "a", occurrence: 1 + i * 37 })),
  });
}

it("checks a bundle of 500 one-character quotes, each picked by occurrence in a 100,000-character body, off the event loop", async () => {
  const reply = (await importWhileProbing("500 one-character quotes, 100k body", { bundle: manyShortQuotes(500, 100_000), format: "JSON", dryRun: true })) as GraphQLReply<{
    importInterview: { counts: Array<{ kind: string; created: number }> };
  }> & { meanwhile: number };
  expect(reply.errors).toBeUndefined();
  expect(reply.data?.importInterview.counts.find((count) => count.kind === "QUOTES")?.created).toBe(500);
  expect(reply.meanwhile).toBeGreaterThan(0);
});

it("refuses a mapping of 50,000 keys with one repeated at its line, in one pass, off the event loop", async () => {
  const keys = Array.from({ length: 50_000 }, (_, i) => `  k${i}: ${i}`);
  keys.push("  k7: again");
  const bundle = `source:\n${keys.join("\n")}\n`;
  const reply = (await importWhileProbing("50,000 keys, one repeated", { bundle, format: "YAML" })) as GraphQLReply<unknown> & { meanwhile: number };
  expect(reply.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentPath: "bundle" });
  expect(reply.errors?.[0]?.message).toMatch(/line 50002, column 3: the key "k7" is repeated in its mapping/);
  expect(reply.meanwhile).toBeGreaterThan(0);
});

it("refuses a JSON bundle 3,000 arrays deep at the path where it nests too deep, and writes nothing", async () => {
  const before = await snapshot(own.app.database.dataSource);
  const bundle = `{"source": {"sections": ${"[".repeat(3000)}${"]".repeat(3000)}}}`;
  const reply = await graphql(own.app, IMPORT, { bundle, format: "JSON" }, editor);
  expect(reply.status).toBe(200);
  const path = `bundle.source.sections${"[0]".repeat(MAX_BUNDLE_DEPTH - 2)}`;
  expect(reply.errors?.map((error) => ({ code: error.extensions?.code, argumentPath: error.extensions?.argumentPath }))).toEqual([{ code: "BAD_USER_INPUT", argumentPath: path }]);
  expect(reply.errors?.[0]?.message).toMatch(/nests deeper than 16 levels/);
  expect(await snapshot(own.app.database.dataSource)).toEqual(before);
});

it("refuses the same in YAML, and a bundle whose lists nest past the bound in a quote", async () => {
  const yaml = `source:\n  sections: ${"[".repeat(3000)}${"]".repeat(3000)}\n`;
  const deepYaml = await graphql(own.app, IMPORT, { bundle: yaml, format: "YAML" }, editor);
  expect(deepYaml.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  expect(deepYaml.errors?.[0]?.message).toMatch(/nests deeper than 16 levels/);
});
