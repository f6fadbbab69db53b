/**
 * Career timelines: what an app that draws a person's career needs. The essay's answers, the
 * order of steps by their fuzzy bounds, open versus unknown ends, durations, evidence, and the
 * same steps seen from a company.
 */
import { durationMonths } from "../../src/domain/edtf";
import { writeBundle } from "../support/bundles";
import { at, ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
});

afterAll(async () => {
  await api.close();
});

interface Date_ {
  edtf: string;
  year: number;
  month: number | null;
  day: number | null;
  precision: string;
  approximate: boolean;
  uncertain: boolean;
  earliest: string;
  latest: string;
}

interface Step {
  title: string | null;
  isCurrent: boolean;
  durationMonths: number | null;
  company: { slug: string };
  start: Date_ | null;
  end: Date_ | null;
  evidence: { text: string; span: { start: number; end: number }; source: { slug: string; body: string } } | null;
}

const STEP_FIELDS = `title isCurrent durationMonths company { slug }
  start { edtf year month day precision approximate uncertain earliest latest }
  end { edtf year month day precision approximate uncertain earliest latest }
  evidence { text span { start end } source { slug body } }`;

const TIMELINE = `query ($slug: String!) { person(slug: $slug) { careerTimeline { ${STEP_FIELDS} } currentRoles { title company { slug } } } }`;

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

async function timeline(slug: string): Promise<{ careerTimeline: Step[]; currentRoles: Array<{ title: string; company: { slug: string } }> }> {
  const data = await api.data<{ person: { careerTimeline: Step[]; currentRoles: Array<{ title: string; company: { slug: string } }> } | null }>(TIMELINE, { slug });
  if (!data.person) throw new Error(`no person ${slug}`);
  return data.person;
}

describe("the essay's narrator", () => {
  it("worked at Twitter, then at OpenAI, in that order", async () => {
    const { careerTimeline } = await timeline("jigar-bhati");
    expect(careerTimeline.map((step) => [step.company.slug, step.title])).toEqual([
      ["twitter", "Software engineer"],
      ["openai", "Member of technical staff"],
    ]);
  });

  it("spent almost seven years at Twitter: an approximate start about 2016, an approximate end about 2023, 84 months", async () => {
    const [twitter] = (await timeline("jigar-bhati")).careerTimeline;
    expect(twitter?.start).toEqual({
      edtf: "2016~",
      year: 2016,
      month: null,
      day: null,
      precision: "YEAR",
      approximate: true,
      uncertain: false,
      earliest: "2015-01-01",
      latest: "2017-12-31",
    });
    expect(twitter?.end).toMatchObject({ edtf: "2023~", approximate: true, earliest: "2022-01-01", latest: "2024-12-31" });
    expect(twitter?.isCurrent).toBe(false);
    expect(twitter?.durationMonths).toBe(84);
    expect(twitter?.evidence?.text).toBe("I was working at Twitter for almost seven years and was looking for a change in general.");
  });

  it("is at OpenAI today: since 2023, an open end, the only current role", async () => {
    const { careerTimeline, currentRoles } = await timeline("jigar-bhati");
    const openai = careerTimeline[1];
    expect(openai?.start).toMatchObject({ edtf: "2023", precision: "YEAR", approximate: false, uncertain: false, earliest: "2023-01-01", latest: "2023-12-31" });
    expect(openai?.end).toBeNull();
    expect(openai?.isCurrent).toBe(true);
    // Runs to today, from the middle of 2023.
    expect(openai?.durationMonths).toBe(durationMonths({ earliest: "2023-01-01", latest: "2023-12-31" }, null, true, today()));
    expect(openai?.durationMonths).toBeGreaterThanOrEqual(40);
    expect(currentRoles).toEqual([{ title: "Member of technical staff", company: { slug: "openai" } }]);
  });

  it("has evidence for each step that is the source body at its span", async () => {
    for (const step of (await timeline("jigar-bhati")).careerTimeline) {
      if (!step.evidence) throw new Error("no evidence");
      expect(step.evidence.source.slug).toBe("openai-engineer-as-told-to");
      expect(step.evidence.text).toBe(at(step.evidence.source.body, step.evidence.span));
    }
  });
});

describe("dates, ends and order", () => {
  const BODY = [
    "Notes on Grace Sample.",
    "Worked at Alpha Labs from 10 March 2010 to 9 March 2012.",
    "Then Beta Works, about 2012 to 2014.",
    "She joined Gamma Co in 2013; nobody knows when she left.",
    "Delta Inc since May 2014.",
    "Epsilon, sometime.",
    "A second stint at Delta Inc also began in May 2014.",
  ].join("\n");
  const evidence = (line: number) => BODY.split("\n")[line] ?? "";

  beforeAll(async () => {
    await api.ingest(
      await writeBundle(
        {
          source: { slug: "grace-notes", title: "Grace notes", kind: "ARTICLE", bodyFile: "grace.txt" },
          people: [{ slug: "grace-sample", name: "Grace Sample" }],
          companies: ["alpha-labs", "beta-works", "gamma-co", "delta-inc", "epsilon"].map((slug) => ({ slug, name: slug })),
          // Listed out of order on purpose: the timeline sorts them.
          careerSteps: [
            { person: "grace-sample", company: "epsilon", title: "Unknown start", evidence: evidence(5) },
            { person: "grace-sample", company: "delta-inc", title: "Current", start: "2014-05", end: "..", evidence: evidence(4) },
            { person: "grace-sample", company: "gamma-co", title: "Unknown end", start: "2013", evidence: evidence(3) },
            { person: "grace-sample", company: "delta-inc", title: "Second stint", start: "2014-05", end: "..", evidence: evidence(6) },
            { person: "grace-sample", company: "beta-works", title: "Approximate", start: "2012~", end: "2014~", evidence: evidence(2) },
            { person: "grace-sample", company: "alpha-labs", title: "Exact", start: "2010-03-10", end: "2012-03-09", evidence: evidence(1) },
          ],
        },
        BODY,
        "grace.yaml",
        "grace.txt",
      ),
    );
  });

  it("sorts oldest first by the middle of the start's bounds, unknown starts last, ties in a stable order", async () => {
    const first = (await timeline("grace-sample")).careerTimeline.map((step) => step.title);
    // 2010-03-10, then "2012~" (from 2011-01-01), then 2013; the two steps of May 2014 tie.
    expect(first.slice(0, 3)).toEqual(["Exact", "Approximate", "Unknown end"]);
    expect(first.slice(3, 5).sort()).toEqual(["Current", "Second stint"]);
    expect(first[5]).toBe("Unknown start");
    // The same order on every request: ties are broken by the earliest bound, then id.
    for (let i = 0; i < 3; i += 1) expect((await timeline("grace-sample")).careerTimeline.map((step) => step.title)).toEqual(first);
  });

  it("counts exact months between day-precision dates", async () => {
    const exact = (await timeline("grace-sample")).careerTimeline.find((step) => step.title === "Exact");
    // 2010-03-10 to 2012-03-09: one day short of 24 months.
    expect(exact?.durationMonths).toBe(23);
    expect(exact?.start).toMatchObject({ precision: "DAY", day: 10, month: 3, year: 2010, earliest: "2010-03-10", latest: "2010-03-10" });
  });

  it("tells an open end (current, runs to today) from an unknown end (not current, no duration)", async () => {
    const steps = (await timeline("grace-sample")).careerTimeline;
    const current = steps.find((step) => step.title === "Current");
    const unknownEnd = steps.find((step) => step.title === "Unknown end");
    expect(current).toMatchObject({ isCurrent: true, end: null });
    expect(current?.durationMonths).toBe(durationMonths({ earliest: "2014-05-01", latest: "2014-05-31" }, null, true, today()));
    expect(unknownEnd).toMatchObject({ isCurrent: false, end: null, durationMonths: null });
    expect(steps.find((step) => step.title === "Unknown start")).toMatchObject({ start: null, durationMonths: null, isCurrent: false });
  });

  it("lists every current role, and only those", async () => {
    const { currentRoles } = await timeline("grace-sample");
    expect(currentRoles.map((role) => role.title).sort()).toEqual(["Current", "Second stint"]);
  });

  it("shows a company's steps, everyone's, oldest first, and the people who worked there", async () => {
    const data = await api.data<{ company: { careerSteps: Array<{ title: string; person: { slug: string } }>; people: Array<{ slug: string }> } }>(
      `{ company(slug: "delta-inc") { careerSteps { title person { slug } } people { slug } } }`,
    );
    expect(data.company.careerSteps.map((step) => step.title).sort()).toEqual(["Current", "Second stint"]);
    expect(data.company.people).toEqual([{ slug: "grace-sample" }]);
    const twitter = await api.data<{ company: { careerSteps: Array<{ title: string }>; people: Array<{ slug: string }> } }>(
      `{ company(slug: "twitter") { careerSteps { title } people { slug } } }`,
    );
    expect(twitter.company).toEqual({ careerSteps: [{ title: "Software engineer" }], people: [{ slug: "jigar-bhati" }] });
  });
});
