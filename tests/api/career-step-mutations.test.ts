/**
 * addCareerStep, updateCareerStep, removeCareerStep: EDTF dates bounded as the importer bounds
 * them, evidence anchored in the source's body, and every rejection naming its input path with
 * the database unchanged.
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

interface StepReply {
  id: string;
  version: number;
  title: string | null;
  isCurrent: boolean;
  person: { slug: string };
  company: { slug: string };
  start: { edtf: string; earliest: string; latest: string; precision: string; approximate: boolean } | null;
  end: { edtf: string; earliest: string; latest: string } | null;
  source: { slug: string } | null;
  evidence: { text: string; span: { start: number; end: number }; source: { body: string } } | null;
}

const STEP = `careerStep { id version title isCurrent person { slug } company { slug }
  start { edtf earliest latest precision approximate } end { edtf earliest latest }
  source { slug } evidence { text span { start end } source { body } } } warnings auditEventId`;
const ADD = `mutation ($input: AddCareerStepInput!) { addCareerStep(input: $input) { ${STEP} } }`;
const UPDATE = `mutation ($input: UpdateCareerStepInput!) { updateCareerStep(input: $input) { ${STEP} } }`;
const REMOVE = `mutation ($input: RemoveCareerStepInput!) { removeCareerStep(input: $input) { removedId } }`;

async function add(input: Record<string, unknown>): Promise<StepReply> {
  return (await api.data<{ addCareerStep: { careerStep: StepReply } }>(ADD, { input: { person: "jigar-bhati", company: "openai", ...input } }, { viewer: editor })).addCareerStep.careerStep;
}

async function update(input: Record<string, unknown>): Promise<StepReply> {
  return (await api.data<{ updateCareerStep: { careerStep: StepReply } }>(UPDATE, { input }, { viewer: editor })).updateCareerStep.careerStep;
}

async function refused(query: string, input: Record<string, unknown>): Promise<Reply<unknown>> {
  const before = await snapshot(api.db.dataSource);
  const reply = await api.run(query, { input }, { viewer: editor });
  expect(reply.errors?.length).toBeGreaterThan(0);
  expect(await snapshot(api.db.dataSource)).toEqual(before);
  return reply;
}

const paths = (reply: Reply<unknown>) => ({ code: reply.errors?.[0]?.extensions?.code, paths: reply.errors?.[0]?.extensions?.problems?.map((problem) => problem.argumentPath) });

describe("addCareerStep", () => {
  it("derives the bounds of fuzzy dates as the importer does, and anchors the evidence", async () => {
    const step = await add({ title: "Advisor", start: "2019-05~", end: "2020?", source: SOURCE, evidence: "He’s worked at the company since 2023" });
    expect(step.start).toEqual({ edtf: "2019-05~", earliest: "2019-04-01", latest: "2019-06-30", precision: "MONTH", approximate: true });
    expect(step.end).toEqual({ edtf: "2020?", earliest: "2020-01-01", latest: "2020-12-31" });
    expect(step.isCurrent).toBe(false);
    expect(step.version).toBe(1);
    expect(step.evidence?.text).toBe("He’s worked at the company since 2023");
    expect(at(step.evidence?.source.body ?? "", step.evidence?.span ?? { start: 0, end: 0 })).toBe(step.evidence?.text);
  });

  it("takes `..` as an end that goes on, and no dates as unknown ones", async () => {
    expect(await add({ start: "2024", end: ".." })).toMatchObject({ isCurrent: true, end: null, start: { edtf: "2024" } });
    expect(await add({})).toMatchObject({ isCurrent: false, start: null, end: null, evidence: null, source: null, title: null });
  });

  it("matches evidence typed with straight quotes, with a warning", async () => {
    const reply = await api.data<{ addCareerStep: { careerStep: StepReply; warnings: string[] } }>(
      ADD,
      { input: { person: "jigar-bhati", company: "openai", source: SOURCE, evidence: "He's worked at the company since 2023" } },
      { viewer: editor },
    );
    expect(reply.addCareerStep.careerStep.evidence?.text).toBe("He’s worked at the company since 2023");
    expect(reply.addCareerStep.warnings[0]).toMatch(/^input\.evidence: not found verbatim; matched after folding/);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["a date that is not EDTF", { start: "May 2019" }, ["input.start"]],
    ["an impossible day", { start: "2023-02-30" }, ["input.start"]],
    ["`..` as a start", { start: ".." }, ["input.start"]],
    ["an end before the start", { start: "2020", end: "2019" }, ["input.end"]],
    ["evidence without a source", { evidence: "since 2023" }, ["input.evidence"]],
    ["evidence not in the body", { source: SOURCE, evidence: "He founded the company in 1999" }, ["input.evidence"]],
    ["an occurrence without evidence", { occurrence: 2 }, ["input.occurrence"]],
    ["unknown person, company and source at once", { person: "nobody", company: "nowhere", source: "no-source" }, ["input.person", "input.company", "input.source"]],
  ])("refuses %s, naming the input path", async (_what, input, expected) => {
    expect(paths(await refused(ADD, { person: "jigar-bhati", company: "openai", ...input }))).toEqual({ code: "BAD_USER_INPUT", paths: expected });
  });
});

describe("updateCareerStep", () => {
  it("changes what is given, keeps what is left out, clears what is null", async () => {
    const step = await add({ title: "Engineer", start: "2015", end: "2016", source: SOURCE, evidence: "I was working at Twitter for almost seven years" });
    const changed = await update({ id: step.id, expectedVersion: 1, end: "..", title: null });
    expect(changed).toMatchObject({ version: 2, title: null, isCurrent: true, end: null, start: { edtf: "2015" }, source: { slug: SOURCE } });
    expect(changed.evidence?.text).toBe("I was working at Twitter for almost seven years");
    const unknownEnd = await update({ id: step.id, end: null, source: null });
    expect(unknownEnd).toMatchObject({ version: 3, isCurrent: false, end: null, source: null, evidence: null });
  });

  it("refuses a stale version, and bad dates, changing nothing", async () => {
    const step = await add({ start: "2010" });
    await update({ id: step.id, title: "First" });
    expect((await refused(UPDATE, { id: step.id, expectedVersion: 1, title: "Second" })).errors?.[0]?.extensions).toMatchObject({
      code: "CONFLICT",
      reason: "STALE_VERSION",
      actualVersion: 2,
    });
    expect(paths(await refused(UPDATE, { id: step.id, end: "2009" }))).toEqual({ code: "BAD_USER_INPUT", paths: ["input.end"] });
  });

  it("writes nothing when nothing differs", async () => {
    const step = await add({ start: "2011", end: "2012", title: "Same" });
    const before = await snapshot(api.db.dataSource);
    expect(await update({ id: step.id, start: "2011", end: "2012", title: "Same" })).toMatchObject({ version: 1 });
    expect(await snapshot(api.db.dataSource)).toEqual(before);
  });
});

describe("removeCareerStep", () => {
  it("removes the step from the timeline", async () => {
    const step = await add({ title: "Short stint", start: "2001" });
    await api.data(REMOVE, { input: { id: step.id } }, { viewer: editor });
    const { person } = await api.data<{ person: { careerTimeline: Array<{ id: string }> } }>(`{ person(slug: "jigar-bhati") { careerTimeline { id } } }`);
    expect(person.careerTimeline.map((s) => s.id)).not.toContain(step.id);
  });
});
