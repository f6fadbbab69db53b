/**
 * Hostile arguments, generated with fast-check and sent over real HTTP: arbitrary Unicode (lone
 * surrogates, NUL, bidi marks), SQL and tsquery snippets, HTML, strings up to 100k characters,
 * integers of every size, garbage and foreign cursors and global ids, to the read fields (person,
 * source, quotes with filters, pages and order, quoteStats, people, node, nodes, a quote's
 * context) and, with an EDITOR key, to the content mutations (upserts, quotes, career steps).
 *
 * Proves that every request is answered (a hang fails it), never with a 5xx or an
 * INTERNAL_SERVER_ERROR, every error carrying a code (and BAD_USER_INPUT its argument path); and
 * that a mutation either succeeds, the entity read back through the API being what was written
 * and every quote still its body's span, or is refused with no row changed. Afterwards the
 * essay's content is intact and no table is gone.
 *
 * FC_SEED and FC_RUNS replay or widen a run; RELIABILITY_REPORT_DIR, when set, receives the tally
 * in argument-properties.json.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import { at } from "../../support/api";
import { snapshot } from "../../support/bundles";
import { bearer, type GraphQLReply, graphql, type HttpGraphQLError, type OwnApp, startOwnApp } from "../../support/http";
import { ApiKeyRole, createKey } from "../../support/keys";
import { ESSAY_SOURCE, essayQuotes } from "../../support/model";
import { propertyRuns, writeReliabilityReport } from "../../support/properties";

const { seed: SEED, runs: RUNS } = propertyRuns(150);
/** Reads are cheap: four of them per run. */
const READ_RUNS = RUNS * 4;

/** How long an answer may take before the request counts as hung. */
const ANSWER_TIMEOUT_MS = 15_000;

let own: OwnApp;
let editorHeaders: Record<string, string>;
/** An ADMIN's key, for the audit trail's reads. */
const adminHeaders: Record<string, string> = {};

/** One operation over HTTP, given up on after ANSWER_TIMEOUT_MS. */
function ask<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLReply<T>> {
  return graphql<T>(own.app, query, variables, headers, AbortSignal.timeout(ANSWER_TIMEOUT_MS));
}

/** An operation that must succeed (fixtures and read-backs). */
async function answer<T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> {
  const reply = await ask<T>(query, variables, headers);
  if (reply.errors !== undefined || reply.data == null) throw new Error(`the operation failed: ${reply.raw.slice(0, 2000)}`);
  return reply.data;
}

// ---------------------------------------------------------------------------------------------
// A source of the test's own, for the writes: the essay's quotes and Jigar Bhati's steps stay as they are

const SCRATCH_SOURCE = "scratch-notes";
const SCRATCH_PEOPLE = ["scratch-speaker", "scratch-other"];
const SCRATCH_COMPANY = "scratch-co";
const SCRATCH_TOPIC = "scratch-topic";

const SCRATCH_SENTENCES = Array.from(
  { length: 40 },
  (_, i) => `Note ${i}: the ${["platform", "search", "growth", "infra"][i % 4]} team shipped ${i % 3 === 0 ? "😀 " : ""}“feature ${i}” — on time…`,
);
const SCRATCH_BODY = ["Scratch notes", "Part A", SCRATCH_SENTENCES.slice(0, 20).join(" "), "Part B", SCRATCH_SENTENCES.slice(20).join(" "), ""].join("\n\n");

function scratchBundle(): Record<string, unknown> {
  return {
    source: { slug: SCRATCH_SOURCE, title: "Scratch notes", kind: "TRANSCRIPT", narrator: SCRATCH_PEOPLE[0], body: SCRATCH_BODY, sections: ["Part A", "Part B"] },
    people: SCRATCH_PEOPLE.map((slug) => ({ slug, name: slug.replace("-", " ") })),
    companies: [{ slug: SCRATCH_COMPANY, name: "Scratch Co" }],
    topics: [{ slug: SCRATCH_TOPIC, name: "Scratch topic" }],
    careerSteps: [5, 6, 7].map((i) => ({ person: SCRATCH_PEOPLE[0], company: SCRATCH_COMPANY, title: `Role ${i}`, start: `20${10 + i}`, evidence: SCRATCH_SENTENCES[i] })),
    quotes: [0, 1, 2, 3, 4].map((i) => ({ speaker: SCRATCH_PEOPLE[0], text: SCRATCH_SENTENCES[i], topics: [SCRATCH_TOPIC] })),
  };
}

/** Ids of the scratch quotes and career steps: what updates and removals aim at. */
const targets = { quotes: [] as string[], steps: [] as string[] };

/**
 * Ids and cursors that exist, so that generated arguments hit real rows too. Writes aim only at
 * `harmlessIds` (no quote or career step of the essay): ids of another kind than they expect.
 */
const known = { ids: [] as string[], harmlessIds: [] as string[], cursors: [] as string[] };

beforeAll(async () => {
  own = await startOwnApp({ rateLimits: { perMinute: 0, perMinuteWithKey: 0, failedAuthPerMinute: 0 } });
  editorHeaders = bearer((await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR)).secret);
  Object.assign(adminHeaders, bearer((await createKey(own.app.database.dataSource, ApiKeyRole.ADMIN)).secret));
  await answer(`mutation ($bundle: String!) { importInterview(bundle: $bundle) { sourceSlug } }`, { bundle: stringify(scratchBundle()) }, editorHeaders);
  const data = await answer<{
    source: { id: string; quotes: { nodes: Array<{ id: string }> } };
    person: { id: string; careerTimeline: Array<{ id: string }> };
    essay: { quotes: { nodes: Array<{ id: string }>; pageInfo: { endCursor: string } } };
    jigar: { careerTimeline: Array<{ id: string; company: { id: string } }> };
    people: { pageInfo: { endCursor: string } };
    relevant: { pageInfo: { endCursor: string } };
    topics: Array<{ id: string }>;
  }>(`{
    source(slug: "${SCRATCH_SOURCE}") { id quotes(first: 100) { nodes { id } } }
    person(slug: "${SCRATCH_PEOPLE[0]}") { id careerTimeline { id } }
    essay: source(slug: "${ESSAY_SOURCE}") { quotes(first: 3) { nodes { id } pageInfo { endCursor } } }
    jigar: person(slug: "jigar-bhati") { careerTimeline { id company { id } } }
    people(first: 1) { pageInfo { endCursor } }
    relevant: quotes(first: 2, filter: { search: "talent" }, orderBy: RELEVANCE) { pageInfo { endCursor } }
    topics { id }
  }`);
  targets.quotes.push(...data.source.quotes.nodes.map((node) => node.id));
  targets.steps.push(...data.person.careerTimeline.map((step) => step.id));
  known.harmlessIds.push(data.source.id, data.person.id, ...data.jigar.careerTimeline.map((step) => step.company.id), ...data.topics.slice(0, 3).map((topic) => topic.id));
  known.ids.push(...known.harmlessIds, ...data.essay.quotes.nodes.map((node) => node.id), ...data.jigar.careerTimeline.map((step) => step.id), ...targets.quotes.slice(0, 2));
  known.cursors.push(data.essay.quotes.pageInfo.endCursor, data.people.pageInfo.endCursor, data.relevant.pageInfo.endCursor);
});

afterAll(async () => {
  await own?.finish();
});

// ---------------------------------------------------------------------------------------------
// Hostile values

const SNIPPETS = [
  "'; drop table quotes; --",
  "' OR 1=1 --",
  '" OR "1"="1',
  "%",
  "_",
  "%_%",
  "\\",
  "\\%",
  "$1",
  "${1}",
  "\u0000",
  "a\u0000b",
  "!&|:*()<>",
  "a & b | !c",
  "hire:*",
  "(",
  "-",
  '"',
  '""',
  "OR",
  "-hiring",
  '"best talent"',
  "talent <-> out",
  "<script>alert(1)</script>",
  "<mark>x</mark>",
  "{{7*7}}",
  "../../etc/passwd",
  " ",
  "",
  "\t\n",
  "\ud800",
  "\udfff",
  "\u200f\u202e",
  "\ufeff",
  "jigar-bhati",
  "openai",
  "hiring",
  ESSAY_SOURCE,
  SCRATCH_SOURCE,
] as const;

const ODD_DATES = ["2016~", "2016-13", "..", "", "20166", "2016?", "2016%", "2016-02-29", "2015-02-29", "0000", "9999~", "-2016", "2016/2017", " 2016", "2023-05-10", "1999-12"] as const;

/** Characters that text columns, SQL, LIKE patterns and tsquery treat specially. */
const ODD_CHARACTERS = ["\u0000", "\ud800", "\udfff", "\u200b", "\u200f", "\u202e", "\ufeff", "\u0301", "'", '"', "\\", "%", "_", "&", "|", "!", ":", "*", "<"] as const;

/**
 * Arbitrary text: any graphemes, any code points, graphemes mixed with odd characters, the
 * snippets above, and strings up to 100k characters.
 */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.oneof(fc.constantFrom(...ODD_CHARACTERS), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 12 }), weight: 3 },
  fc.string({ unit: "grapheme-composite", maxLength: 20 }),
  { arbitrary: fc.constantFrom(...SNIPPETS), weight: 3 },
  fc.tuple(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 8 }), fc.constantFrom(...SNIPPETS)).map((parts) => parts.join("")),
  fc.record({ unit: fc.constantFrom("a", "é", "😀", "%", "'", " OR ", "\u0301"), length: fc.integer({ min: 200, max: 100_000 }) }).map(({ unit, length }) => unit.repeat(Math.ceil(length / unit.length))),
);

/** Plain text with one odd character in it. */
const withOddCharacter = fc.tuple(fc.string({ unit: "grapheme", maxLength: 10 }), fc.constantFrom(...ODD_CHARACTERS), fc.string({ unit: "grapheme", maxLength: 10 })).map((parts) => parts.join(""));

/** Short hostile text, for the items of lists (a request body stays well under its limit). */
const shortHostileString = hostileString.filter((value) => value.length <= 200);

const validSlug = fc.stringMatching(/^[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}$/);

const slugLike = fc.oneof(shortHostileString, validSlug, fc.constantFrom("jigar-bhati", "openai", "twitter", "hiring", "ai", ESSAY_SOURCE, SCRATCH_SOURCE, ...SCRATCH_PEOPLE, SCRATCH_COMPANY, SCRATCH_TOPIC));

const slugList = fc.oneof(
  { arbitrary: fc.array(slugLike, { maxLength: 5 }), weight: 5 },
  fc.constant(null),
  fc.array(validSlug, { minLength: 95, maxLength: 110 }),
);

/** Whole numbers of every size, and numbers GraphQL's Int does not take (2^31, fractions). */
const anyInt = fc.oneof(
  { arbitrary: fc.integer({ min: -5, max: 120 }), weight: 4 },
  fc.constantFrom(0, -1, 100, 101, 500, 501, 2 ** 31 - 1, -(2 ** 31)),
  fc.integer(),
  fc.constantFrom(2 ** 31, 2 ** 53, -(2 ** 31) - 1, 1.5, 1e300),
  fc.constant(null),
);

/** Stands for one of the known ids, picked when the request is sent. */
const A_REAL_ID = "<a real id>";

const NODE_TYPES = ["Person", "Company", "Topic", "Source", "CareerStep", "Quote", "ApiKey", "AuditEvent", "Foo", "person", ""] as const;

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** Global ids: real ones, ours with a wrong type or a key that is no uuid, garbage. */
const globalId = fc.oneof(
  fc.constant(A_REAL_ID),
  fc.record({ type: fc.constantFrom(...NODE_TYPES), key: fc.oneof(fc.uuid(), shortHostileString, fc.constantFrom("1", "0", "-1", "99999999999999999999")) }).map(({ type, key }) => base64url(`${type}:${key}`)),
  fc.base64String({ maxLength: 60 }),
  shortHostileString,
);

/** A real id now and then (the fixtures' ids are known only once the app runs). */
function resolveId(id: string, pick: number, pool: string[] = known.ids): string {
  return id === A_REAL_ID ? (pool[pick % pool.length] ?? id) : id;
}

/** Stands for one of the known cursors, picked when the request is sent. */
const A_REAL_CURSOR = "<a real cursor>";

const CURSOR_LISTS = ["people", "companies", "sources", "quotes", "quotes-by-relevance", "audit-events", "nope"] as const;

/** Numbers at and past the edges of PostgreSQL's int4, int8 and real. */
const cursorNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 3.4e38, 3.5e38, -3.5e38, 1e-46, Number.MAX_VALUE, 0.1),
);

/** Cursors: real ones, well-formed ones of any list with any key, base64 that is no cursor, garbage. */
const cursor = fc.oneof(
  fc.constant(A_REAL_CURSOR),
  fc
    .record({
      list: fc.constantFrom(...CURSOR_LISTS),
      key: fc.array(fc.oneof(shortHostileString, fc.integer(), fc.double(), fc.constant(null), fc.uuid(), fc.constant(-0), cursorNumber), { maxLength: 5 }),
    })
    .map(({ list, key }) => base64url(JSON.stringify([list, ...key]))),
  // A quote list's cursor of the right shape, with numbers its columns cannot hold (int4 spans, a real rank).
  fc.tuple(fc.constantFrom(ESSAY_SOURCE, "a", ""), cursorNumber, cursorNumber).map(([slug, start, end]) => base64url(JSON.stringify(["quotes", slug, start, end]))),
  fc.tuple(cursorNumber, fc.constantFrom(ESSAY_SOURCE, "a"), cursorNumber, cursorNumber).map(([rank, slug, start, end]) => base64url(JSON.stringify(["quotes-by-relevance", rank, slug, start, end]))),
  fc.base64String({ maxLength: 80 }),
  shortHostileString,
  fc.constant("A".repeat(2_000)),
  fc.constant(null),
);

function resolveCursor(value: string | null, pick: number): string | null {
  return value === A_REAL_CURSOR ? (known.cursors[pick % known.cursors.length] ?? null) : value;
}

const quoteFilter = fc.oneof(
  fc.constant(null),
  fc.record(
    {
      search: fc.oneof(hostileString, fc.constant(null)),
      topics: slugList,
      companies: slugList,
      speakers: slugList,
      sources: slugList,
    },
    { requiredKeys: [] },
  ),
);

const orderBy = fc.oneof({ arbitrary: fc.constantFrom("SOURCE_ORDER", "RELEVANCE", null), weight: 4 }, fc.constantFrom("NEWEST", "relevance", ""));

/** Mostly a page size that is fine, so that the other arguments are tried too. */
const pageSize = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 100 }), weight: 3 }, anyInt);

/** Mostly no cursor, for the same reason. */
const maybeCursor = fc.oneof({ arbitrary: fc.constant(null), weight: 2 }, cursor);

// ---------------------------------------------------------------------------------------------
// The reads

interface Request {
  field: string;
  query: string;
  variables: Record<string, unknown>;
  /** Sent with these headers (an ADMIN's key for the audit trail). */
  headers?: Record<string, string>;
}

const QUOTE_PAGE = "totalCount edges { cursor highlight node { id text span { start end } } } pageInfo { hasNextPage endCursor }";

const readRequest: fc.Arbitrary<Request> = fc.oneof(
  slugLike.map((slug) => ({ field: "person", query: `query ($slug: String!) { person(slug: $slug) { id slug name careerTimeline { id start { edtf } } } }`, variables: { slug } })),
  slugLike.map((slug) => ({ field: "source", query: `query ($slug: String!) { source(slug: $slug) { id slug title quotes(first: 2) { totalCount } } }`, variables: { slug } })),
  fc.record({ filter: quoteFilter, first: pageSize, after: maybeCursor, orderBy, pick: fc.nat() }).map(({ filter, first, after, orderBy: order, pick }) => ({
    field: "quotes",
    query: `query ($filter: QuoteFilter, $first: Int, $after: String, $orderBy: QuoteOrder) { quotes(filter: $filter, first: $first, after: $after, orderBy: $orderBy) { ${QUOTE_PAGE} } }`,
    variables: { filter, first, after: resolveCursor(after, pick), orderBy: order },
  })),
  // The schema pages forward only: backward arguments are an invalid document, not a crash.
  fc.record({ last: anyInt, before: cursor }).map(({ last, before }) => ({
    field: "quotes(last, before)",
    query: `query ($last: Int, $before: String) { quotes(last: $last, before: $before) { totalCount } }`,
    variables: { last, before },
  })),
  quoteFilter.map((filter) => ({
    field: "quoteStats",
    query: `query ($filter: QuoteFilter) { quoteStats(filter: $filter) { total byTopic { topic { slug } count } byCompany { company { slug } count } bySpeaker { person { slug } count } } }`,
    variables: { filter },
  })),
  fc.record({ search: fc.oneof(hostileString, fc.constant(null)), first: pageSize, after: maybeCursor, pick: fc.nat() }).map(({ search, first, after, pick }) => ({
    field: "people",
    query: `query ($search: String, $first: Int, $after: String) { people(search: $search, first: $first, after: $after) { totalCount edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } }`,
    variables: { search, first, after: resolveCursor(after, pick) },
  })),
  fc.record({ id: globalId, pick: fc.nat() }).map(({ id, pick }) => ({
    field: "node",
    query: `query ($id: ID!) { node(id: $id) { id __typename } }`,
    variables: { id: resolveId(id, pick) },
  })),
  fc.record({ ids: fc.oneof({ arbitrary: fc.array(globalId, { maxLength: 6 }), weight: 4 }, fc.array(globalId, { minLength: 95, maxLength: 110 })), pick: fc.nat() }).map(({ ids, pick }) => ({
    field: "nodes",
    query: `query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`,
    variables: { ids: ids.map((id, i) => resolveId(id, pick + i)) },
  })),
  fc.record({ nodeId: fc.oneof(globalId, fc.constant(null)), first: pageSize, after: maybeCursor, pick: fc.nat() }).map(({ nodeId, first, after, pick }) => ({
    field: "auditEvents",
    query: `query ($nodeId: ID, $first: Int, $after: String) { auditEvents(nodeId: $nodeId, first: $first, after: $after) { totalCount nodes { id } pageInfo { endCursor } } }`,
    variables: { nodeId: nodeId === null ? null : resolveId(nodeId, pick), first, after: resolveCursor(after, pick) },
    headers: adminHeaders,
  })),
  fc.record({ chars: anyInt, first: pageSize }).map(({ chars, first }) => ({
    field: "Quote.context",
    query: `query ($chars: Int, $first: Int) { quotes(first: $first) { nodes { id context(chars: $chars) { before after } } } }`,
    variables: { chars, first },
  })),
);

/** Arguments that once made internal errors (a NUL reached SQL): always tried first. */
const READ_EXAMPLES: Array<[Request]> = [
  [{ field: "person", query: `query ($slug: String!) { person(slug: $slug) { id } }`, variables: { slug: "a\u0000b" } }],
  [{ field: "quotes", query: `query ($filter: QuoteFilter) { quotes(filter: $filter) { totalCount } }`, variables: { filter: { search: "\u0000", topics: ["\u0000"] } } }],
  [{ field: "people", query: `query ($after: String) { people(after: $after) { totalCount } }`, variables: { after: base64url(JSON.stringify(["people", "\u0000"])) } }],
  // The attack run's: numbers a cursor's columns cannot hold, and an audit event's id where a node's is wanted.
  [{ field: "quotes", query: `query ($after: String) { quotes(after: $after) { totalCount } }`, variables: { after: base64url(JSON.stringify(["quotes", "a", 2 ** 31, 0])) } }],
  [{ field: "quotes", query: `query ($after: String) { quotes(after: $after, filter: { search: "talent" }, orderBy: RELEVANCE) { totalCount } }`, variables: { after: base64url(JSON.stringify(["quotes-by-relevance", 1e39, "a", 1, 2])) } }],
  [{ field: "auditEvents", query: `query ($nodeId: ID) { auditEvents(nodeId: $nodeId) { totalCount } }`, variables: { nodeId: base64url("AuditEvent:1") }, headers: adminHeaders }],
];

// ---------------------------------------------------------------------------------------------
// What every answer must be

/** Every error carries a code, none is internal, and a BAD_USER_INPUT names its argument. */
function expectCodedErrors(reply: GraphQLReply<unknown>, allowed?: readonly string[]): void {
  expect(reply.status).toBeLessThan(500);
  for (const error of reply.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== "string") throw new Error(`an error without a code: ${shown(error)}`);
    expect(code).not.toBe("INTERNAL_SERVER_ERROR");
    if (allowed !== undefined) expect(allowed).toContain(code);
    if (code === "BAD_USER_INPUT" && !isVariableCoercion(error) && typeof error.extensions?.argumentPath !== "string") {
      throw new Error(`a BAD_USER_INPUT without its argumentPath: ${shown(error)}`);
    }
  }
  if (reply.errors === undefined) expect(reply.data).not.toBeNull();
}

/** An error as a failure message shows it. */
function shown(error: HttpGraphQLError): string {
  return JSON.stringify({ message: error.message.slice(0, 300), extensions: error.extensions });
}

/**
 * Apollo refuses a variable of the wrong type (2^31 for an Int, an unknown enum value) before
 * any resolver runs; that error names the variable in its message, not in an argumentPath.
 */
function isVariableCoercion(error: HttpGraphQLError): boolean {
  return /^Variable "\$\w+"/.test(error.message);
}

function outcomeOf(reply: GraphQLReply<unknown>): string {
  return reply.errors === undefined ? "ok" : String(reply.errors[0]?.extensions?.code);
}

// ---------------------------------------------------------------------------------------------
// The writes

interface QuoteNode {
  id: string;
  text: string;
  version: number;
  span: { start: number; end: number };
  speaker: { slug: string };
  topics: Array<{ slug: string }>;
  companies: Array<{ slug: string }>;
  source: { slug: string; body: string };
}

interface StepNode {
  id: string;
  version: number;
  person: { slug: string };
  company: { slug: string };
  title: string | null;
  start: { edtf: string } | null;
  end: { edtf: string } | null;
  isCurrent: boolean;
  source: { slug: string; body: string } | null;
  evidence: { text: string; span: { start: number; end: number } } | null;
}

const QUOTE_FIELDS = "id text version span { start end } speaker { slug } topics { slug } companies { slug } source { slug body }";
const STEP_FIELDS = "id version person { slug } company { slug } title start { edtf } end { edtf } isCurrent source { slug body } evidence { text span { start end } }";
const PERSON_FIELDS = "id slug name headline version";
const COMPANY_FIELDS = "id slug name website version";
const TOPIC_FIELDS = "id slug name version";

/** An id for an update or removal: one of the scratch targets, or one that names nothing of the kind. */
type TargetId = { target: number } | { id: string };

const targetId: fc.Arbitrary<TargetId> = fc.oneof({ arbitrary: fc.nat().map((target) => ({ target })), weight: 3 }, globalId.map((id) => ({ id })));

function resolveTarget(choice: TargetId, pool: string[], pick: number): string {
  if ("target" in choice) return pool[choice.target % Math.max(1, pool.length)] ?? resolveId(A_REAL_ID, pick, known.harmlessIds);
  return resolveId(choice.id, pick, known.harmlessIds);
}

/** A passage of the scratch body: a sentence, one typed with straight quotes, or any span. */
const scratchText = fc.oneof(
  fc.constantFrom(...SCRATCH_SENTENCES),
  fc.constantFrom(...SCRATCH_SENTENCES).map((sentence) => sentence.replace(/[“”]/g, '"').replace("—", "-")),
  fc.record({ start: fc.nat({ max: 3_000 }), length: fc.integer({ min: 1, max: 60 }) }).map(({ start, length }) => [...SCRATCH_BODY].slice(start, start + length).join("")),
);

const text = fc.oneof({ arbitrary: scratchText, weight: 3 }, withOddCharacter, hostileString);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });
const date = fc.oneof({ arbitrary: fc.constantFrom("2016~", "2023", "2019-05", "2020-02-29?", ".."), weight: 3 }, fc.constantFrom(...ODD_DATES), shortHostileString, fc.constant(null));
const occurrence = fc.oneof({ arbitrary: fc.constant(1), weight: 2 }, anyInt);
const version = fc.oneof(fc.constantFrom(1, 2), anyInt);

/** Never Jigar Bhati: the essay's career steps must stay his two. */
const stepPerson = fc.oneof({ arbitrary: fc.constantFrom(...SCRATCH_PEOPLE), weight: 3 }, slugLike.filter((slug) => slug !== "jigar-bhati"));
const stepCompany = fc.oneof({ arbitrary: fc.constantFrom(SCRATCH_COMPANY, "openai", "twitter"), weight: 3 }, slugLike);
const stepSource = fc.oneof({ arbitrary: fc.constant(SCRATCH_SOURCE), weight: 3 }, slugLike, fc.constant(null));
const quoteSource = fc.oneof({ arbitrary: fc.constant(SCRATCH_SOURCE), weight: 4 }, slugLike.filter((slug) => slug !== ESSAY_SOURCE));
const quoteSpeaker = fc.oneof({ arbitrary: fc.constantFrom(...SCRATCH_PEOPLE), weight: 3 }, slugLike);
const quoteTopics = fc.oneof({ arbitrary: fc.constantFrom([SCRATCH_TOPIC], ["hiring", "ai"], []), weight: 3 }, slugList);
const quoteCompanies = fc.oneof({ arbitrary: fc.constantFrom([SCRATCH_COMPANY], ["openai"], []), weight: 3 }, slugList);
const slugToUpsert = fc.oneof({ arbitrary: validSlug, weight: 3 }, fc.constantFrom("jigar-bhati", "openai", "hiring", SCRATCH_TOPIC), hostileString);
const name = fc.oneof({ arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }), weight: 2 }, withOddCharacter, hostileString, fc.constant(null));

type Input = Record<string, unknown>;

/** A mutation with its input; `id` fields are chosen among the targets when it runs. */
interface WriteCase {
  field: "upsertPerson" | "upsertCompany" | "upsertTopic" | "addQuote" | "updateQuote" | "removeQuote" | "addCareerStep" | "updateCareerStep" | "removeCareerStep";
  input: Input;
  target?: TargetId;
  pick: number;
}

const writeCase: fc.Arbitrary<WriteCase> = fc.oneof(
  fc.record({ slug: slugToUpsert, name: optional(name), headline: optional(name), expectedVersion: optional(version) }, { requiredKeys: ["slug"] }).map((input) => ({ field: "upsertPerson" as const, input, pick: 0 })),
  fc
    .record({ slug: slugToUpsert, name: optional(name), website: optional(fc.oneof(fc.webUrl(), shortHostileString, fc.constant(null))), expectedVersion: optional(version) }, { requiredKeys: ["slug"] })
    .map((input) => ({ field: "upsertCompany" as const, input, pick: 0 })),
  fc.record({ slug: slugToUpsert, name: optional(name), expectedVersion: optional(version) }, { requiredKeys: ["slug"] }).map((input) => ({ field: "upsertTopic" as const, input, pick: 0 })),
  fc
    .record(
      { source: quoteSource, speaker: quoteSpeaker, text, occurrence: optional(occurrence), topics: optional(quoteTopics), companies: optional(quoteCompanies) },
      { requiredKeys: ["source", "speaker", "text"] },
    )
    .map((input) => ({ field: "addQuote" as const, input, pick: 0 })),
  fc
    .record({
      target: targetId,
      pick: fc.nat(),
      input: fc.record({ expectedVersion: optional(version), text: optional(text), occurrence: optional(occurrence), speaker: optional(quoteSpeaker), topics: optional(quoteTopics), companies: optional(quoteCompanies) }, { requiredKeys: [] }),
    })
    .map((testCase) => ({ field: "updateQuote" as const, ...testCase })),
  fc.record({ target: targetId, pick: fc.nat(), input: fc.record({ expectedVersion: optional(version) }, { requiredKeys: [] }) }).map((testCase) => ({ field: "removeQuote" as const, ...testCase })),
  fc
    .record(
      { person: stepPerson, company: stepCompany, title: optional(name), start: optional(date), end: optional(date), source: optional(stepSource), evidence: optional(fc.oneof(text, fc.constant(null))), occurrence: optional(occurrence) },
      { requiredKeys: ["person", "company"] },
    )
    .map((input) => ({ field: "addCareerStep" as const, input, pick: 0 })),
  fc
    .record({
      target: targetId,
      pick: fc.nat(),
      input: fc.record(
        { expectedVersion: optional(version), person: optional(stepPerson), company: optional(stepCompany), title: optional(name), start: optional(date), end: optional(date), source: optional(stepSource), evidence: optional(fc.oneof(text, fc.constant(null))), occurrence: optional(occurrence) },
        { requiredKeys: [] },
      ),
    })
    .map((testCase) => ({ field: "updateCareerStep" as const, ...testCase })),
  fc.record({ target: targetId, pick: fc.nat(), input: fc.record({ expectedVersion: optional(version) }, { requiredKeys: [] }) }).map((testCase) => ({ field: "removeCareerStep" as const, ...testCase })),
);

/** Inputs that were once stored other than written (a lone surrogate) or refused without their path (a NUL): always tried first. */
const WRITE_EXAMPLES: Array<[WriteCase]> = [
  [{ field: "upsertTopic", input: { slug: "lone-surrogate", name: "x\ud800y" }, pick: 0 }],
  [{ field: "upsertPerson", input: { slug: "nul-headline", name: "Nul", headline: "a\u0000b" }, pick: 0 }],
  [{ field: "addQuote", input: { source: SCRATCH_SOURCE, speaker: SCRATCH_PEOPLE[0], text: "Note 9\u0000" }, pick: 0 }],
];

const MUTATIONS: Record<WriteCase["field"], string> = {
  upsertPerson: `mutation ($input: UpsertPersonInput!) { upsertPerson(input: $input) { person { ${PERSON_FIELDS} } warnings } }`,
  upsertCompany: `mutation ($input: UpsertCompanyInput!) { upsertCompany(input: $input) { company { ${COMPANY_FIELDS} } warnings } }`,
  upsertTopic: `mutation ($input: UpsertTopicInput!) { upsertTopic(input: $input) { topic { ${TOPIC_FIELDS} } warnings } }`,
  addQuote: `mutation ($input: AddQuoteInput!) { addQuote(input: $input) { quote { ${QUOTE_FIELDS} } warnings } }`,
  updateQuote: `mutation ($input: UpdateQuoteInput!) { updateQuote(input: $input) { quote { ${QUOTE_FIELDS} } warnings } }`,
  removeQuote: `mutation ($input: RemoveQuoteInput!) { removeQuote(input: $input) { removedId warnings } }`,
  addCareerStep: `mutation ($input: AddCareerStepInput!) { addCareerStep(input: $input) { careerStep { ${STEP_FIELDS} } warnings } }`,
  updateCareerStep: `mutation ($input: UpdateCareerStepInput!) { updateCareerStep(input: $input) { careerStep { ${STEP_FIELDS} } warnings } }`,
  removeCareerStep: `mutation ($input: RemoveCareerStepInput!) { removeCareerStep(input: $input) { removedId warnings } }`,
};

/** The input as sent: the target's id filled in. */
function inputOf(testCase: WriteCase): Input {
  if (testCase.target === undefined) return testCase.input;
  const pool = testCase.field.endsWith("Quote") ? targets.quotes : targets.steps;
  return { ...testCase.input, id: resolveTarget(testCase.target, pool, testCase.pick) };
}

async function readNode<T>(id: string, fields: string, type: string): Promise<T | null> {
  const data = await answer<{ node: T | null }>(`query ($id: ID!) { node(id: $id) { ... on ${type} { ${fields} } } }`, { id });
  return data.node;
}

const slugsOf = (list: Array<{ slug: string }>) => list.map((item) => item.slug).sort();
const given = (input: Input, field: string) => Object.hasOwn(input, field) && input[field] !== undefined;

/** A text the server found verbatim is stored as sent (in NFC); one matched after folding, with a warning, as the body has it. */
function expectStoredText(stored: string, sent: unknown, warnings: string[]): void {
  if (typeof sent === "string" && warnings.length === 0) expect(stored).toBe(sent.normalize("NFC"));
}

async function expectUpserted(field: "person" | "company" | "topic", input: Input, written: Record<string, unknown>): Promise<void> {
  const fields = { person: PERSON_FIELDS, company: COMPANY_FIELDS, topic: TOPIC_FIELDS }[field];
  const type = { person: "Person", company: "Company", topic: "Topic" }[field];
  const read = await readNode<Record<string, unknown>>(String(written.id), fields, type);
  expect(read).toEqual(written);
  expect(written.slug).toBe(input.slug);
  for (const column of ["name", "headline", "website"]) if (given(input, column) && input[column] !== null) expect(written[column]).toBe(input[column]);
  if (given(input, "headline") && input.headline === null) expect(written.headline).toBeNull();
  if (given(input, "website") && input.website === null) expect(written.website).toBeNull();
}

async function expectQuoteWritten(input: Input, written: QuoteNode, warnings: string[]): Promise<void> {
  expect(await readNode<QuoteNode>(written.id, QUOTE_FIELDS, "Quote")).toEqual(written);
  expect(at(written.source.body, written.span)).toBe(written.text);
  expectStoredText(written.text, input.text, warnings);
  if (given(input, "source")) expect(written.source.slug).toBe(input.source);
  if (given(input, "speaker")) expect(written.speaker.slug).toBe(input.speaker);
  for (const list of ["topics", "companies"] as const) if (Array.isArray(input[list])) expect(slugsOf(written[list])).toEqual([...(input[list] as string[])].sort());
}

async function expectStepWritten(input: Input, written: StepNode, warnings: string[]): Promise<void> {
  expect(await readNode<StepNode>(written.id, STEP_FIELDS, "CareerStep")).toEqual(written);
  if (given(input, "person")) expect(written.person.slug).toBe(input.person);
  if (given(input, "company")) expect(written.company.slug).toBe(input.company);
  if (given(input, "title")) expect(written.title).toBe(input.title);
  if (given(input, "start")) expect(written.start?.edtf ?? null).toBe(input.start);
  if (given(input, "end")) expect({ end: written.end?.edtf ?? null, isCurrent: written.isCurrent }).toEqual(input.end === ".." ? { end: null, isCurrent: true } : { end: input.end, isCurrent: false });
  if (given(input, "source")) expect(written.source?.slug ?? null).toBe(input.source);
  if (written.evidence !== null) {
    expect(written.source).not.toBeNull();
    expect(at(written.source?.body ?? "", written.evidence.span)).toBe(written.evidence.text);
  }
  if (given(input, "evidence")) {
    if (input.evidence === null) expect(written.evidence).toBeNull();
    else expectStoredText(written.evidence?.text ?? "", input.evidence, warnings);
  }
}

/** Every quote in the database is its body at its span; every evidence span lies inside its body. */
async function expectSpansConsistent(): Promise<void> {
  const dataSource = own.app.database.dataSource;
  const bodies = new Map((await dataSource.query<Array<{ id: string; body: string }>>("select id, body from sources")).map((row) => [row.id, row.body]));
  const quotes = await dataSource.query<Array<{ source_id: string; text: string; span_start: number; span_end: number }>>("select source_id, text, span_start, span_end from quotes");
  for (const quote of quotes) expect(at(bodies.get(quote.source_id) ?? "", { start: quote.span_start, end: quote.span_end })).toBe(quote.text);
  const steps = await dataSource.query<Array<{ source_id: string | null; evidence_start: number; evidence_end: number }>>(
    "select source_id, evidence_start, evidence_end from career_steps where evidence_start is not null",
  );
  for (const step of steps) {
    const length = [...(bodies.get(step.source_id ?? "") ?? "")].length;
    expect(0 <= step.evidence_start && step.evidence_start < step.evidence_end && step.evidence_end <= length).toBe(true);
  }
}

/**
 * Every row of the content and the audit trail. API keys are left out: a request with a key
 * marks it used (last_used_at, at most once a minute), whatever the request did.
 */
async function contentSnapshot(): Promise<Record<string, unknown[]>> {
  const rows = await snapshot(own.app.database.dataSource);
  delete rows.api_keys;
  return rows;
}

async function expectWritten(testCase: WriteCase, input: Input, data: Record<string, Record<string, unknown>>): Promise<void> {
  const payload = data[testCase.field] ?? {};
  const warnings = (payload.warnings as string[] | undefined) ?? [];
  switch (testCase.field) {
    case "upsertPerson":
      return expectUpserted("person", input, payload.person as Record<string, unknown>);
    case "upsertCompany":
      return expectUpserted("company", input, payload.company as Record<string, unknown>);
    case "upsertTopic":
      return expectUpserted("topic", input, payload.topic as Record<string, unknown>);
    case "addQuote":
    case "updateQuote": {
      const quote = payload.quote as QuoteNode;
      await expectQuoteWritten(input, quote, warnings);
      if (testCase.field === "addQuote") targets.quotes.push(quote.id);
      return;
    }
    case "addCareerStep":
    case "updateCareerStep": {
      const step = payload.careerStep as StepNode;
      await expectStepWritten(input, step, warnings);
      if (testCase.field === "addCareerStep") targets.steps.push(step.id);
      return;
    }
    case "removeQuote":
    case "removeCareerStep": {
      const removed = String(input.id);
      expect(payload.removedId).toBe(removed);
      expect(await readNode(removed, "id", testCase.field === "removeQuote" ? "Quote" : "CareerStep")).toBeNull();
      const pool = testCase.field === "removeQuote" ? targets.quotes : targets.steps;
      pool.splice(pool.indexOf(removed), 1);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The essay, afterwards

async function expectEssayIntact(): Promise<void> {
  const data = await answer<{
    source: { quotes: { totalCount: number; nodes: Array<{ text: string }> } };
    person: { careerTimeline: Array<{ company: { slug: string }; start: { edtf: string } | null; end: { edtf: string } | null; isCurrent: boolean }> };
  }>(`{
    source(slug: "${ESSAY_SOURCE}") { quotes(first: 100) { totalCount nodes { text } } }
    person(slug: "jigar-bhati") { careerTimeline { company { slug } start { edtf } end { edtf } isCurrent } }
  }`);
  expect(data.source.quotes.totalCount).toBe(29);
  expect(data.source.quotes.nodes.map((quote) => quote.text)).toEqual(essayQuotes().map((quote) => quote.text));
  expect(data.person.careerTimeline).toEqual([
    { company: { slug: "twitter" }, start: { edtf: "2016~" }, end: { edtf: "2023~" }, isCurrent: false },
    { company: { slug: "openai" }, start: { edtf: "2023" }, end: null, isCurrent: true },
  ]);
  const tables = ["people", "companies", "topics", "sources", "career_steps", "quotes", "quote_topics", "quote_companies", "api_keys", "audit_events", "audit_changes"];
  const [present] = await own.app.database.dataSource.query<Array<{ missing: string[] }>>(
    "select array(select t from unnest($1::text[]) t where to_regclass('public.' || t) is null) as missing",
    [tables],
  );
  expect(present?.missing).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// The tally

type Tally = Record<string, Record<string, number>>;
const tally = { reads: {} as Tally, writes: {} as Tally };

function count(kind: Tally, field: string, outcome: string): void {
  const byOutcome = (kind[field] ??= {});
  byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
}

function total(kind: Tally, accepted: boolean): number {
  return Object.values(kind).reduce((sum, outcomes) => sum + Object.entries(outcomes).reduce((n, [outcome, times]) => n + ((outcome === "ok") === accepted ? times : 0), 0), 0);
}

afterAll(() => writeReliabilityReport("argument-properties.json", { runs: { reads: READ_RUNS, writes: RUNS }, seed: SEED, ...tally }));

// ---------------------------------------------------------------------------------------------

describe("hostile arguments over HTTP", () => {
  it(
    "answers every read with data or coded errors, never a 5xx, an internal error or a hang",
    async () => {
      await fc.assert(
        fc.asyncProperty(readRequest, async (request) => {
          const reply = await ask(request.query, request.variables, request.headers ?? {});
          expectCodedErrors(reply);
          count(tally.reads, request.field, outcomeOf(reply));
        }),
        { seed: SEED, numRuns: READ_RUNS, examples: READ_EXAMPLES },
      );
      expect(total(tally.reads, true)).toBeGreaterThan(0);
      expect(total(tally.reads, false)).toBeGreaterThan(0);
      await expectEssayIntact();
    },
    600_000,
  );

  it(
    "applies a mutation exactly as written, or refuses it with a coded error and changes nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(writeCase, async (testCase) => {
          const input = inputOf(testCase);
          const before = await contentSnapshot();
          const reply = await ask<Record<string, Record<string, unknown>>>(MUTATIONS[testCase.field], { input }, editorHeaders);
          expectCodedErrors(reply, ["BAD_USER_INPUT", "NOT_FOUND", "CONFLICT"]);
          count(tally.writes, testCase.field, outcomeOf(reply));
          if (reply.errors !== undefined) {
            expect(await contentSnapshot()).toEqual(before);
            return;
          }
          await expectWritten(testCase, input, reply.data ?? {});
          await expectSpansConsistent();
        }),
        { seed: SEED, numRuns: RUNS, examples: WRITE_EXAMPLES },
      );
      expect(total(tally.writes, true)).toBeGreaterThan(0);
      expect(total(tally.writes, false)).toBeGreaterThan(0);
      await expectEssayIntact();
    },
    600_000,
  );
});
