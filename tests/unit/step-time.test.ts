/**
 * domain/step-time.ts: periods as `during` reads them, and a step's least and most duration
 * around the central estimate `durationMonths` gives.
 */
import fc from "fast-check";
import { durationMonths, EdtfError, parseEdtf } from "../../src/domain/edtf";
import { durationBounds, parsePeriod, type StepDates } from "../../src/domain/step-time";

describe("parsePeriod", () => {
  it.each([
    ["2019", { from: "2019-01-01", to: "2019-12-31" }],
    ["2019-02", { from: "2019-02-01", to: "2019-02-28" }],
    ["2019-03-15", { from: "2019-03-15", to: "2019-03-15" }],
    ["2016~", { from: "2015-01-01", to: "2017-12-31" }],
    ["2016/2019", { from: "2016-01-01", to: "2019-12-31" }],
    ["2023/..", { from: "2023-01-01", to: null }],
    ["../2019", { from: null, to: "2019-12-31" }],
    ["../..", { from: null, to: null }],
    ["2019/2019", { from: "2019-01-01", to: "2019-12-31" }],
  ])("reads %j", (text, period) => {
    expect(parsePeriod(text)).toEqual(period);
  });

  it.each([
    ["", /not a date/],
    ["..", /alone is not a period/],
    ["/2019", /open \(".."\), not empty/],
    ["2019/", /open \(".."\), not empty/],
    ["2019/2016", /ends \(2016\) before it starts \(2019\)/],
    ["2016/2017/2018", /at most one "\/"/],
    ["2019-13", /month 13 does not exist/],
    ["201X", /unspecified digits/],
  ])("refuses %j, saying why and what is accepted", (text, why) => {
    expect(() => parsePeriod(text)).toThrow(EdtfError);
    expect(() => parsePeriod(text)).toThrow(why);
    if (text !== "2019/2016") expect(() => parsePeriod(text)).toThrow(/"2016\/2019"/);
  });
});

describe("durationBounds", () => {
  const date = fc
    .record({ year: fc.integer({ min: 1990, max: 2030 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), precision: fc.constantFrom(0, 1, 2), qualifier: fc.constantFrom("", "~", "?", "%") })
    .map(({ year, month, day, precision, qualifier }) => parseEdtf(`${[String(year), String(month).padStart(2, "0"), String(day).padStart(2, "0")].slice(0, precision + 1).join("-")}${qualifier}`));
  const step = fc.record({ start: fc.option(date, { nil: null }), end: fc.option(date, { nil: null }), endOpen: fc.boolean() }).map((s): StepDates => (s.endOpen ? { ...s, end: null } : s));
  const today = "2026-12-07";

  it("puts the central estimate between the least and the most, whenever there is one", () => {
    fc.assert(
      fc.property(step, (s) => {
        fc.pre(s.start === null || s.end === null || s.start.earliest <= s.end.latest);
        const { min, max } = durationBounds(s, today);
        expect(min).toBeGreaterThanOrEqual(0);
        if (max !== null) expect(max).toBeGreaterThanOrEqual(min);
        const central = durationMonths(s.start, s.end, s.endOpen, today);
        if (central !== null) {
          expect(central).toBeGreaterThanOrEqual(min);
          if (max !== null) expect(central).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 2000, seed: 16 },
    );
  });

  it("has no most for a step that goes on, or whose start or end is unknown", () => {
    const year = parseEdtf("2019");
    expect(durationBounds({ start: year, end: null, endOpen: true }, today).max).toBeNull();
    expect(durationBounds({ start: year, end: null, endOpen: false }, today)).toEqual({ min: 0, max: null });
    expect(durationBounds({ start: null, end: year, endOpen: false }, today)).toEqual({ min: 0, max: null });
    // Since 2019, going on: at least from 2019-12-31 to today.
    expect(durationBounds({ start: year, end: null, endOpen: true }, today).min).toBe(83);
  });
});
