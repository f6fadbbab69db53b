/**
 * addQuote, updateQuote, removeQuote: the server anchors the text in the body as the importer
 * does; every rejection names its input path and leaves every row of the database as it was.
 */
import { snapshot } from "../support/bundles";
import { ApiKeyRole, createKey } from "../support/keys";
import { at, ESSAY_BUNDLE, openTestApi, type Reply, type TestApi } from "../support/api";
import { type Viewer } from "../../src/graphql/auth";

let api: TestApi;
let editor: Viewer;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  editor = (await createKey(api.db.dataSource, ApiKeyRole.EDITOR)).viewer;
});

afterAll(async () => {
  await api.close();
});

const SOURCE = "openai-engineer-as-told-to";

interface QuoteReply {
  id: string;
  text: string;
  version: number;
  section: string | null;
  span: { start: number; end: number };
  speaker: { slug: string };
  topics: Array<{ slug: string }>;
  companies: Array<{ slug: string }>;
  source: { slug: string; body: string };
}

const QUOTE_FIELDS = "quote { id text version section span { start end } speaker { slug } topics { slug } companies { slug } source { slug body } } warnings auditEventId";
const ADD = `mutation ($input: AddQuoteInput!) { addQuote(input: $input) { ${QUOTE_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateQuoteInput!) { updateQuote(input: $input) { ${QUOTE_FIELDS} } }`;
const REMOVE = `mutation ($input: RemoveQuoteInput!) { removeQuote(input: $input) { removedId auditEventId warnings } }`;

interface Payload {
  quote: QuoteReply;
  warnings: string[];
  auditEventId: string | null;
}

async function add(input: Record<string, unknown>): Promise<Payload> {
  return (await api.data<{ addQuote: Payload }>(ADD, { input: { source: SOURCE, speaker: "jigar-bhati", ...input } }, { viewer: editor })).addQuote;
}

async function update(input: Record<string, unknown>): Promise<Payload> {
  return (await api.data<{ updateQuote: Payload }>(UPDATE, { input }, { viewer: editor })).updateQuote;
}

/** Runs an operation that must be refused, and proves that no row of the database changed. */
async function refused(query: string, input: Record<string, unknown>, viewer: Viewer | null = editor): Promise<Reply<unknown>> {
  const before = await snapshot(api.db.dataSource);
  const reply = await api.run(query, { input }, { viewer });
  expect(reply.errors?.length).toBeGreaterThan(0);
  expect(await snapshot(api.db.dataSource)).toEqual(before);
  return reply;
}

function codeAndPaths(reply: Reply<unknown>): { code: unknown; paths: unknown } {
  const error = reply.errors?.[0];
  return { code: error?.extensions?.code, paths: error?.extensions?.problems?.map((problem) => problem.argumentPath) };
}

describe("addQuote", () => {
  it("anchors a verbatim text: its span, section, topics and companies, version 1, an audit event", async () => {
    const payload = await add({ text: "I think that goes a long way.", topics: ["professional-growth"], companies: [] });
    expect(payload.warnings).toEqual([]);
    expect(payload.auditEventId).not.toBeNull();
    const quote = payload.quote;
    expect(quote.text).toBe("I think that goes a long way.");
    expect(at(quote.source.body, quote.span)).toBe(quote.text);
    expect(quote.section).toBe("Building up the right work experience is key");
    expect(quote.version).toBe(1);
    expect(quote.topics).toEqual([{ slug: "professional-growth" }]);
    expect(quote.speaker).toEqual({ slug: "jigar-bhati" });
  });

  it("matches a text typed with straight quotes after folding typography, stores the body's characters, and warns", async () => {
    const folded = await add({ text: "Having that relevant experience helps when you're interviewing for any team." });
    expect(folded.quote.text).toBe("Having that relevant experience helps when you’re interviewing for any team.");
    expect(folded.warnings).toHaveLength(1);
    expect(folded.warnings[0]).toMatch(/^input\.text: not found verbatim; matched after folding typography/);
  });

  it("takes the Nth occurrence of a repeated text, and asks for one when there are several", async () => {
    const { source } = await api.data<{ source: { body: string } }>(`{ source(slug: "${SOURCE}") { body } }`);
    const count = source.body.split("in general").length - 1;
    expect(count).toBeGreaterThan(1);
    const second = await add({ text: "in general", occurrence: 2 });
    const secondIndex = source.body.indexOf("in general", source.body.indexOf("in general") + 1);
    expect(second.quote.span.start).toBe([...source.body.slice(0, secondIndex)].length);
    const reply = await refused(ADD, { source: SOURCE, speaker: "jigar-bhati", text: "in general" });
    expect(codeAndPaths(reply)).toEqual({ code: "BAD_USER_INPUT", paths: ["input.text"] });
    expect(reply.errors?.[0]?.message).toContain(`found ${count} times`);
    const tooFar = await refused(ADD, { source: SOURCE, speaker: "jigar-bhati", text: "in general", occurrence: count + 1 });
    expect(codeAndPaths(tooFar)).toEqual({ code: "BAD_USER_INPUT", paths: ["input.occurrence"] });
  });

  it("refuses a text the body does not hold, showing the nearest passage", async () => {
    const reply = await refused(ADD, { source: SOURCE, speaker: "jigar-bhati", text: "OpenAI hires probably the worst talent out there." });
    expect(codeAndPaths(reply)).toEqual({ code: "BAD_USER_INPUT", paths: ["input.text"] });
    expect(reply.errors?.[0]?.message).toMatch(/nearest passage \[\d+, \d+\): ".*OpenAI hires probably the best talent out there/);
  });

  it("names every unknown reference at once", async () => {
    const reply = await refused(ADD, { source: "no-such-source", speaker: "nobody", text: "Anything.", topics: ["hiring", "no-topic"], companies: ["no-company"] });
    expect(codeAndPaths(reply)).toEqual({ code: "BAD_USER_INPUT", paths: ["input.source", "input.speaker", "input.topics[1]", "input.companies[0]"] });
  });

  it("refuses a second quote of the same passage with CONFLICT, naming the first", async () => {
    const existing = "OpenAI hires probably the best talent out there.";
    const first = await add({ text: existing });
    const reply = await refused(ADD, { source: SOURCE, speaker: "jigar-bhati", text: existing });
    expect(reply.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "ALREADY_EXISTS", existingId: first.quote.id });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["a blank text", { text: "   " }, ["input.text"]],
    ["a topic that is not a slug", { text: "Anything.", topics: ["Hiring!"] }, ["input.topics"]],
    ["occurrence 0", { text: "Anything.", occurrence: 0 }, ["input.occurrence"]],
    ["a speaker that is not a slug", { text: "Anything.", speaker: "Jigar Bhati" }, ["input.speaker"]],
    ["a topic listed twice", { text: "OpenAI also hires new grads and interns.", topics: ["hiring", "hiring"] }, ["input.topics[1]"]],
  ])("refuses %s, naming the input path", async (_what, input, paths) => {
    const reply = await refused(ADD, { source: SOURCE, speaker: "jigar-bhati", ...input });
    expect(codeAndPaths(reply)).toEqual({ code: "BAD_USER_INPUT", paths });
  });

  it("needs an EDITOR key", async () => {
    const reply = await refused(ADD, { source: SOURCE, speaker: "jigar-bhati", text: "Anything." }, null);
    expect(reply.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("updateQuote", () => {
  async function fresh(text: string): Promise<QuoteReply> {
    return (await add({ text, topics: ["impact"], companies: ["openai"] })).quote;
  }

  it("replaces topics and companies, raising the version", async () => {
    const quote = await fresh("we had early access to it");
    const payload = await update({ id: quote.id, expectedVersion: 1, topics: ["ai", "product"], companies: [] });
    expect(payload.quote).toMatchObject({ version: 2, text: quote.text, span: quote.span, topics: [{ slug: "ai" }, { slug: "product" }], companies: [] });
    expect(payload.auditEventId).not.toBeNull();
  });

  it("anchors a new text again in the same source, with its section", async () => {
    const quote = await fresh("the direction of its launch");
    const payload = await update({ id: quote.id, text: "OpenAI still operates like it operated two years ago." });
    expect(payload.quote.text).toBe("OpenAI still operates like it operated two years ago.");
    expect(at(payload.quote.source.body, payload.quote.span)).toBe(payload.quote.text);
    expect(payload.quote.section).toBe("OpenAI still feels like a startup");
    expect(payload.quote.topics).toEqual([{ slug: "impact" }]);
  });

  it("refuses a stale expectedVersion with CONFLICT, saying the version now", async () => {
    const quote = await fresh("number of products");
    await update({ id: quote.id, topics: ["ai"] });
    const reply = await refused(UPDATE, { id: quote.id, expectedVersion: 1, topics: ["hiring"] });
    expect(reply.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "STALE_VERSION", expectedVersion: 1, actualVersion: 2 });
  });

  it("writes nothing, and makes no audit event, when nothing changes", async () => {
    const quote = await fresh("a big push for productivity");
    const before = await snapshot(api.db.dataSource);
    const payload = await update({ id: quote.id, topics: ["impact"], companies: ["openai"], text: quote.text });
    expect(payload.auditEventId).toBeNull();
    expect(payload.quote.version).toBe(1);
    expect(await snapshot(api.db.dataSource)).toEqual(before);
  });

  it("refuses an unknown id with NOT_FOUND, and an id of another type with BAD_USER_INPUT", async () => {
    const missing = Buffer.from("Quote:00000000-0000-4000-8000-000000000000").toString("base64url");
    expect((await refused(UPDATE, { id: missing, topics: [] })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const person = (await api.data<{ person: { id: string } }>(`{ person(slug: "jigar-bhati") { id } }`)).person.id;
    expect(codeAndPaths(await refused(UPDATE, { id: person, topics: [] }))).toEqual({ code: "BAD_USER_INPUT", paths: ["input.id"] });
  });

  it("refuses a new text the body does not hold, and changes nothing else either", async () => {
    const quote = await fresh("shaping the direction of a product");
    const reply = await refused(UPDATE, { id: quote.id, text: "Not in this essay at all, not a word.", topics: ["ai"] });
    expect(codeAndPaths(reply)).toEqual({ code: "BAD_USER_INPUT", paths: ["input.text"] });
  });
});

describe("removeQuote", () => {
  it("removes the quote with its links; the node is gone", async () => {
    const quote = (await add({ text: "used by the entire world", topics: ["impact"] })).quote;
    const reply = await api.data<{ removeQuote: { removedId: string; auditEventId: string | null } }>(REMOVE, { input: { id: quote.id, expectedVersion: 1 } }, { viewer: editor });
    expect(reply.removeQuote.removedId).toBe(quote.id);
    expect(reply.removeQuote.auditEventId).not.toBeNull();
    expect(await api.data(`query ($id: ID!) { node(id: $id) { id } }`, { id: quote.id })).toEqual({ node: null });
    const links = await api.db.dataSource.query<unknown[]>("SELECT * FROM quote_topics WHERE quote_id = $1", [Buffer.from(quote.id, "base64url").toString().split(":")[1]]);
    expect(links).toEqual([]);
  });

  it("refuses a stale version", async () => {
    const quote = (await add({ text: "make it more usable and user-friendly" })).quote;
    await update({ id: quote.id, topics: ["product"] });
    const reply = await refused(REMOVE, { id: quote.id, expectedVersion: 1 });
    expect(reply.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "STALE_VERSION" });
  });
});
