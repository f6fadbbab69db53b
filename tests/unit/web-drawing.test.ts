/**
 * The explorer's pure parts, without a browser: where a timeline's marks go (a person's steps, or
 * everyone's at a company with the period asked about), how a fuzzy date and a duration are put
 * in words, and how a source body is cut so that each quote can be marked at its exact span.
 */
import { describeDate, describeDuration, layoutTimeline, type ChartDate } from "../../web/src/timeline-geometry";
import { segmentBody, shorten, spanFragment, targetOf } from "../../web/src/reader-segments";

function date(edtf: string, earliest: string, latest: string): ChartDate {
  return { edtf, earliest, latest, approximate: edtf.endsWith("~") || edtf.endsWith("%"), uncertain: edtf.endsWith("?") || edtf.endsWith("%") };
}

const TODAY = "2026-11-26";
const WIDTH = 1000;

describe("layoutTimeline", () => {
  const twitter = { id: "t", start: date("2016~", "2015-01-01", "2017-12-31"), end: date("2023~", "2022-01-01", "2024-12-31"), isCurrent: false };
  const openai = { id: "o", start: date("2023", "2023-01-01", "2023-12-31"), end: null, isCurrent: true };

  it("fades a fuzzy start across its bounds and keeps the surely-covered stretch solid between them", () => {
    const { steps } = layoutTimeline([twitter, openai], TODAY, WIDTH);
    const [shape] = steps;
    expect(shape?.startFade?.x1).toBeLessThan(shape?.startFade?.x2 ?? 0);
    expect(shape?.core?.x1).toBeCloseTo(shape?.startFade?.x2 ?? -1);
    expect(shape?.core?.x2).toBeCloseTo(shape?.endFade?.x1 ?? -1);
    expect(shape).toMatchObject({ openEndAt: null, unknownEnd: null, unknownStart: null });
  });

  it("runs a current step to today and ends it in an arrow, without an end fade", () => {
    const { steps, todayX } = layoutTimeline([twitter, openai], TODAY, WIDTH);
    const shape = steps[1];
    expect(shape?.openEndAt).toBeCloseTo(todayX);
    expect(shape?.core?.x2).toBeCloseTo(todayX);
    expect(shape?.endFade).toBeNull();
  });

  it("draws an unknown end as a stub, never as an open end or a known date", () => {
    const unknownEnd = { id: "u", start: date("2010", "2010-01-01", "2010-12-31"), end: null, isCurrent: false };
    const [shape] = layoutTimeline([unknownEnd], TODAY, WIDTH).steps;
    expect(shape?.unknownEnd).not.toBeNull();
    expect(shape).toMatchObject({ openEndAt: null, endFade: null, core: null });
  });

  it("draws an unknown start as a stub before the end", () => {
    const unknownStart = { id: "s", start: null, end: date("2012-05", "2012-05-01", "2012-05-31"), isCurrent: false };
    const [shape] = layoutTimeline([unknownStart], TODAY, WIDTH).steps;
    expect(shape?.unknownStart?.x2).toBeCloseTo(shape?.endFade?.x1 ?? -1);
    expect(shape?.startFade).toBeNull();
  });

  it("keeps every mark inside the chart and ticks every other year on a twelve-year axis", () => {
    const layout = layoutTimeline([twitter, openai], TODAY, WIDTH);
    const xs = layout.steps.flatMap((shape) => [shape.startFade, shape.core, shape.endFade].flatMap((stretch) => (stretch ? [stretch.x1, stretch.x2] : [])));
    for (const x of [...xs, layout.todayX]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(WIDTH);
    }
    expect(layout.ticks.map((tick) => tick.year)).toEqual([2016, 2018, 2020, 2022, 2024, 2026]);
  });
});

describe("layoutTimeline with a period", () => {
  const twitter = { id: "t", start: date("2016~", "2015-01-01", "2017-12-31"), end: date("2023~", "2022-01-01", "2024-12-31"), isCurrent: false };

  it("shades the period asked about on the same axis as the steps", () => {
    const layout = layoutTimeline([twitter], TODAY, WIDTH, { earliest: "2019-01-01", latest: "2019-12-31" });
    const [shape] = layout.steps;
    expect(layout.period?.x1).toBeGreaterThan(shape?.core?.x1 ?? WIDTH);
    expect(layout.period?.x2).toBeLessThan(shape?.core?.x2 ?? 0);
    // The steps are where they are without a period: it adds a band, it moves nothing.
    expect(layout.steps).toEqual(layoutTimeline([twitter], TODAY, WIDTH).steps);
  });

  it("runs an open side to the chart's edge, and widens the axis to a period beyond the steps", () => {
    expect(layoutTimeline([twitter], TODAY, WIDTH, { earliest: "2023-01-01", latest: null }).period?.x2).toBe(WIDTH);
    expect(layoutTimeline([twitter], TODAY, WIDTH, { earliest: null, latest: "2019-12-31" }).period?.x1).toBe(0);
    const wide = layoutTimeline([twitter], TODAY, WIDTH, { earliest: "2005-01-01", latest: "2006-12-31" });
    expect(wide.ticks[0]?.year).toBeLessThanOrEqual(2005);
    expect(wide.period?.x1).toBeGreaterThan(0);
    expect(layoutTimeline([twitter], TODAY, WIDTH).period).toBeNull();
    expect(layoutTimeline([twitter], TODAY, WIDTH, { earliest: null, latest: null }).period).toBeNull();
  });
});

describe("describeDuration", () => {
  it("says how long a step lasted as far as its dates tell", () => {
    expect(describeDuration({ min: 49, max: 119 })).toBe("4 to 10 years");
    expect(describeDuration({ min: 84, max: 84 })).toBe("about 7 years");
    expect(describeDuration({ min: 10, max: 36 })).toBe("10 months to 3 years");
    expect(describeDuration({ min: 1, max: 1 })).toBe("about 1 month");
    // Rounded outwards: 30 months is at least 2 whole years and up to 3, never "at least 3".
    expect(describeDuration({ min: 30, max: null })).toBe("at least 2 years");
    expect(describeDuration({ min: 47, max: null })).toBe("at least 3 years");
    expect(describeDuration({ min: 25, max: 26 })).toBe("2 to 3 years");
    expect(describeDuration({ min: 0, max: null })).toBe("for a time not known");
    expect(describeDuration({ min: 0, max: 30 })).toBe("up to 3 years");
    expect(describeDuration({ min: 0, max: 0 })).toBe("under a month");
  });
});

describe("describeDate", () => {
  it("says what is known and how", () => {
    expect(describeDate(date("2016~", "2015-01-01", "2017-12-31"))).toBe("c. 2016");
    expect(describeDate(date("2023-05", "2023-05-01", "2023-05-31"))).toBe("May 2023");
    expect(describeDate(date("2019?", "2019-01-01", "2019-12-31"))).toBe("2019?");
    expect(describeDate(date("2020-03-04", "2020-03-04", "2020-03-04"))).toBe("4 March 2020");
    expect(describeDate(null, "?")).toBe("?");
  });
});

describe("segmentBody", () => {
  // Code points, as the API counts them: the emoji is one.
  const body = "Title\n\nI said 🙂 hello there. Then more.\n\nSecond part";
  const points = [...body];
  const quote = { id: "q1", span: { start: 7, end: 23 } };

  it("cuts headings and paragraphs, and each quote's segments join to its exact text", () => {
    const blocks = segmentBody(body, ["Title"], [quote], null);
    expect(blocks.map((block) => block.kind)).toEqual(["heading", "paragraph", "paragraph"]);
    const quoted = blocks.flatMap((block) => block.segments).filter((segment) => segment.quoteIds.includes("q1"));
    expect(quoted.map((segment) => segment.text).join("")).toBe(points.slice(7, 23).join(""));
    expect(quoted.map((segment) => segment.text).join("")).toBe("I said 🙂 hello t");
  });

  it("marks the target span even when it cuts across a quote", () => {
    const blocks = segmentBody(body, ["Title"], [quote], { start: 14, end: 30 });
    const segments = blocks.flatMap((block) => block.segments);
    expect(segments.filter((segment) => segment.target).map((segment) => segment.text).join("")).toBe(points.slice(14, 30).join(""));
    expect(segments.map((segment) => segment.text).join("")).toBe("Title" + "I said 🙂 hello there. Then more." + "Second part");
  });
});

describe("span fragments", () => {
  it("reads back what it writes and refuses what is not a span", () => {
    expect(targetOf(spanFragment({ start: 256, end: 344 }))).toEqual({ start: 256, end: 344 });
    expect(targetOf("#q=10-10")).toBeNull();
    expect(targetOf("#q=20-10")).toBeNull();
    expect(targetOf("#q=a-b")).toBeNull();
    expect(targetOf("")).toBeNull();
  });
});

describe("shorten", () => {
  it("cuts at a word and says so", () => {
    expect(shorten("short", 90)).toBe("short");
    expect(shorten("I was fascinated by the product itself. There was definitely that", 40)).toBe("I was fascinated by the product itself…");
    expect(shorten("I was fascinated by the product itself. There was definitely that", 36)).toBe("I was fascinated by the product…");
    expect([...shorten("x".repeat(200), 50)]).toHaveLength(50);
  });
});
