/**
 * Facts in time: who was where during a period, asked of fuzzy dates with the answer's certainty
 * stated; the timelines' order by the middle of a start's bounds; a step's least and most
 * duration. Through the root `careerSteps` (answered by the database) and the timelines of a
 * person and a company (filtered in the gateway), which must agree with each other and with the
 * intervals computed here, in plain TypeScript, from the bounds the API reports.
 */
import fc from "fast-check";
import { writeBundle } from "../support/bundles";
import { ESSAY_BUNDLE, expectBadUserInput, openTestApi, type TestApi } from "../support/api";
import { duringCondition } from "../../src/career-steps/career-step.service";
import { SqlParameters } from "../../src/db/sql";
import { Certainty as DomainCertainty, parsePeriod } from "../../src/domain/step-time";

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
});

afterAll(async () => {
  await api.close();
});

type Certainty = "POSSIBLY" | "CERTAINLY";

const ROOT = `query ($filter: CareerStepFilter, $first: Int = 100, $after: String) {
  careerSteps(first: $first, after: $after, filter: $filter) {
    edges { cursor node { title person { slug } company { slug } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface RootPage {
  careerSteps: { edges: Array<{ cursor: string; node: { title: string; person: { slug: string }; company: { slug: string } } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** The titles of the steps the root query keeps, in its order. */
async function rootTitles(filter: Record<string, unknown>): Promise<string[]> {
  const data = await api.data<RootPage>(ROOT, { filter });
  return data.careerSteps.edges.map((edge) => edge.node.title);
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

describe("the essay's facts in time", () => {
  const at = async (company: string, during: string, certainty: Certainty) => {
    const root = await rootTitles({ people: ["jigar-bhati"], companies: [company], during, certainty });
    const nested = await api.data<{ person: { careerTimeline: Array<{ company: { slug: string }; title: string }> }; company: { careerSteps: Array<{ title: string }>; people: Array<{ slug: string }> } }>(
      `query ($company: String!, $during: String, $certainty: Certainty) {
        person(slug: "jigar-bhati") { careerTimeline(during: $during, certainty: $certainty) { title company { slug } } }
        company(slug: $company) { careerSteps(during: $during, certainty: $certainty) { title } people(during: $during, certainty: $certainty) { slug } }
      }`,
      { company, during, certainty },
    );
    // Every way of asking answers alike.
    expect(nested.person.careerTimeline.filter((step) => step.company.slug === company).map((step) => step.title)).toEqual(root);
    expect(nested.company.careerSteps.map((step) => step.title)).toEqual(root);
    expect(nested.company.people).toEqual(root.length > 0 ? [{ slug: "jigar-bhati" }] : []);
    return root.length > 0;
  };

  it("Jigar Bhati was certainly at Twitter during 2019", async () => {
    expect(await at("twitter", "2019", "CERTAINLY")).toBe(true);
  });

  it("was only possibly at Twitter during 2016 (his start is about 2016: 2015 to 2017)", async () => {
    expect(await at("twitter", "2016", "POSSIBLY")).toBe(true);
    expect(await at("twitter", "2016", "CERTAINLY")).toBe(false);
  });

  it("was certainly at OpenAI during 2024, and goes on", async () => {
    expect(await at("openai", "2024", "CERTAINLY")).toBe(true);
    expect(await at("openai", `${today()}/..`, "CERTAINLY")).toBe(true);
  });

  it("was not at OpenAI in 2022, not even possibly", async () => {
    expect(await at("openai", "2022", "POSSIBLY")).toBe(false);
    expect(await at("openai", "2022", "CERTAINLY")).toBe(false);
  });

  it("possibly is the default certainty", async () => {
    expect(await rootTitles({ companies: ["twitter"], during: "2016" })).toEqual(["Software engineer"]);
  });

  it("tells current steps from the others", async () => {
    expect(await rootTitles({ people: ["jigar-bhati"], current: true })).toEqual(["Member of technical staff"]);
    expect(await rootTitles({ people: ["jigar-bhati"], current: false })).toEqual(["Software engineer"]);
  });

  it("gives each step the least and the most it can have lasted, around its central estimate", async () => {
    const data = await api.data<{ person: { careerTimeline: Array<{ title: string; durationMonths: number | null; duration: { min: number; max: number | null } }> } }>(
      `{ person(slug: "jigar-bhati") { careerTimeline { title durationMonths duration { min max } } } }`,
    );
    const [twitter, openai] = data.person.careerTimeline;
    // "2016~" (2015-01-01..2017-12-31) to "2023~" (2022-01-01..2024-12-31): at least 2017-12-31 to
    // 2022-01-01, four years and a day; at most 2015-01-01 to 2024-12-31, one day short of ten years.
    expect(twitter).toEqual({ title: "Software engineer", durationMonths: 84, duration: { min: 48, max: 119 } });
    // Since "2023", on: at least from 2023-12-31 to today; no most.
    expect(openai?.duration.max).toBeNull();
    expect(openai?.duration.min).toBeLessThanOrEqual(openai?.durationMonths ?? -1);
    expect(openai?.duration.min).toBeGreaterThanOrEqual(11);
  });

  it("answers a company page (its steps, their people and sources, its people) in one SQL statement", async () => {
    const reply = await api.run(
      `{ company(slug: "twitter") { name careerSteps(during: "2019", certainty: CERTAINLY) { title duration { min max } person { name } source { title } } people(during: "2019", certainty: CERTAINLY) { name } } }`,
    );
    expect(reply.errors).toBeUndefined();
    expect(reply.statements).toBe(1);
  });

  it("answers who was where during a period, with their companies and people, in one SQL statement", async () => {
    const reply = await api.run(`{ careerSteps(filter: { during: "2016/2019", certainty: POSSIBLY }) { totalCount nodes { title person { name } company { name } source { title } } } }`);
    expect(reply.errors).toBeUndefined();
    expect(reply.statements).toBe(1);
  });
});

describe("the index behind during", () => {
  it.each([
    [DomainCertainty.POSSIBLY, "career_steps_possible_idx"],
    [DomainCertainty.CERTAINLY, "career_steps_certain_idx"],
  ])("answers %s from %s", async (certainty, index) => {
    // The table is small here, so the planner would rather scan it: this asks whether it can use
    // the index for the gateway's own condition, not whether it would at this size (bench/ measures that).
    const params = new SqlParameters();
    const condition = duringCondition("cs", { period: parsePeriod("2016/2019"), certainty }, today(), params);
    const plan = await api.db.dataSource.transaction(async (manager) => {
      await manager.query("SET LOCAL enable_seqscan = off");
      return manager.query<Array<Record<string, unknown>>>(`EXPLAIN (FORMAT JSON) SELECT cs.id FROM career_steps cs WHERE ${condition}`, params.values);
    });
    expect(JSON.stringify(plan)).toContain(`"Index Name":"${index}"`);
  });
});

describe("the price of during", () => {
  const costOf = async (query: string) => ((await api.run(query)).extensions?.cost as { requested: number } | undefined)?.requested ?? NaN;
  const page = (alias: string, filter: string) => `${alias}: careerSteps(first: 5${filter}) { nodes { title } }`;

  it("prices a during filter as a scan of the steps, for every alias that asks for one", async () => {
    const plain = await costOf(`{ ${page("a", "")} }`);
    const during = await costOf(`{ ${page("a", ', filter: { during: "2019" }')} }`);
    // One unit per 100 rows of career_steps, at least one: the list sorts every match.
    expect(during - plain).toBeGreaterThanOrEqual(1);
    const threePlain = await costOf(`{ ${["a", "b", "c"].map((alias) => page(alias, "")).join(" ")} }`);
    const threeDuring = await costOf(`{ ${["a", "b", "c"].map((alias) => page(alias, ', filter: { during: "2019" }')).join(" ")} }`);
    expect(threeDuring - threePlain).toBe(3 * (during - plain));
  });
});

describe("bad periods", () => {
  const BAD = ["", "2019/2016", "/2019", "2019/", "..", "2019/2020/2021", "20190", "2019-13", "2019-02-30", "201X", "2019 ", "last year", "2019~?", "x".repeat(60)];

  it.each(BAD)("refuses during %j with BAD_USER_INPUT at filter.during, saying what is accepted, and reads nothing", async (during) => {
    const reply = await api.run(ROOT, { filter: { during } });
    expectBadUserInput(reply, "filter.during");
    expect(reply.data).toBeNull();
    expect(reply.statements).toBe(0);
  });

  it("says what an accepted value looks like", async () => {
    const reply = await api.run(ROOT, { filter: { during: "2019/2016" } });
    expect(reply.errors?.[0]?.message).toMatch(/ends \(2016\) before it starts \(2019\)/);
    const shape = await api.run(ROOT, { filter: { during: "last year" } });
    expect(shape.errors?.[0]?.message).toContain('"2016/2019"');
  });

  it("refuses a bad period of a nested field at its own argument", async () => {
    const reply = await api.run(`{ company(slug: "twitter") { careerSteps(during: "2019/2016") { title } } }`);
    expect(reply.errors?.map((error) => [error.extensions?.code, error.extensions?.argumentPath, error.path])).toEqual([["BAD_USER_INPUT", "during", ["company", "careerSteps"]]]);
  });

  it("refuses a forged cursor", async () => {
    for (const after of [Buffer.from(JSON.stringify(["career_steps", "2019-02-30", "2019-01-01", "00000000-0000-0000-0000-000000000000"])).toString("base64url"), Buffer.from(JSON.stringify(["career_steps", "x", "y", "z"])).toString("base64url"), "nonsense"]) {
      expectBadUserInput(await api.run(ROOT, { after }), "after");
    }
  });
});

describe("a step against periods, Allen's relations under both certainties", () => {
  // Allen Tester: at Span Co from "2018" to "2020": possibly 2018-01-01..2020-12-31, certainly 2018-12-31..2020-01-01.
  // At Open Co since "2021-03", going on: possibly 2021-03-01..today, certainly 2021-03-31..today.
  // At Vague Co since "2019" with an unknown end: possibly 2019-01-01..today, never certainly.
  // At Early Co, start unknown, until "2010": possibly up to 2010-12-31, never certainly.
  beforeAll(async () => {
    await api.ingest(
      await writeBundle(
        {
          source: { slug: "allen-notes", title: "Allen notes", kind: "ARTICLE", bodyFile: "allen.txt" },
          people: [{ slug: "allen-tester", name: "Allen Tester" }],
          companies: ["span-co", "open-co", "vague-co", "early-co"].map((slug) => ({ slug, name: slug })),
          careerSteps: [
            { person: "allen-tester", company: "span-co", title: "Span", start: "2018", end: "2020" },
            { person: "allen-tester", company: "open-co", title: "Open", start: "2021-03", end: ".." },
            { person: "allen-tester", company: "vague-co", title: "Vague", start: "2019" },
            { person: "allen-tester", company: "early-co", title: "Early", end: "2010" },
          ],
        },
        "Notes on Allen Tester.\n",
        "allen.yaml",
        "allen.txt",
      ),
    );
  });

  const kept = (company: string, during: string, certainty: Certainty) => rootTitles({ companies: [company], during, certainty }).then((titles) => titles.length > 0);

  it.each([
    // [relation of the period to the step, period, possibly, certainly]
    ["before", "2015/2017", false, false],
    ["meets (ends the day before the possible start)", "2017-06/2017-12-31", false, false],
    ["meets (ends on the possible start)", "2017-06/2018-01-01", true, false],
    ["overlaps the start's fuzziness", "2017/2018-06", true, false],
    ["overlaps into the certain stretch by a day", "2017/2018", true, true],
    ["during", "2019", true, true],
    ["during, on the certain stretch's last day", "2020-01-01", true, true],
    ["during the end's fuzziness only", "2020-01-02/2020-06", true, false],
    ["contains", "2010/2030", true, true],
    ["contains, open at both ends", "../..", true, true],
    ["overlaps the end, open after", "2020/..", true, true],
    ["met by (starts on the possible end)", "2020-12-31/2022", true, false],
    ["after", "2021/..", false, false],
    ["after, open before", "../2017", false, false],
  ] as const)("%s: %s", async (_relation, period, possibly, certainly) => {
    expect(await kept("span-co", period, "POSSIBLY")).toBe(possibly);
    expect(await kept("span-co", period, "CERTAINLY")).toBe(certainly);
  });

  it("runs a step that goes on to today, not beyond", async () => {
    const nextYear = String(Number(today().slice(0, 4)) + 1);
    expect(await kept("open-co", "2021-03-15", "POSSIBLY")).toBe(true);
    expect(await kept("open-co", "2021-03-15", "CERTAINLY")).toBe(false);
    expect(await kept("open-co", "2023/..", "CERTAINLY")).toBe(true);
    expect(await kept("open-co", today(), "CERTAINLY")).toBe(true);
    expect(await kept("open-co", nextYear, "POSSIBLY")).toBe(false);
    expect(await kept("open-co", `${nextYear}/..`, "POSSIBLY")).toBe(false);
  });

  it("runs an unknown end possibly to today, and never certainly", async () => {
    expect(await kept("vague-co", "2024", "POSSIBLY")).toBe(true);
    expect(await kept("vague-co", "2018", "POSSIBLY")).toBe(false);
    expect(await kept("vague-co", "2019", "CERTAINLY")).toBe(false);
    expect(await kept("vague-co", "../..", "CERTAINLY")).toBe(false);
  });

  it("runs an unknown start possibly from ever, and never certainly", async () => {
    expect(await kept("early-co", "1990", "POSSIBLY")).toBe(true);
    expect(await kept("early-co", "2011", "POSSIBLY")).toBe(false);
    expect(await kept("early-co", "2005", "CERTAINLY")).toBe(false);
  });

  it("gives open, unknown and fuzzy steps honest durations", async () => {
    const data = await api.data<{ person: { careerTimeline: Array<{ title: string; durationMonths: number | null; duration: { min: number; max: number | null } }> } }>(
      `{ person(slug: "allen-tester") { careerTimeline { title durationMonths duration { min max } } } }`,
    );
    const byTitle = Object.fromEntries(data.person.careerTimeline.map((step) => [step.title, step]));
    // 2018-12-31 to 2020-01-01 at least (12 months), 2018-01-01 to 2020-12-31 at most (35); middle to middle, 2018-07-02 to 2020-07-01 (23).
    expect(byTitle.Span).toEqual({ title: "Span", durationMonths: 23, duration: { min: 12, max: 35 } });
    expect(byTitle.Vague).toEqual({ title: "Vague", durationMonths: null, duration: { min: 0, max: null } });
    expect(byTitle.Early).toEqual({ title: "Early", durationMonths: null, duration: { min: 0, max: null } });
    expect(byTitle.Open?.duration.max).toBeNull();
  });
});

describe("the timelines' order", () => {
  beforeAll(async () => {
    await api.ingest(
      await writeBundle(
        {
          source: { slug: "order-notes", title: "Order notes", kind: "ARTICLE", bodyFile: "order.txt" },
          people: [{ slug: "mixed-precision", name: "Mixed Precision" }],
          companies: [{ slug: "order-co", name: "Order Co" }],
          // Listed out of order on purpose.
          careerSteps: [
            { person: "mixed-precision", company: "order-co", title: "Unknown start", end: "2015" },
            { person: "mixed-precision", company: "order-co", title: "About 2017", start: "2017~", end: "2019" },
            { person: "mixed-precision", company: "order-co", title: "Exact", start: "2016-08-15", end: "2017-02" },
            { person: "mixed-precision", company: "order-co", title: "Year 2017", start: "2017", end: "2018" },
          ],
        },
        "Notes on order.\n",
        "order.yaml",
        "order.txt",
      ),
    );
  });

  // "2017~" (2016-01-01..2018-12-31, middle 2017-07-01) and "2017" (2017-01-01..2017-12-31, middle
  // 2017-07-02): the approximate one first by its middle; 2016-08-15 before both.
  const ORDER = ["Exact", "About 2017", "Year 2017", "Unknown start"];

  it("runs oldest first by the middle of the start's bounds: about 2017 comes after 2016-08-15", async () => {
    const person = await api.data<{ person: { careerTimeline: Array<{ title: string }> } }>(`{ person(slug: "mixed-precision") { careerTimeline { title } } }`);
    expect(person.person.careerTimeline.map((step) => step.title)).toEqual(ORDER);
    const company = await api.data<{ company: { careerSteps: Array<{ title: string }> } }>(`{ company(slug: "order-co") { careerSteps { title } } }`);
    expect(company.company.careerSteps.map((step) => step.title)).toEqual(ORDER);
    expect(await rootTitles({ people: ["mixed-precision"] })).toEqual(ORDER);
  });

  it("pages the root list with cursors in the same order, unknown starts included", async () => {
    const titles: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const data: RootPage = await api.data<RootPage>(ROOT, { filter: { people: ["mixed-precision"] }, first: 1, after });
      titles.push(...data.careerSteps.edges.map((edge) => edge.node.title));
      if (!data.careerSteps.pageInfo.hasNextPage) break;
      after = data.careerSteps.pageInfo.endCursor;
    }
    expect(titles).toEqual(ORDER);
  });

  it("pages everyone's steps without losing or repeating one", async () => {
    const all = await rootTitles({});
    const paged: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const data: RootPage = await api.data<RootPage>(ROOT, { first: 3, after });
      paged.push(...data.careerSteps.edges.map((edge) => edge.node.title));
      if (!data.careerSteps.pageInfo.hasNextPage) break;
      after = data.careerSteps.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
    expect(all.length).toBeGreaterThanOrEqual(10);
  });
});

describe("during, against the bounds computed in plain TypeScript", () => {
  const DAY = 86_400_000;
  const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

  /** A random EDTF date of the accepted shapes (years 2005–2030, so some lie after today). */
  const edtf = fc
    .record({ year: fc.integer({ min: 2005, max: 2030 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), precision: fc.constantFrom(0, 1, 2), qualifier: fc.constantFrom("", "~", "?", "%") })
    .map(({ year, month, day, precision, qualifier }) => {
      const parts = [String(year), String(month).padStart(2, "0"), String(day).padStart(2, "0")].slice(0, precision + 1);
      return `${parts.join("-")}${qualifier}`;
    });
  const step = fc.record({ start: fc.option(edtf, { nil: undefined, freq: 8 }), end: fc.oneof(edtf, fc.constant(".."), fc.constant(undefined)) });
  const period = fc.oneof(
    edtf.map((date) => date),
    fc.tuple(fc.oneof(edtf, fc.constant("..")), fc.oneof(edtf, fc.constant(".."))).map(([from, to]) => `${from}/${to}`),
  );

  interface Bounds {
    earliest: string;
    latest: string;
  }
  interface Stored {
    title: string;
    isCurrent: boolean;
    start: Bounds | null;
    end: Bounds | null;
  }

  let steps: Stored[] = [];

  beforeAll(async () => {
    const candidates = fc.sample(step, { numRuns: 120, seed: 20261207 });
    const bundleSteps: Array<Record<string, string>> = [];
    for (const [i, candidate] of candidates.entries()) {
      bundleSteps.push({ person: "random-career", company: "random-co", title: `s${i}`, ...(candidate.start ? { start: candidate.start } : {}), ...(candidate.end ? { end: candidate.end } : {}) });
    }
    await api.ingest(
      await writeBundle(
        {
          source: { slug: "random-notes", title: "Random notes", kind: "ARTICLE", bodyFile: "random.txt" },
          people: [{ slug: "random-career", name: "Random Career" }],
          companies: [{ slug: "random-co", name: "Random Co" }],
          careerSteps: bundleSteps.filter(surelyOrdered),
        },
        "Notes on a random career.\n",
        "random.yaml",
        "random.txt",
      ),
    );
    const data = await api.data<{ person: { careerTimeline: Stored[] } }>(`{ person(slug: "random-career") { careerTimeline { title isCurrent start { earliest latest } end { earliest latest } } } }`);
    steps = data.person.careerTimeline;
  });

  /** A step the importer takes: its start's earliest day surely on or before its end's latest (the database checks it). */
  function surelyOrdered(s: Record<string, string>): boolean {
    if (!s.start || !s.end || s.end === "..") return true;
    return parseBounds(s.start).earliest <= parseBounds(s.end).latest;
  }

  /** The reference: the step's interval as days, by the contract's words, and whether it meets the period's. */
  function expected(stored: Stored, periodBounds: { from: number; to: number }, certainty: Certainty, todayDay: number): boolean {
    let from: number;
    let to: number;
    if (certainty === "POSSIBLY") {
      from = stored.start ? dayOf(stored.start.earliest) : -Infinity;
      to = stored.end ? dayOf(stored.end.latest) : todayDay;
    } else {
      if (!stored.start) return false;
      if (!stored.end && !stored.isCurrent) return false;
      from = dayOf(stored.start.latest);
      to = stored.end ? dayOf(stored.end.earliest) : todayDay;
    }
    if (to < from) return false;
    return from <= periodBounds.to && periodBounds.from <= to;
  }

  /** The period's days: from its start's first day to its end's last, ".." unbounded. */
  function periodDays(text: string): { from: number; to: number } {
    const [fromText = "", toText = fromText] = text.split("/");
    return { from: fromText === ".." ? -Infinity : dayOf(parseBounds(fromText).earliest), to: toText === ".." ? Infinity : dayOf(parseBounds(toText).latest) };
  }

  it("keeps exactly the steps whose possible or certain interval meets the period, at the root and on the timelines", async () => {
    expect(steps.length).toBeGreaterThan(60);
    const todayDay = dayOf(today());
    const periods = fc.sample(period, { numRuns: 60, seed: 7 }).filter((text) => {
      const [from, to] = text.split("/");
      if (!to || from === ".." || to === "..") return true;
      return parseBounds(from ?? "").earliest <= parseBounds(to).latest;
    });
    expect(periods.length).toBeGreaterThan(30);
    // Not a comparison of empty lists: the periods keep some steps and leave others, both ways.
    const outcomes = { kept: 0, left: 0, possiblyOnly: 0 };
    for (const text of periods) {
      const days = periodDays(text);
      for (const certainty of ["POSSIBLY", "CERTAINLY"] as const) {
        const want = steps.filter((stored) => expected(stored, days, certainty, todayDay)).map((stored) => stored.title);
        outcomes.kept += want.length;
        outcomes.left += steps.length - want.length;
        if (certainty === "POSSIBLY") outcomes.possiblyOnly += want.filter((title) => !steps.some((stored) => stored.title === title && expected(stored, days, "CERTAINLY", todayDay))).length;
        const data = await api.data<RootPage & { person: { careerTimeline: Array<{ title: string }> } }>(
          `query ($filter: CareerStepFilter, $during: String, $certainty: Certainty) {
            careerSteps(first: 100, filter: $filter) { edges { cursor node { title person { slug } company { slug } } } pageInfo { hasNextPage endCursor } }
            person(slug: "random-career") { careerTimeline(during: $during, certainty: $certainty) { title } }
          }`,
          { filter: { people: ["random-career"], during: text, certainty }, during: text, certainty },
        );
        const context = `${certainty} during ${text}`;
        expect({ context, titles: data.careerSteps.edges.map((edge) => edge.node.title) }).toEqual({ context, titles: want });
        expect({ context, titles: data.person.careerTimeline.map((step) => step.title) }).toEqual({ context, titles: want });
      }
    }
    expect(outcomes.kept).toBeGreaterThan(500);
    expect(outcomes.left).toBeGreaterThan(500);
    expect(outcomes.possiblyOnly).toBeGreaterThan(100);
  });

  /** An EDTF date's inclusive bounds, by the documented rule (a ~ or % widens by one unit each side). */
  function parseBounds(date: string): Bounds {
    const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$/.exec(date);
    if (!match) throw new Error(`not a date: ${date}`);
    const [, y, m, d, q] = match;
    const widen = q === "~" || q === "%" ? 1 : 0;
    const iso = (t: number) => new Date(t * DAY).toISOString().slice(0, 10);
    const utc = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / DAY;
    if (m === undefined) return { earliest: iso(utc(Number(y) - widen, 1, 1)), latest: iso(utc(Number(y) + widen + 1, 1, 1) - 1) };
    if (d === undefined) return { earliest: iso(utc(Number(y), Number(m) - widen, 1)), latest: iso(utc(Number(y), Number(m) + widen + 1, 1) - 1) };
    return { earliest: iso(utc(Number(y), Number(m), Number(d)) - widen), latest: iso(utc(Number(y), Number(m), Number(d)) + widen) };
  }
});
