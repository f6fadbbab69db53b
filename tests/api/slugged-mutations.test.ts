/**
 * upsertPerson / upsertCompany / upsertTopic and their removals: nodes known by slug, created or
 * updated in place, removed only when nothing refers to them (and then the refusal names what
 * does). Every rejection leaves every row as it was.
 */
import { snapshot } from "../support/bundles";
import { ApiKeyRole, createKey } from "../support/keys";
import { ESSAY_BUNDLE, openTestApi, type Reply, type TestApi } from "../support/api";
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

interface Kind {
  name: string;
  upsert: string;
  remove: string;
  /** A full input for a new node of this kind. */
  input: (slug: string) => Record<string, unknown>;
  /** A field that may be changed, and a new value. */
  change: [string, unknown];
  /** A slug the essay refers to, and what the refusal must name. */
  referenced: { slug: string; references: string[] };
}

const KINDS: Kind[] = [
  {
    name: "person",
    upsert: "upsertPerson",
    remove: "removePerson",
    input: (slug) => ({ slug, name: "Ada Example", headline: "Engineer" }),
    change: ["headline", "Staff engineer"],
    referenced: { slug: "jigar-bhati", references: ["career steps", "quotes they said", "sources they narrate"] },
  },
  {
    name: "company",
    upsert: "upsertCompany",
    remove: "removeCompany",
    input: (slug) => ({ slug, name: "Example Inc", website: "https://example.com" }),
    change: ["website", "https://example.org"],
    referenced: { slug: "openai", references: ["career steps", "quotes that mention it"] },
  },
  {
    name: "topic",
    upsert: "upsertTopic",
    remove: "removeTopic",
    input: (slug) => ({ slug, name: "Example topic" }),
    change: ["name", "Renamed topic"],
    referenced: { slug: "hiring", references: ["quotes that carry it"] },
  },
];

async function refused(query: string, input: Record<string, unknown>, viewer: Viewer | null = editor): Promise<Reply<unknown>> {
  const before = await snapshot(api.db.dataSource);
  const reply = await api.run(query, { input }, { viewer });
  expect(reply.errors?.length).toBeGreaterThan(0);
  expect(await snapshot(api.db.dataSource)).toEqual(before);
  return reply;
}

describe.each(KINDS.map((kind) => [kind.name, kind] as const))("%s", (name, kind) => {
  const inputType = `${kind.upsert[0]?.toUpperCase()}${kind.upsert.slice(1)}Input`;
  const removeType = `${kind.remove[0]?.toUpperCase()}${kind.remove.slice(1)}Input`;
  const fields = Object.keys(kind.input("x")).join(" ");
  const UPSERT = `mutation ($input: ${inputType}!) { ${kind.upsert}(input: $input) { ${name} { id version ${fields} } created auditEventId warnings } }`;
  const REMOVE = `mutation ($input: ${removeType}!) { ${kind.remove}(input: $input) { removedId auditEventId } }`;
  type Upserted = { created: boolean; auditEventId: string | null } & Record<string, Record<string, unknown> & { id: string; version: number }>;
  const upsert = async (input: Record<string, unknown>) => (await api.data<Record<string, Upserted>>(UPSERT, { input }, { viewer: editor }))[kind.upsert] as Upserted;

  it("creates a new slug, updates it in place, and writes nothing when nothing differs", async () => {
    const slug = `${name}-one`;
    const created = await upsert(kind.input(slug));
    expect(created.created).toBe(true);
    expect(created[name]).toMatchObject({ ...kind.input(slug), version: 1 });

    const [field, value] = kind.change;
    const updated = await upsert({ slug, [field]: value, expectedVersion: 1 });
    expect(updated.created).toBe(false);
    // What the update left out stays as it was.
    expect(updated[name]).toMatchObject({ ...kind.input(slug), [field]: value, version: 2, id: created[name]?.id });

    const before = await snapshot(api.db.dataSource);
    const same = await upsert({ slug, [field]: value });
    expect(same.auditEventId).toBeNull();
    expect(same[name]?.version).toBe(2);
    expect(await snapshot(api.db.dataSource)).toEqual(before);
  });

  it("needs a name to create, and refuses a stale version", async () => {
    const slug = `${name}-two`;
    const withoutName = await refused(UPSERT, { slug });
    expect(withoutName.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentPath: "input.name" });
    await upsert(kind.input(slug));
    const stale = await refused(UPSERT, { ...kind.input(slug), name: "Other", expectedVersion: 7 });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "STALE_VERSION", expectedVersion: 7, actualVersion: 1 });
    const gone = await refused(UPSERT, { ...kind.input(`${name}-never`), expectedVersion: 1 });
    expect(gone.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "STALE_VERSION", actualVersion: null });
  });

  it.each([
    ["a bad slug", { slug: "Not A Slug" }, "input.slug"],
    ["a blank name", { name: "  " }, "input.name"],
  ])("refuses %s, naming the input path", async (_what, change, path) => {
    const reply = await refused(UPSERT, { ...kind.input(`${name}-three`), ...change });
    expect(reply.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentPath: path });
  });

  it("removes one that nothing refers to", async () => {
    const created = await upsert(kind.input(`${name}-four`));
    const id = created[name]?.id ?? "";
    const removed = await api.data<Record<string, { removedId: string; auditEventId: string }>>(REMOVE, { input: { id, expectedVersion: 1 } }, { viewer: editor });
    expect(removed[kind.remove]?.removedId).toBe(id);
    expect(await api.data(`query ($id: ID!) { node(id: $id) { id } }`, { id })).toEqual({ node: null });
  });

  it("refuses to remove one still referred to, naming what refers to it", async () => {
    const id = await idOf(name, kind.referenced.slug);
    const reply = await refused(REMOVE, { id });
    const extensions = reply.errors?.[0]?.extensions as { code: string; reason: string; references: Array<{ what: string; count: number; ids: string[] }> };
    expect(extensions.code).toBe("CONFLICT");
    expect(extensions.reason).toBe("STILL_REFERENCED");
    expect(extensions.references.map((reference) => reference.what)).toEqual(kind.referenced.references);
    for (const reference of extensions.references) {
      expect(reference.count).toBeGreaterThan(0);
      expect(reference.ids.length).toBe(Math.min(reference.count, 10));
    }
    expect(reply.errors?.[0]?.message).toMatch(/is still referenced by \d+ /);
  });

  it("needs an EDITOR key", async () => {
    expect((await refused(UPSERT, kind.input(`${name}-five`), null)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

async function idOf(kind: string, slug: string): Promise<string> {
  if (kind === "topic") {
    const { topics } = await api.data<{ topics: Array<{ id: string; slug: string }> }>("{ topics { id slug } }");
    return topics.find((topic) => topic.slug === slug)?.id ?? "";
  }
  const data = await api.data<Record<string, { id: string }>>(`query ($slug: String!) { node: ${kind}(slug: $slug) { id } }`, { slug });
  return data.node?.id ?? "";
}

describe("text the database cannot store as written", () => {
  it.each([
    ["a lone surrogate, which would be stored as U+FFFD", "Ada \ud800Example"],
    ["a NUL, which PostgreSQL text cannot hold", "Ada\u0000Example"],
  ])("refuses %s, naming the field, and changes nothing", async (_what, name) => {
    const reply = await refused(`mutation ($input: UpsertPersonInput!) { upsertPerson(input: $input) { person { id } } }`, { slug: "odd-text", name });
    expect(reply.errors?.map((error) => ({ code: error.extensions?.code, argumentPath: error.extensions?.argumentPath }))).toEqual([{ code: "BAD_USER_INPUT", argumentPath: "input.name" }]);
  });
});
