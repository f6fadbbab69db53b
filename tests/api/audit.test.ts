/**
 * The audit trail: every write (mutation, CLI import, direct SQL) appends who, what, when and
 * the changed rows before and after; admins read it page by page or by node; the database
 * keeps it append-only; and any content event can be reverted, a removed quote restored whole.
 */
import { stringify } from "yaml";
import { contentDump } from "../support/bundles";
import { ApiKeyRole, createKey } from "../support/keys";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";
import { type Viewer } from "../../src/graphql/auth";
import { fromGlobalId } from "../../src/domain/global-id";

let api: TestApi;
let editor: Viewer;
let admin: Viewer;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  editor = (await createKey(api.db.dataSource, ApiKeyRole.EDITOR, "cms")).viewer;
  admin = (await createKey(api.db.dataSource, ApiKeyRole.ADMIN, "ops")).viewer;
});

afterAll(async () => {
  await api.close();
});

interface Change {
  table: string;
  kind: "INSERT" | "UPDATE" | "DELETE";
  nodeId: string;
  key: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

interface Event {
  id: string;
  occurredAt: string;
  actor: string;
  operation: string;
  apiKey: { label: string; role: string } | null;
  nodeIds: string[];
  changes: Change[];
}

const EVENTS = `query ($first: Int, $after: String, $nodeId: ID) {
  auditEvents(first: $first, after: $after, nodeId: $nodeId) {
    totalCount
    edges { cursor node { id occurredAt actor operation apiKey { label role } nodeIds changes { table kind nodeId key before after } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function events(variables: Record<string, unknown> = {}): Promise<{ totalCount: number; nodes: Event[]; endCursor: string | null; hasNextPage: boolean }> {
  const data = await api.data<{ auditEvents: { totalCount: number; edges: Array<{ node: Event }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
    EVENTS,
    { first: 20, ...variables },
    { viewer: admin },
  );
  return { totalCount: data.auditEvents.totalCount, nodes: data.auditEvents.edges.map((edge) => edge.node), ...data.auditEvents.pageInfo };
}

const ADD = `mutation ($input: AddQuoteInput!) { addQuote(input: $input) { quote { id version topics { slug } } auditEventId } }`;
const UPDATE = `mutation ($input: UpdateQuoteInput!) { updateQuote(input: $input) { quote { id version } auditEventId } }`;
const REMOVE = `mutation ($input: RemoveQuoteInput!) { removeQuote(input: $input) { removedId auditEventId } }`;
const REVERT = `mutation ($input: RevertAuditEventInput!) { revertAuditEvent(input: $input) { reverted { id operation } auditEventId } }`;

async function addQuote(text: string, topics: string[] = ["impact"], companies: string[] = ["openai"]): Promise<{ id: string; auditEventId: string }> {
  const data = await api.data<{ addQuote: { quote: { id: string }; auditEventId: string } }>(
    ADD,
    { input: { source: "openai-engineer-as-told-to", speaker: "jigar-bhati", text, topics, companies } },
    { viewer: editor },
  );
  return { id: data.addQuote.quote.id, auditEventId: data.addQuote.auditEventId };
}

const QUOTE = `query ($id: ID!) { node(id: $id) { ... on Quote { id text version span { start end } section speaker { slug } topics { slug } companies { slug } } } }`;

describe("what a write records", () => {
  it("records a mutation: the key's holder, the operation, the node, and the rows it created", async () => {
    const { id, auditEventId } = await addQuote("OpenAI is not just a place for experienced engineers.");
    const [event] = (await events({ first: 1 })).nodes;
    expect(event).toMatchObject({ id: auditEventId, actor: "API_KEY", operation: "addQuote", apiKey: { label: "cms", role: "EDITOR" }, nodeIds: [id] });
    expect(event?.changes.map((change) => [change.table, change.kind])).toEqual([
      ["quotes", "INSERT"],
      ["quote_topics", "INSERT"],
      ["quote_companies", "INSERT"],
    ]);
    expect(event?.changes[0]?.after).toMatchObject({ text: "OpenAI is not just a place for experienced engineers.", version: 1 });
    expect(event?.changes[0]?.after).not.toHaveProperty("search");
    expect(Date.parse(event?.occurredAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
  });

  it("records an update with the row before and after", async () => {
    const { id } = await addQuote("OpenAI also hires new grads and interns.");
    await api.data(UPDATE, { input: { id, text: "OpenAI also hires new grads" } }, { viewer: editor });
    const [event] = (await events({ first: 1 })).nodes;
    expect(event?.operation).toBe("updateQuote");
    const [change] = event?.changes ?? [];
    expect(change).toMatchObject({ table: "quotes", kind: "UPDATE", nodeId: id });
    expect(change?.before).toMatchObject({ text: "OpenAI also hires new grads and interns.", version: 1 });
    expect(change?.after).toMatchObject({ text: "OpenAI also hires new grads", version: 2 });
  });

  it("records the CLI's import and a direct SQL write, each as its author", async () => {
    const all = [];
    for (let page = await events({ first: 100 }); ; page = await events({ first: 100, after: page.endCursor })) {
      all.push(...page.nodes);
      if (!page.hasNextPage) break;
    }
    const ingest = all.find((event) => event.operation === "ingest");
    expect(ingest).toMatchObject({ actor: "CLI", apiKey: null });
    expect(ingest?.changes.filter((change) => change.table === "quotes")).toHaveLength(29);

    await api.db.dataSource.query("UPDATE topics SET name = 'Hiring and talent' WHERE slug = 'hiring'");
    const [sql] = (await events({ first: 1 })).nodes;
    expect(sql).toMatchObject({ actor: "SQL", apiKey: null });
    expect(sql?.operation).toMatch(/^sql by /);
    expect(sql?.changes[0]).toMatchObject({ table: "topics", kind: "UPDATE", before: { name: "Hiring" }, after: { name: "Hiring and talent" } });
  });

  it("records nothing for a write that changes nothing, nor for a key's use", async () => {
    const before = (await events()).totalCount;
    const { id } = await addQuote("And it’s amazing to see how they enjoy working at OpenAI");
    await api.data(UPDATE, { input: { id, topics: ["impact"], companies: ["openai"] } }, { viewer: editor });
    await api.db.dataSource.query("UPDATE api_keys SET last_used_at = now()");
    expect((await events()).totalCount).toBe(before + 1);
  });
});

describe("reading the trail", () => {
  it("pages newest first, and filters by node", async () => {
    const { id } = await addQuote("the number of user bases");
    await api.data(UPDATE, { input: { id, topics: ["product"] } }, { viewer: editor });
    await api.data(REMOVE, { input: { id } }, { viewer: editor });
    const ofQuote = await events({ nodeId: id });
    expect(ofQuote.nodes.map((event) => event.operation)).toEqual(["removeQuote", "updateQuote", "addQuote"]);
    expect(ofQuote.totalCount).toBe(3);

    const one = await events({ nodeId: id, first: 1 });
    const rest = await events({ nodeId: id, first: 5, after: one.endCursor });
    expect([...one.nodes, ...rest.nodes].map((event) => event.id)).toEqual(ofQuote.nodes.map((event) => event.id));
  });

  it("is for ADMIN keys only", async () => {
    expect((await api.run(EVENTS, {}, { viewer: editor })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await api.run(EVENTS, {})).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a nodeId or cursor that is not one", async () => {
    expect((await api.run(EVENTS, { nodeId: "nope" }, { viewer: admin })).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentPath: "nodeId" });
    expect((await api.run(EVENTS, { after: "nope" }, { viewer: admin })).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentPath: "after" });
  });
});

describe("the database keeps the trail append-only", () => {
  it.each(["UPDATE audit_events SET operation = 'forged'", "DELETE FROM audit_events", "UPDATE audit_changes SET after = NULL", "DELETE FROM audit_changes", "TRUNCATE audit_changes", "TRUNCATE audit_events CASCADE"])(
    "refuses: %s",
    async (sql) => {
      const count = async () => api.db.dataSource.query<Array<{ events: number; changes: number }>>("SELECT (SELECT count(*) FROM audit_events)::int AS events, (SELECT count(*) FROM audit_changes)::int AS changes");
      const before = await count();
      await expect(api.db.dataSource.query(sql)).rejects.toThrow(/append-only/);
      expect(await count()).toEqual(before);
    },
  );
});

describe("TRUNCATE outside the gateway", () => {
  const counts = async () =>
    (
      await api.db.dataSource.query<Array<{ quotes: number; topics: number; companies: number }>>(
        "SELECT (SELECT count(*) FROM quotes)::int AS quotes, (SELECT count(*) FROM quote_topics)::int AS topics, (SELECT count(*) FROM quote_companies)::int AS companies",
      )
    )[0];

  it("is audited like a delete, for every table a CASCADE reaches, and can be reverted", async () => {
    const before = await counts();
    expect(before?.quotes).toBeGreaterThan(0);
    await api.db.dataSource.query("TRUNCATE quotes CASCADE");
    expect(await counts()).toEqual({ quotes: 0, topics: 0, companies: 0 });

    const [event] = (await events({ first: 1 })).nodes;
    expect(event).toMatchObject({ actor: "SQL", apiKey: null });
    expect(event?.operation).toMatch(/^sql by /);
    const removed = (table: string) => event?.changes.filter((change) => change.table === table && change.kind === "DELETE").length;
    expect({ quotes: removed("quotes"), topics: removed("quote_topics"), companies: removed("quote_companies") }).toEqual(before);
    expect(event?.changes.every((change) => change.after === null && change.before !== null)).toBe(true);

    const reverted = await api.run(REVERT, { input: { id: event?.id } }, { viewer: admin });
    expect(reverted.errors).toBeUndefined();
    expect(await counts()).toEqual(before);
  });
});

describe("revertAuditEvent", () => {
  interface QuoteState {
    id: string;
    text: string;
    version: number;
    topics: Array<{ slug: string }>;
    companies: Array<{ slug: string }>;
  }

  it("restores a removed quote whole: the same id, text, span, section, topics and companies", async () => {
    const { id } = await addQuote("That makes things really exciting", ["shipping-velocity", "product"], ["openai", "twitter"]);
    const { node: before } = await api.data<{ node: QuoteState }>(QUOTE, { id });
    const removed = await api.data<{ removeQuote: { auditEventId: string } }>(REMOVE, { input: { id } }, { viewer: editor });
    expect((await api.data<{ node: null }>(QUOTE, { id })).node).toBeNull();

    const reverted = await api.data<{ revertAuditEvent: { reverted: { id: string; operation: string }; auditEventId: string } }>(
      REVERT,
      { input: { id: removed.removeQuote.auditEventId } },
      { viewer: admin },
    );
    expect(reverted.revertAuditEvent.reverted).toEqual({ id: removed.removeQuote.auditEventId, operation: "removeQuote" });
    expect((await api.data<{ node: QuoteState }>(QUOTE, { id })).node).toEqual(before);

    // The revert is itself an event, and an event can only be undone once.
    const [event] = (await events({ first: 1 })).nodes;
    expect(event).toMatchObject({ id: reverted.revertAuditEvent.auditEventId, operation: "revertAuditEvent", apiKey: { label: "ops" } });
    const again = await api.run(REVERT, { input: { id: removed.removeQuote.auditEventId } }, { viewer: admin });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "CHANGED_SINCE" });
  });

  it("puts back what an update changed, and refuses when the row changed again since", async () => {
    const { id } = await addQuote("Every engineer is empowered to provide feedback");
    const first = await api.data<{ updateQuote: { auditEventId: string } }>(UPDATE, { input: { id, text: "Every engineer is empowered" } }, { viewer: editor });
    const second = await api.data<{ updateQuote: { auditEventId: string } }>(UPDATE, { input: { id, text: "Every engineer" } }, { viewer: editor });
    // The text the first event left is gone: undoing it would overwrite the second edit.
    const blocked = await api.run(REVERT, { input: { id: first.updateQuote.auditEventId } }, { viewer: admin });
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "CHANGED_SINCE", table: "quotes" });

    // Undone newest first, both go through.
    await api.data(REVERT, { input: { id: second.updateQuote.auditEventId } }, { viewer: admin });
    await api.data(REVERT, { input: { id: first.updateQuote.auditEventId } }, { viewer: admin });
    const { node } = await api.data<{ node: QuoteState }>(QUOTE, { id });
    // Each edit and each undo raised the version: a client holding version 1 cannot overwrite.
    expect(node).toMatchObject({ text: "Every engineer is empowered to provide feedback", topics: [{ slug: "impact" }], version: 5 });
  });

  it("reverts a career step's dates, and a change recorded before the step's generated columns existed", async () => {
    const STEP = `{ person(slug: "jigar-bhati") { careerTimeline { id version start { edtf } } } }`;
    const [twitter] = (await api.data<{ person: { careerTimeline: Array<{ id: string; version: number; start: { edtf: string } }> } }>(STEP)).person.careerTimeline;
    if (!twitter) throw new Error("no Twitter step");
    const changed = await api.data<{ updateCareerStep: { auditEventId: string } }>(
      `mutation ($input: UpdateCareerStepInput!) { updateCareerStep(input: $input) { auditEventId } }`,
      { input: { id: twitter.id, start: "2016-06" } },
      { viewer: editor },
    );
    // As a change recorded by an older schema holds it: without the columns the database derives
    // (the interval and the timeline order, migration 1764600000000). The trail is append-only,
    // so this test alone lifts that for one statement.
    await api.db.dataSource.transaction(async (manager) => {
      await manager.query(`ALTER TABLE audit_changes DISABLE TRIGGER audit_changes_append_only`);
      await manager.query(
        `UPDATE audit_changes SET before = before - '{possible,certain,start_middle}'::text[], after = after - '{possible,certain,start_middle}'::text[] WHERE event_id = $1`,
        [fromGlobalId(changed.updateCareerStep.auditEventId)?.id],
      );
      await manager.query(`ALTER TABLE audit_changes ENABLE TRIGGER audit_changes_append_only`);
    });
    const stripped = (await events({ first: 1 })).nodes[0]?.changes[0];
    expect(stripped?.after).not.toHaveProperty("possible");
    await api.data(REVERT, { input: { id: changed.updateCareerStep.auditEventId } }, { viewer: admin });
    const after = (await api.data<{ person: { careerTimeline: Array<{ id: string; start: { edtf: string } }> } }>(STEP)).person.careerTimeline;
    expect(after.find((step) => step.id === twitter.id)?.start.edtf).toBe("2016~");
    const twitterSteps = await api.data<{ careerSteps: { nodes: Array<{ id: string }> } }>(`{ careerSteps(filter: { companies: ["twitter"], during: "2015" }) { nodes { id } } }`);
    expect(twitterSteps.careerSteps.nodes.map((node) => node.id)).toEqual([twitter.id]);
  });

  it("undoes only what its event did: other edits of the same quote stay", async () => {
    const { id } = await addQuote("I got to work and lead some critical projects");
    const topics = await api.data<{ updateQuote: { auditEventId: string } }>(UPDATE, { input: { id, topics: ["ai"] } }, { viewer: editor });
    await api.data(UPDATE, { input: { id, companies: [] } }, { viewer: editor });
    await api.data(REVERT, { input: { id: topics.updateQuote.auditEventId } }, { viewer: admin });
    const { node } = await api.data<{ node: QuoteState }>(QUOTE, { id });
    expect(node).toMatchObject({ topics: [{ slug: "impact" }], companies: [] });
  });

  it("undoes an import: the database is as it was before it", async () => {
    const before = await contentDump(api.db.dataSource);
    const bundle = {
      source: { slug: "revert-me", title: "Revert me", kind: "ARTICLE", narrator: "kim-lee", body: "Kim Lee joined Initech in 2020. Small teams win." },
      people: [{ slug: "kim-lee", name: "Kim Lee" }],
      companies: [{ slug: "initech", name: "Initech" }],
      topics: [{ slug: "teams", name: "Teams" }],
      careerSteps: [{ person: "kim-lee", company: "initech", start: "2020", end: "..", evidence: "Kim Lee joined Initech in 2020." }],
      quotes: [{ speaker: "kim-lee", text: "Small teams win.", topics: ["teams", "hiring"], companies: ["initech"] }],
    };
    const imported = await api.data<{ importInterview: { auditEventId: string } }>(
      `mutation ($bundle: String!) { importInterview(bundle: $bundle) { auditEventId } }`,
      { bundle: stringify(bundle) },
      { viewer: editor },
    );
    expect(await contentDump(api.db.dataSource)).not.toEqual(before);
    await api.data(REVERT, { input: { id: imported.importInterview.auditEventId } }, { viewer: admin });
    const after = await contentDump(api.db.dataSource);
    expect({ ...after, auditChanges: [] }).toEqual({ ...before, auditChanges: [] });
  });

  it("refuses events that are not content, ids that are not events, and non-admins", async () => {
    const key = await api.data<{ createApiKey: { auditEventId: string } }>(`mutation { createApiKey(input: { label: "temp", role: EDITOR }) { auditEventId } }`, {}, { viewer: admin });
    expect((await api.run(REVERT, { input: { id: key.createApiKey.auditEventId } }, { viewer: admin })).errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argumentPath: "input.id",
    });
    const missing = Buffer.from("AuditEvent:999999").toString("base64url");
    expect((await api.run(REVERT, { input: { id: missing } }, { viewer: admin })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await api.run(REVERT, { input: { id: "nope" } }, { viewer: admin })).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentPath: "input.id" });
    expect((await api.run(REVERT, { input: { id: missing } }, { viewer: editor })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
