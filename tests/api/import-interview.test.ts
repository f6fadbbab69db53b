/**
 * importInterview: the bundle format over the API, through the importer the CLI uses. Reports,
 * dry runs, idempotency, and rejections that name `bundle.<path>` and change nothing.
 * (That the API and the CLI leave identical databases is proven in cli.test.ts.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { CONTENT_DIR } from "../../src/project";
import { contentDump, snapshot } from "../support/bundles";
import { ApiKeyRole, createKey } from "../support/keys";
import { openTestApi, type Reply, type TestApi } from "../support/api";
import { type Viewer } from "../../src/graphql/auth";

let api: TestApi;
let editor: Viewer;

beforeAll(async () => {
  api = await openTestApi();
  editor = (await createKey(api.db.dataSource, ApiKeyRole.EDITOR)).viewer;
});

afterAll(async () => {
  await api.close();
});

/** The essay's bundle in the API form: its body inline instead of its bodyFile. */
function essayApiBundle(): Record<string, unknown> & { source: Record<string, unknown>; quotes: Array<Record<string, unknown>> } {
  const bundle = parse(readFileSync(join(CONTENT_DIR, "openai-engineer-as-told-to.yaml"), "utf8")) as { source: Record<string, unknown>; quotes: Array<Record<string, unknown>> };
  const { bodyFile, ...source } = bundle.source;
  return { ...bundle, source: { ...source, body: readFileSync(join(CONTENT_DIR, String(bodyFile)), "utf8") } };
}

const IMPORT = `mutation ($bundle: String!, $format: BundleFormat, $dryRun: Boolean) {
  importInterview(bundle: $bundle, format: $format, dryRun: $dryRun) {
    dryRun sourceSlug source { slug title } counts { kind created updated unchanged removed } warnings auditEventId
  }
}`;

interface Report {
  dryRun: boolean;
  sourceSlug: string;
  source: { slug: string; title: string } | null;
  counts: Array<{ kind: string; created: number; updated: number; unchanged: number; removed: number }>;
  warnings: string[];
  auditEventId: string | null;
}

async function importBundle(bundle: unknown, options: { format?: "YAML" | "JSON"; dryRun?: boolean } = {}): Promise<Reply<{ importInterview: Report }>> {
  const text = options.format === "JSON" ? JSON.stringify(bundle) : stringify(bundle);
  return api.run<{ importInterview: Report }>(IMPORT, { bundle: text, format: options.format ?? null, dryRun: options.dryRun ?? null }, { viewer: editor });
}

/** Nine to the seventh aliases: YAML that expands past any memory unless the reader counts them. */
const ALIAS_BOMB = ["a: &a [x, x, x, x, x, x, x, x, x]", ..."bcdefg".split("").map((name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`)].join("\n");

const countsOf = (report: Report) => Object.fromEntries(report.counts.map(({ kind, ...counts }) => [kind, counts]));

describe("importInterview", () => {
  it("reports nothing but does it all in a dry run, then imports, then finds nothing to change", async () => {
    const before = await snapshot(api.db.dataSource);
    const dry = await importBundle(essayApiBundle(), { dryRun: true });
    expect(dry.errors).toBeUndefined();
    const dryReport = dry.data?.importInterview;
    expect(dryReport).toMatchObject({ dryRun: true, sourceSlug: "openai-engineer-as-told-to", source: null, auditEventId: null });
    expect(await snapshot(api.db.dataSource)).toEqual(before);

    const real = await importBundle(essayApiBundle());
    const report = real.data?.importInterview;
    if (!report || !dryReport) throw new Error(JSON.stringify(real.errors));
    expect(report.dryRun).toBe(false);
    expect(report.source?.slug).toBe("openai-engineer-as-told-to");
    expect(report.auditEventId).not.toBeNull();
    expect(countsOf(report)).toEqual(countsOf(dryReport));
    expect(countsOf(report).QUOTES).toEqual({ created: 29, updated: 0, unchanged: 0, removed: 0 });
    expect(countsOf(report).CAREER_STEPS).toEqual({ created: 2, updated: 0, unchanged: 0, removed: 0 });

    const after = await snapshot(api.db.dataSource);
    const again = (await importBundle(essayApiBundle(), { format: "JSON" })).data?.importInterview;
    expect(again?.auditEventId).toBeNull();
    expect(countsOf(again as Report).QUOTES).toEqual({ created: 0, updated: 0, unchanged: 29, removed: 0 });
    expect(await snapshot(api.db.dataSource)).toEqual(after);
  });

  it("applies an edited bundle: a quote gone, one changed, one added", async () => {
    const bundle = essayApiBundle();
    const edited = { ...bundle, quotes: [...bundle.quotes.slice(1, 10), { ...bundle.quotes[10], topics: ["hiring"] }, ...bundle.quotes.slice(11), { speaker: "jigar-bhati", text: "I think that goes a long way." }] };
    const report = (await importBundle(edited)).data?.importInterview;
    expect(countsOf(report as Report).QUOTES).toEqual({ created: 1, updated: 1, unchanged: 27, removed: 1 });
    await importBundle(bundle);
  });

  it("warns of typography it had to fold", async () => {
    const bundle = essayApiBundle();
    bundle.quotes = [...bundle.quotes, { speaker: "jigar-bhati", text: "Having that relevant experience helps when you're interviewing for any team." }];
    const report = (await importBundle(bundle, { dryRun: true })).data?.importInterview;
    expect(report?.warnings).toEqual([expect.stringMatching(/^bundle\.quotes\[29\]\.text: not found verbatim; matched after folding typography/)]);
  });

  it.each<[string, (bundle: ReturnType<typeof essayApiBundle>) => unknown, string[]]>([
    ["a quote not in the body", (b) => ({ ...b, quotes: [...b.quotes, { speaker: "jigar-bhati", text: "Not a word of this is there." }] }), ["bundle.quotes[29].text"]],
    ["an unknown company and an unknown key", (b) => ({ ...b, careerSteps: [{ person: "jigar-bhati", company: "globex", mood: "happy" }] }), ["bundle.careerSteps[0].mood", "bundle.careerSteps[0].company"]],
    ["a body file, which the API cannot read", (b) => ({ ...b, source: { ...b.source, body: undefined, bodyFile: "essay.txt" } }), ["bundle.source.bodyFile"]],
    ["a different body for the same source", (b) => ({ ...b, source: { ...b.source, body: `${String(b.source.body)} And more.` } }), ["bundle.source.body"]],
    ["YAML that does not parse", () => "source: [unclosed", ["bundle"]],
    ["YAML whose aliases would expand past any memory", () => ALIAS_BOMB, ["bundle"]],
    ["YAML with an alias to no anchor", () => "source: *nowhere", ["bundle"]],
    ["a YAML 1.1 tag, which makes no text", () => "source: !!binary aGVsbG8=", ["bundle.source"]],
    ["text the database cannot store as written", (b) => ({ ...b, source: { ...b.source, title: "Jigar\u0000" }, people: [{ slug: "jigar-bhati", name: "Jigar \ud800Bhati" }] }), ["bundle.source.title", "bundle.people[0].name"]],
  ])("refuses %s, naming bundle paths, and changes nothing", async (_what, breakIt, paths) => {
    await importBundle(essayApiBundle());
    const before = await snapshot(api.db.dataSource);
    const broken = breakIt(essayApiBundle());
    const reply = await api.run(IMPORT, { bundle: typeof broken === "string" ? broken : stringify(broken) }, { viewer: editor });
    expect(reply.data).toBeNull();
    expect(reply.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(reply.errors?.[0]?.extensions?.problems?.map((problem) => problem.argumentPath)).toEqual(paths);
    expect(await snapshot(api.db.dataSource)).toEqual(before);
  });

  it("needs an EDITOR key, and leaves the content as the CLI would", async () => {
    const before = await contentDump(api.db.dataSource);
    const reply = await api.run(IMPORT, { bundle: stringify(essayApiBundle()) });
    expect(reply.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await contentDump(api.db.dataSource)).toEqual(before);
  });
});
