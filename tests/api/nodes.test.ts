/**
 * Global ids: every object's `id` fetches it again through `node` and `nodes`, in the order
 * asked. `node`: null when the object is gone, BAD_USER_INPUT for an id that is not ours.
 * `nodes`: null at such a place with an error at its path, and the rest of the list.
 */
import { ESSAY_BUNDLE, expectBadUserInput, openTestApi, type TestApi } from "../support/api";
import { toGlobalId } from "../../src/domain/global-id";

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
});

afterAll(async () => {
  await api.close();
});

/** One id of each kind of node, with what identifies it. */
async function oneOfEach(): Promise<Array<{ id: string; typename: string; label: string }>> {
  const data = await api.data<{
    person: { id: string; slug: string; careerTimeline: Array<{ id: string; title: string }> };
    company: { id: string; slug: string };
    source: { id: string; slug: string };
    topics: Array<{ id: string; slug: string }>;
    quotes: { nodes: Array<{ id: string; text: string }> };
  }>(`{
    person(slug: "jigar-bhati") { id slug careerTimeline { id title } }
    company(slug: "openai") { id slug }
    source(slug: "openai-engineer-as-told-to") { id slug }
    topics { id slug }
    quotes(first: 1) { nodes { id text } }
  }`);
  return [
    { id: data.person.id, typename: "Person", label: data.person.slug },
    { id: data.company.id, typename: "Company", label: data.company.slug },
    { id: data.source.id, typename: "Source", label: data.source.slug },
    { id: data.topics[0]?.id ?? "", typename: "Topic", label: data.topics[0]?.slug ?? "" },
    { id: data.person.careerTimeline[0]?.id ?? "", typename: "CareerStep", label: data.person.careerTimeline[0]?.title ?? "" },
    { id: data.quotes.nodes[0]?.id ?? "", typename: "Quote", label: data.quotes.nodes[0]?.text ?? "" },
  ];
}

const NODE_FIELDS = `__typename id
  ... on Person { label: slug } ... on Company { label: slug } ... on Source { label: slug }
  ... on Topic { label: slug } ... on CareerStep { title } ... on Quote { label: text }`;

describe("node", () => {
  it("fetches every kind of object again by its id", async () => {
    for (const expected of await oneOfEach()) {
      const data = await api.data<{ node: { __typename: string; id: string; label?: string; title?: string } }>(`query ($id: ID!) { node(id: $id) { ${NODE_FIELDS} } }`, { id: expected.id });
      const { title, ...node } = data.node;
      // A step's title is nullable, so it cannot share the alias of the non-null fields.
      expect(title === undefined ? node : { ...node, label: title }).toEqual({ __typename: expected.typename, id: expected.id, label: expected.label });
    }
  });

  it("gives ids that are opaque and distinct", async () => {
    const ids = (await oneOfEach()).map((node) => node.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("is null for an id of ours whose object does not exist", async () => {
    const gone = toGlobalId("Quote", "00000000-0000-4000-8000-000000000000");
    const reply = await api.run(`query ($id: ID!) { node(id: $id) { id } }`, { id: gone });
    expect(reply.errors).toBeUndefined();
    expect(reply.data).toEqual({ node: null });
  });

  it.each([
    ["a made-up string", "hello"],
    ["base64 of another type", Buffer.from("Recipe:00000000-0000-4000-8000-000000000000").toString("base64url")],
    ["base64 of a bad uuid", Buffer.from("Person:42").toString("base64url")],
    ["a slug", "jigar-bhati"],
    ["an empty string", ""],
  ])("refuses %s with BAD_USER_INPUT", async (_what, id) => {
    expectBadUserInput(await api.run(`query ($id: ID!) { node(id: $id) { id } }`, { id }), "id");
  });
});

describe("nodes", () => {
  it("answers in the order asked, repeats included, null where the object is gone with NOT_FOUND at its place", async () => {
    const all = await oneOfEach();
    const gone = toGlobalId("Person", "00000000-0000-4000-8000-000000000000");
    const ids = [...all].reverse().map((node) => node.id);
    ids.splice(2, 0, gone);
    ids.push(all[0]?.id ?? "");
    const reply = await api.run<{ nodes: Array<{ id: string } | null> }>(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(reply.data?.nodes).toEqual(ids.map((id) => (id === gone ? null : { id })));
    expect(reply.errors?.map((error) => ({ path: error.path, code: error.extensions?.code }))).toEqual([{ path: ["nodes", 2], code: "NOT_FOUND" }]);
  });

  it("loads each kind in one statement however many ids", async () => {
    const all = await oneOfEach();
    const reply = await api.run(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: all.map((node) => node.id) });
    // One statement per kind of node: six kinds here.
    expect(reply.statements).toBe(6);
  });

  it("answers null at every id that is not ours, with BAD_USER_INPUT at its place, and the rest of the list", async () => {
    const all = await oneOfEach();
    const ids = [all[0]?.id, "bad", all[1]?.id, "worse", toGlobalId("AuditEvent", "1")];
    const reply = await api.run<{ nodes: Array<{ id: string } | null> }>(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(reply.data?.nodes).toEqual([{ id: all[0]?.id }, null, { id: all[1]?.id }, null, null]);
    expect(reply.errors?.map((error) => ({ path: error.path, code: error.extensions?.code, argumentPath: error.extensions?.argumentPath }))).toEqual([
      { path: ["nodes", 1], code: "BAD_USER_INPUT", argumentPath: "ids[1]" },
      { path: ["nodes", 3], code: "BAD_USER_INPUT", argumentPath: "ids[3]" },
      { path: ["nodes", 4], code: "BAD_USER_INPUT", argumentPath: "ids[4]" },
    ]);
    // The two good ids: a person and a company, one statement each.
    expect(reply.statements).toBe(2);
  });

  it("takes at most 100 ids", async () => {
    const [person] = await oneOfEach();
    const ok = await api.run(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array.from({ length: 100 }, () => person?.id) });
    expect(ok.errors).toBeUndefined();
    expectBadUserInput(await api.run(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array.from({ length: 101 }, () => person?.id) }), "ids");
  });
});
