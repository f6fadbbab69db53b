/**
 * Corrections of a source (issue 17): reviseSource makes a new revision and carries every quote
 * and career step over (EXACT, SHIFTED, FUZZY) or leaves it ORPHANED in the revision it stands
 * in; reads show the current text; reviews; the bundle path (`revise: true`); audit and revert;
 * every refusal changes nothing.
 */
import { ApiKeyRole, createKey } from "../support/keys";
import { at, ESSAY_BUNDLE, openTestApi, type Reply, type TestApi } from "../support/api";
import { copy, SAMPLE_BODY, sampleBundle, snapshot, writeBundle } from "../support/bundles";
import { type Viewer } from "../../src/graphql/auth";
import { CLI_INGEST, formatIngestResult, ingestFiles } from "../../src/content/ingest";

let api: TestApi;
let editor: Viewer;
let admin: Viewer;

beforeAll(async () => {
  api = await openTestApi();
  editor = (await createKey(api.db.dataSource, ApiKeyRole.EDITOR, "Maria (editor)")).viewer;
  admin = (await createKey(api.db.dataSource, ApiKeyRole.ADMIN, "ops")).viewer;
});

afterAll(async () => {
  await api.close();
});

/** The sample body, corrected: an editor's note added on top, a quote's last character changed, a sentence cut. */
const NOTE = "Editor's note: this interview was corrected in 2025.\n\n";
const CORRECTED = NOTE + SAMPLE_BODY.replace("😀 morale.", "😀 morale!").replace(" Small teams move fast.", "");

let sources = 0;

/** Imports the sample bundle as a source of its own; returns its slug. */
async function importSample(): Promise<string> {
  sources += 1;
  const slug = `revised-${sources}`;
  await api.ingest(await writeBundle(sampleBundle(slug)));
  return slug;
}

interface AnchorReply {
  status: string;
  score: number;
  revision: number;
  previousText: string | null;
}

interface QuoteReply {
  id: string;
  text: string;
  version: number;
  span: { start: number; end: number };
  anchor: AnchorReply;
  review: { status: string; note: string | null; reviewedAt: string | null; by: string | null };
  context: { before: string; after: string };
}

const QUOTE_FIELDS = "id text version span { start end } anchor { status score revision previousText } review { status note reviewedAt by } context(chars: 10) { before after }";

const SOURCE = `query ($slug: String!, $revision: Int) {
  source(slug: $slug) {
    version revision body current: body old: body(revision: $revision) bodySha256
    revisions { number bodySha256 note createdAt }
    quotes(first: 50) { nodes { ${QUOTE_FIELDS} } }
  }
  careerSteps(first: 100, filter: { people: ["ada-example"] }) {
    nodes { id source { slug } anchor { status score revision previousText } evidence { text revision span { start end } } review { status } }
  }
}`;

interface SourceReply {
  version: number;
  revision: number;
  current: string;
  old: string;
  bodySha256: string;
  revisions: Array<{ number: number; bodySha256: string; note: string | null; createdAt: string }>;
  quotes: { nodes: QuoteReply[] };
  careerSteps: StepReply[];
}

interface StepReply {
  id: string;
  source: { slug: string };
  anchor: AnchorReply | null;
  evidence: { text: string; revision: number; span: { start: number; end: number } } | null;
  review: { status: string };
}

/** The source with its career steps (in evidence order). */
async function readSource(slug: string, revision = 1): Promise<SourceReply> {
  const { source, careerSteps } = await api.data<{ source: Omit<SourceReply, "careerSteps">; careerSteps: { nodes: StepReply[] } }>(SOURCE, { slug, revision });
  const steps = careerSteps.nodes.filter((step) => step.source.slug === slug).sort((a, b) => (a.evidence?.span.start ?? 0) - (b.evidence?.span.start ?? 0));
  return { ...source, careerSteps: steps };
}

const REVISE = `mutation ($input: ReviseSourceInput!) {
  reviseSource(input: $input) {
    source { slug revision version }
    revision { number bodySha256 note createdAt }
    anchors { nodeId status score previousSpan { start end } span { start end } }
    warnings auditEventId
  }
}`;

interface ReviseReply {
  source: { slug: string; revision: number; version: number };
  revision: { number: number; bodySha256: string; note: string | null; createdAt: string };
  anchors: Array<{ nodeId: string; status: string; score: number; previousSpan: { start: number; end: number }; span: { start: number; end: number } | null }>;
  warnings: string[];
  auditEventId: string | null;
}

async function revise(input: Record<string, unknown>): Promise<ReviseReply> {
  return (await api.data<{ reviseSource: ReviseReply }>(REVISE, { input }, { viewer: editor })).reviseSource;
}

/** Runs an operation that must be refused, and proves that no row of the database changed. */
async function refused(query: string, variables: Record<string, unknown>, viewer: Viewer | null = editor): Promise<Reply<unknown>> {
  const before = await snapshot(api.db.dataSource);
  const reply = await api.run(query, variables, { viewer });
  expect(reply.errors?.length).toBeGreaterThan(0);
  expect(await snapshot(api.db.dataSource)).toEqual(before);
  return reply;
}

function codeAndPaths(reply: Reply<unknown>): { code: unknown; paths: unknown } {
  const error = reply.errors?.[0];
  return { code: error?.extensions?.code, paths: error?.extensions?.problems?.map((problem) => problem.argumentPath) ?? error?.extensions?.argumentPath };
}

describe("a source as imported", () => {
  it("is revision 1, its spans EXACT in it and UNREVIEWED", async () => {
    const slug = await importSample();
    const source = await readSource(slug);
    expect(source.revision).toBe(1);
    expect(source.revisions).toEqual([{ number: 1, bodySha256: source.bodySha256, note: null, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown }]);
    expect(source.old).toBe(source.current);
    for (const quote of source.quotes.nodes) {
      expect(quote.anchor).toEqual({ status: "EXACT", score: 1, revision: 1, previousText: null });
      expect(quote.review).toEqual({ status: "UNREVIEWED", note: null, reviewedAt: null, by: null });
    }
    expect(source.careerSteps.map((step) => step.anchor)).toEqual([
      { status: "EXACT", score: 1, revision: 1, previousText: null },
      { status: "EXACT", score: 1, revision: 1, previousText: null },
    ]);
  });
});

describe("Source.body(revision:)", () => {
  it("refuses a revision the source does not have, naming the argument", async () => {
    const slug = await importSample();
    for (const revision of [2, 0, -1]) {
      const reply = await api.run(`query ($slug: String!, $revision: Int) { source(slug: $slug) { body(revision: $revision) } }`, { slug, revision });
      expect(reply.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    }
  });
});

describe("reviseSource", () => {
  it("makes revision 2 and carries every quote and step over, saying how", async () => {
    const slug = await importSample();
    const before = await readSource(slug);
    const revised = await revise({ source: slug, body: CORRECTED, note: "an editor's note; a typo; a cut", expectedVersion: before.version });

    expect(revised.source).toEqual({ slug, revision: 2, version: before.version + 1 });
    expect(revised.revision).toMatchObject({ number: 2, note: "an editor's note; a typo; a cut" });
    expect(revised.auditEventId).not.toBeNull();
    expect(revised.anchors.map((anchor) => anchor.status)).toEqual(["SHIFTED", "SHIFTED", "FUZZY", "ORPHANED", "SHIFTED", "SHIFTED"]);

    const after = await readSource(slug);
    expect(after.current).toBe(CORRECTED);
    expect(after.old).toBe(SAMPLE_BODY);
    expect(after.revisions.map((revision) => [revision.number, revision.note])).toEqual([
      [1, null],
      [2, "an editor's note; a typo; a cut"],
    ]);
    // Quote lists show the current text: the ORPHANED quote is left out.
    const quotes = after.quotes.nodes;
    expect(quotes.map((quote) => quote.anchor.status)).toEqual(["SHIFTED", "SHIFTED", "FUZZY"]);
    const shift = [...NOTE].length;
    for (const [i, quote] of quotes.entries()) {
      expect(quote.text).toBe(at(CORRECTED, quote.span));
      expect(quote.anchor.revision).toBe(2);
      expect(quote.span.start).toBe(before.quotes.nodes[i]!.span.start + shift);
    }
    const fuzzy = quotes[2]!;
    expect(fuzzy.text).toBe("The “hard” part was hiring — always hiring… and 😀 morale!");
    expect(fuzzy.anchor.previousText).toBe("The “hard” part was hiring — always hiring… and 😀 morale.");
    expect(fuzzy.anchor.score).toBeGreaterThan(0.9);
    expect(fuzzy.anchor.score).toBeLessThan(1);
    for (const step of after.careerSteps) {
      expect(step.anchor).toMatchObject({ status: "SHIFTED", score: 1, revision: 2 });
      expect(step.evidence?.text).toBe(at(CORRECTED, step.evidence!.span));
      expect(step.evidence?.revision).toBe(2);
    }
  });

  it("keeps an ORPHANED quote's words in the revision they stand in, out of lists and counts unless asked for", async () => {
    const slug = await importSample();
    const shippingQuotes = async () => (await api.data<{ topics: Array<{ slug: string; quoteCount: number }> }>(`{ topics { slug quoteCount } }`)).topics.find((topic) => topic.slug === "shipping")?.quoteCount;
    const shippingBefore = await shippingQuotes();
    const revised = await revise({ source: slug, body: CORRECTED });
    const orphan = revised.anchors.find((anchor) => anchor.status === "ORPHANED");
    expect(orphan?.span).toBeNull();
    // "Small teams move fast." was about shipping: the topic counts the current texts only.
    expect(await shippingQuotes()).toBe((shippingBefore ?? 0) - 1);
    const { node } = await api.data<{ node: QuoteReply }>(`query ($id: ID!) { node(id: $id) { ... on Quote { ${QUOTE_FIELDS} } } }`, { id: orphan?.nodeId });
    expect(node).toMatchObject({ text: "Small teams move fast.", span: orphan?.previousSpan, anchor: { status: "ORPHANED", score: 0, revision: 1, previousText: null } });
    expect(at(SAMPLE_BODY, node.span)).toBe(node.text);
    expect(node.context.before).toBe(at(SAMPLE_BODY, { start: node.span.start - 10, end: node.span.start }));

    const count = async (filter: Record<string, unknown>) =>
      (await api.data<{ quotes: { totalCount: number }; quoteStats: { total: number } }>(
        `query ($filter: QuoteFilter) { quotes(filter: $filter) { totalCount } quoteStats(filter: $filter) { total } }`,
        { filter: { sources: [slug], ...filter } },
      ));
    expect(await count({})).toEqual({ quotes: { totalCount: 3 }, quoteStats: { total: 3 } });
    expect(await count({ anchorStatus: ["ORPHANED"] })).toEqual({ quotes: { totalCount: 1 }, quoteStats: { total: 1 } });
    expect(await count({ anchorStatus: ["EXACT", "SHIFTED", "FUZZY", "ORPHANED"] })).toEqual({ quotes: { totalCount: 4 }, quoteStats: { total: 4 } });
    const search = await api.data<{ quotes: { totalCount: number } }>(`query ($slug: String!) { quotes(filter: { sources: [$slug], search: "small teams" }) { totalCount } }`, { slug });
    expect(search.quotes.totalCount).toBe(0);
  });

  it("pages through current and ORPHANED quotes without losing one that shares a span", async () => {
    const slug = await importSample();
    await revise({ source: slug, body: CORRECTED });
    // A new quote of the current text at the span the ORPHANED one had in revision 1.
    const orphanSpan = { start: [...SAMPLE_BODY].length - 1 - [..."Small teams move fast."].length, end: [...SAMPLE_BODY].length - 1 };
    expect(at(SAMPLE_BODY, orphanSpan)).toBe("Small teams move fast.");
    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { quotes: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await api.data(
        `query ($slug: String!, $after: String) { quotes(first: 1, after: $after, filter: { sources: [$slug], anchorStatus: [EXACT, SHIFTED, FUZZY, ORPHANED] }) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { slug, after },
      );
      all.push(...page.quotes.nodes.map((node) => node.id));
      if (!page.quotes.pageInfo.hasNextPage) break;
      after = page.quotes.pageInfo.endCursor;
    }
    expect(new Set(all).size).toBe(4);
  });

  it("sends a CONFIRMED quote whose words changed back to UNREVIEWED, and leaves the others' reviews", async () => {
    const slug = await importSample();
    const quotes = (await readSource(slug)).quotes.nodes;
    for (const quote of quotes) await review("reviewQuote", { id: quote.id, status: "CONFIRMED", note: "checked" });
    await revise({ source: slug, body: CORRECTED });
    const after = (await readSource(slug)).quotes.nodes;
    expect(after.map((quote) => [quote.anchor.status, quote.review.status])).toEqual([
      ["SHIFTED", "CONFIRMED"],
      ["SHIFTED", "CONFIRMED"],
      ["FUZZY", "UNREVIEWED"],
    ]);
    expect(after[2]?.review).toEqual({ status: "UNREVIEWED", note: null, reviewedAt: null, by: null });
  });

  it("is audited and revertible: the revert puts back the body, the spans and their statuses, and removes revision 2", async () => {
    const slug = await importSample();
    const before = await readSource(slug);
    const revised = await revise({ source: slug, body: CORRECTED });
    const events = await api.data<{ auditEvents: { nodes: Array<{ id: string; operation: string; changes: Array<{ table: string }> }> } }>(
      `{ auditEvents(first: 1) { nodes { id operation changes { table } } } }`,
      {},
      { viewer: admin },
    );
    const [event] = events.auditEvents.nodes;
    expect(event?.id).toBe(revised.auditEventId);
    expect(event?.operation).toBe("reviseSource");
    expect(new Set(event?.changes.map((change) => change.table))).toEqual(new Set(["sources", "source_revisions", "quotes", "career_steps"]));

    await api.data(`mutation ($input: RevertAuditEventInput!) { revertAuditEvent(input: $input) { auditEventId } }`, { input: { id: revised.auditEventId } }, { viewer: admin });
    const after = await readSource(slug);
    expect(after.current).toBe(SAMPLE_BODY);
    expect(after.revision).toBe(1);
    expect(after.revisions.map((revision) => revision.number)).toEqual([1]);
    const strip = (source: SourceReply) => ({
      quotes: source.quotes.nodes.map(({ version: _version, ...quote }) => quote),
      steps: source.careerSteps.map(({ id, anchor, evidence }) => ({ id, anchor, evidence })),
    });
    expect(strip(after)).toEqual(strip(before));
  });

  it("costs the same statements for a source of 4 quotes as for one of many", async () => {
    const small = await importSample();
    await api.ingest(ESSAY_BUNDLE);
    const essay = await api.data<{ source: { body: string; quotes: { totalCount: number } } }>(`{ source(slug: "openai-engineer-as-told-to") { body quotes { totalCount } } }`);
    expect(essay.source.quotes.totalCount).toBeGreaterThan(20);
    const statements = async (source: string, body: string) => {
      const reply = await api.run(REVISE, { input: { source, body } }, { viewer: editor });
      expect(reply.errors).toBeUndefined();
      return reply.statements;
    };
    const few = await statements(small, NOTE + SAMPLE_BODY);
    const many = await statements("openai-engineer-as-told-to", NOTE + essay.source.body);
    expect(many).toBe(few);
  });

  it("refuses, changing nothing: unknown source, blank or unchanged body, a lost section heading, a stale version, no key", async () => {
    const slug = await importSample();
    const { version } = await readSource(slug);
    expect(codeAndPaths(await refused(REVISE, { input: { source: "no-such-source", body: CORRECTED } }))).toEqual({ code: "BAD_USER_INPUT", paths: ["input.source"] });
    expect(codeAndPaths(await refused(REVISE, { input: { source: slug, body: " \n " } }))).toEqual({ code: "BAD_USER_INPUT", paths: ["input.body"] });
    const unchanged = await refused(REVISE, { input: { source: slug, body: SAMPLE_BODY } });
    expect(codeAndPaths(unchanged)).toEqual({ code: "BAD_USER_INPUT", paths: ["input.body"] });
    expect(unchanged.errors?.[0]?.message).toContain("already the body of revision 1");
    const lost = await refused(REVISE, { input: { source: slug, body: SAMPLE_BODY.replace("Early days\n", "Early years\n") } });
    expect(codeAndPaths(lost)).toEqual({ code: "BAD_USER_INPUT", paths: ["input.body"] });
    expect(lost.errors?.[0]?.message).toContain('"Early days"');
    expect((await refused(REVISE, { input: { source: slug, body: CORRECTED, expectedVersion: version + 1 } })).errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT" });
    expect((await refused(REVISE, { input: { source: slug, body: CORRECTED } }, null)).errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    expect(codeAndPaths(await refused(REVISE, { input: { source: slug, body: CORRECTED, note: "x".repeat(2_001) } }))).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("lets an editor place an ORPHANED quote in the current text again: EXACT there", async () => {
    const slug = await importSample();
    const revised = await revise({ source: slug, body: CORRECTED.replace("Initech.", "Initech. Small teams move fast, still.") });
    const orphan = revised.anchors.find((anchor) => anchor.status === "ORPHANED");
    const updated = await api.data<{ updateQuote: { quote: QuoteReply } }>(
      `mutation ($input: UpdateQuoteInput!) { updateQuote(input: $input) { quote { ${QUOTE_FIELDS} } } }`,
      { input: { id: orphan?.nodeId, text: "Small teams move fast, still." } },
      { viewer: editor },
    );
    expect(updated.updateQuote.quote.anchor).toEqual({ status: "EXACT", score: 1, revision: 2, previousText: null });
    expect((await readSource(slug)).quotes.nodes).toHaveLength(4);
  });

  it("orphans a career step whose evidence was cut, keeping the passage of its revision", async () => {
    const slug = await importSample();
    await revise({ source: slug, body: SAMPLE_BODY.replace("Since 2023 I lead the platform team at Initech. ", "") });
    const steps = (await readSource(slug)).careerSteps;
    expect(steps.map((step) => step.anchor?.status)).toEqual(["EXACT", "ORPHANED"]);
    expect(steps[1]?.evidence).toMatchObject({ text: "Since 2023 I lead the platform team at Initech.", revision: 1 });

    // An edit that does not restate the evidence leaves it where it stands; restated, it is placed in the current text.
    const UPDATE = `mutation ($input: UpdateCareerStepInput!) { updateCareerStep(input: $input) { careerStep { title anchor { status revision } evidence { text revision } } } }`;
    const retitled = await api.data<{ updateCareerStep: { careerStep: Record<string, unknown> } }>(UPDATE, { input: { id: steps[1]?.id, title: "Head of platform" } }, { viewer: editor });
    expect(retitled.updateCareerStep.careerStep).toEqual({
      title: "Head of platform",
      anchor: { status: "ORPHANED", revision: 1 },
      evidence: { text: "Since 2023 I lead the platform team at Initech.", revision: 1 },
    });
    const placed = await api.data<{ updateCareerStep: { careerStep: Record<string, unknown> } }>(UPDATE, { input: { id: steps[1]?.id, evidence: "Small teams move fast." } }, { viewer: editor });
    expect(placed.updateCareerStep.careerStep).toMatchObject({ anchor: { status: "EXACT", revision: 2 }, evidence: { text: "Small teams move fast.", revision: 2 } });
  });
});

async function review(mutation: "reviewQuote" | "reviewCareerStep", input: Record<string, unknown>, viewer: Viewer = editor): Promise<Reply<unknown>> {
  const payload = mutation === "reviewQuote" ? "quote { id version review { status note reviewedAt by } }" : "careerStep { id version review { status note reviewedAt by } }";
  return api.run(`mutation ($input: ReviewInput!) { ${mutation}(input: $input) { ${payload} auditEventId } }`, { input }, { viewer });
}

describe("reviews", () => {
  it("record a status, a note, when and by whom; UNREVIEWED takes one back", async () => {
    const slug = await importSample();
    const [quote] = (await readSource(slug)).quotes.nodes;
    const confirmed = (await review("reviewQuote", { id: quote?.id, status: "DISPUTED", note: "the date is off", expectedVersion: quote?.version })) as Reply<{
      reviewQuote: { quote: { version: number; review: QuoteReply["review"] }; auditEventId: string };
    }>;
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data?.reviewQuote.quote.review).toEqual({ status: "DISPUTED", note: "the date is off", reviewedAt: expect.stringMatching(/Z$/) as unknown, by: "Maria (editor)" });
    expect(confirmed.data?.reviewQuote.auditEventId).not.toBeNull();

    const disputed = await api.data<{ quotes: { nodes: Array<{ id: string }> } }>(`query ($slug: String!) { quotes(filter: { sources: [$slug], review: [DISPUTED] }) { nodes { id } } }`, { slug });
    expect(disputed.quotes.nodes.map((node) => node.id)).toEqual([quote?.id]);

    const back = (await review("reviewQuote", { id: quote?.id, status: "UNREVIEWED" })) as Reply<{ reviewQuote: { quote: { review: QuoteReply["review"] } } }>;
    expect(back.data?.reviewQuote.quote.review).toEqual({ status: "UNREVIEWED", note: null, reviewedAt: null, by: null });

    const [step] = (await readSource(slug)).careerSteps;
    const stepReview = (await review("reviewCareerStep", { id: step?.id, status: "CONFIRMED" })) as Reply<{ reviewCareerStep: { careerStep: { review: QuoteReply["review"] } } }>;
    expect(stepReview.data?.reviewCareerStep.careerStep.review).toMatchObject({ status: "CONFIRMED", by: "Maria (editor)" });
  });

  it("are audited and revertible", async () => {
    const slug = await importSample();
    const [quote] = (await readSource(slug)).quotes.nodes;
    const reviewed = (await review("reviewQuote", { id: quote?.id, status: "CONFIRMED" })) as Reply<{ reviewQuote: { auditEventId: string } }>;
    await api.data(`mutation ($input: RevertAuditEventInput!) { revertAuditEvent(input: $input) { auditEventId } }`, { input: { id: reviewed.data?.reviewQuote.auditEventId } }, { viewer: admin });
    expect((await readSource(slug)).quotes.nodes[0]?.review).toEqual({ status: "UNREVIEWED", note: null, reviewedAt: null, by: null });
  });

  it("refuse, changing nothing: a stale version, an unknown status, a foreign id, no key", async () => {
    const slug = await importSample();
    const [quote] = (await readSource(slug)).quotes.nodes;
    const [step] = (await readSource(slug)).careerSteps;
    const mutation = `mutation ($input: ReviewInput!) { reviewQuote(input: $input) { auditEventId } }`;
    expect((await refused(mutation, { input: { id: quote?.id, status: "CONFIRMED", expectedVersion: 99 } })).errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT" });
    expect((await refused(mutation, { input: { id: quote?.id, status: "MAYBE" } })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await refused(mutation, { input: { id: step?.id, status: "CONFIRMED" } })).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentPath: "input.id" });
    expect((await refused(mutation, { input: { id: quote?.id, status: "CONFIRMED", note: " " } })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await refused(mutation, { input: { id: quote?.id, status: "CONFIRMED" } }, null)).errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
  });
});

describe("a bundle that revises its source", () => {
  const IMPORT = `mutation ($bundle: String!, $dryRun: Boolean) {
    importInterview(bundle: $bundle, format: JSON, dryRun: $dryRun) {
      counts { kind created updated unchanged removed }
      revision { number anchors { nodeId status } }
    }
  }`;

  function inlineBundle(slug: string, body: string, revise?: boolean): string {
    const bundle = copy(sampleBundle(slug)) as unknown as { source: Record<string, unknown>; quotes: Array<Record<string, unknown>> };
    delete bundle.source.bodyFile;
    bundle.source.body = body;
    if (revise !== undefined) bundle.source.revise = revise;
    // The corrected text no longer holds the last quote; the typo fix changed another.
    bundle.quotes = bundle.quotes.filter((quote) => quote.text !== "Small teams move fast.").map((quote) => (String(quote.text).endsWith("morale.") ? { ...quote, text: String(quote.text).replace("morale.", "morale!") } : quote));
    return JSON.stringify(bundle);
  }

  it("is refused without `revise: true`, saying how, and changes nothing", async () => {
    const slug = await importSample();
    const reply = await refused(IMPORT, { bundle: inlineBundle(slug, CORRECTED) });
    expect(reply.errors?.[0]?.extensions?.problems?.map((problem) => problem.argumentPath)).toEqual(["bundle.source.body"]);
    expect(reply.errors?.[0]?.message).toContain("revise: true");
  });

  it("takes reviseSource's path with `revise: true`: the stored quotes keep their ids, the orphan stays, and importing again changes nothing", async () => {
    const slug = await importSample();
    const ids = (await readSource(slug)).quotes.nodes.map((quote) => quote.id);
    const dry = await api.data<{ importInterview: { revision: { number: number } | null } }>(IMPORT, { bundle: inlineBundle(slug, CORRECTED, true), dryRun: true }, { viewer: editor });
    expect(dry.importInterview.revision?.number).toBe(2);
    expect((await readSource(slug)).revision).toBe(1);

    const imported = await api.data<{ importInterview: { counts: Array<{ kind: string; created: number; updated: number; unchanged: number; removed: number }>; revision: { number: number; anchors: Array<{ nodeId: string; status: string }> } } }>(
      IMPORT,
      { bundle: inlineBundle(slug, CORRECTED, true) },
      { viewer: editor },
    );
    expect(imported.importInterview.revision.anchors.map((anchor) => anchor.status)).toEqual(["SHIFTED", "SHIFTED", "FUZZY", "ORPHANED", "SHIFTED", "SHIFTED"]);
    const counts = Object.fromEntries(imported.importInterview.counts.map(({ kind, ...count }) => [kind, count]));
    expect(counts.SOURCES).toEqual({ created: 0, updated: 1, unchanged: 0, removed: 0 });
    expect(counts.QUOTES).toEqual({ created: 0, updated: 0, unchanged: 3, removed: 0 });
    const after = await readSource(slug);
    expect(after.revision).toBe(2);
    expect(after.quotes.nodes.map((quote) => quote.id)).toEqual(ids.slice(0, 3));

    const again = await api.data<typeof imported>(IMPORT, { bundle: inlineBundle(slug, CORRECTED, true) }, { viewer: editor });
    expect(again.importInterview.revision).toBeNull();
    expect(again.importInterview.counts.every((count) => count.created + count.updated + count.removed === 0)).toBe(true);
  });

  it("takes the same path from files (npm run ingest), and says what the correction did", async () => {
    const slug = await importSample();
    const bundle = sampleBundle(slug) as unknown as { source: Record<string, unknown> };
    bundle.source.revise = true;
    bundle.source.revisionNote = "an editor's note";
    const result = await ingestFiles(api.db.dataSource, [await writeBundle(bundle, NOTE + SAMPLE_BODY)], CLI_INGEST);
    expect(result.errors).toEqual([]);
    expect(formatIngestResult(result)).toContain("revision 2: 0 EXACT, 6 SHIFTED, 0 FUZZY, 0 ORPHANED");
    expect((await readSource(slug)).revisions.map((revision) => revision.note)).toEqual([null, "an editor's note"]);
  });

  it("refuses a revision note without `revise: true`", async () => {
    const slug = await importSample();
    const bundle = JSON.parse(inlineBundle(slug, SAMPLE_BODY)) as { source: Record<string, unknown> };
    bundle.source.revisionNote = "typo";
    const reply = await refused(IMPORT, { bundle: JSON.stringify(bundle) });
    expect(reply.errors?.[0]?.extensions?.problems?.map((problem) => problem.argumentPath)).toEqual(["bundle.source.revisionNote"]);
  });
});
