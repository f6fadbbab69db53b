import { DatePrecision, durationMonths, EdtfError, isIsoDay, middleDay, monthsBetween, parseEdtf } from "../../src/domain/edtf";

/** The message parseEdtf throws for `input`, failing the test if it does not throw an EdtfError. */
function rejection(input: string): string {
  try {
    parseEdtf(input);
  } catch (error) {
    expect(error).toBeInstanceOf(EdtfError);
    return (error as EdtfError).message;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

const EXPECTED = "expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %";

describe("parseEdtf", () => {
  describe("syntax forms", () => {
    it("parses a year", () => {
      expect(parseEdtf("2023")).toEqual({
        edtf: "2023",
        year: 2023,
        month: null,
        day: null,
        precision: DatePrecision.YEAR,
        approximate: false,
        uncertain: false,
        earliest: "2023-01-01",
        latest: "2023-12-31",
      });
    });

    it("parses a month", () => {
      expect(parseEdtf("2023-05")).toEqual({
        edtf: "2023-05",
        year: 2023,
        month: 5,
        day: null,
        precision: DatePrecision.MONTH,
        approximate: false,
        uncertain: false,
        earliest: "2023-05-01",
        latest: "2023-05-31",
      });
    });

    it("parses a day", () => {
      expect(parseEdtf("2023-05-10")).toEqual({
        edtf: "2023-05-10",
        year: 2023,
        month: 5,
        day: 10,
        precision: DatePrecision.DAY,
        approximate: false,
        uncertain: false,
        earliest: "2023-05-10",
        latest: "2023-05-10",
      });
    });

    it("accepts the first and last supported years", () => {
      expect(parseEdtf("0001").earliest).toBe("0001-01-01");
      expect(parseEdtf("9999").latest).toBe("9999-12-31");
    });
  });

  describe("qualifiers", () => {
    it.each([
      ["2016", false, false],
      ["2016~", true, false],
      ["2016?", false, true],
      ["2016%", true, true],
      ["2016-04~", true, false],
      ["2016-04?", false, true],
      ["2016-04%", true, true],
      ["2016-04-01~", true, false],
      ["2016-04-01?", false, true],
      ["2016-04-01%", true, true],
    ])("%s is approximate=%s, uncertain=%s", (input, approximate, uncertain) => {
      const date = parseEdtf(input);
      expect(date.approximate).toBe(approximate);
      expect(date.uncertain).toBe(uncertain);
      expect(date.edtf).toBe(input);
    });
  });

  describe("bounds", () => {
    it.each([
      ["2023-01", "2023-01-01", "2023-01-31"],
      ["2023-02", "2023-02-01", "2023-02-28"],
      ["2024-02", "2024-02-01", "2024-02-29"],
      ["1900-02", "1900-02-01", "1900-02-28"], // divisible by 100: not a leap year
      ["2000-02", "2000-02-01", "2000-02-29"], // divisible by 400: a leap year
      ["2023-04", "2023-04-01", "2023-04-30"],
      ["2023-12", "2023-12-01", "2023-12-31"],
      ["2024-02-29", "2024-02-29", "2024-02-29"],
    ])("%s runs from %s to %s", (input, earliest, latest) => {
      expect(parseEdtf(input)).toMatchObject({ earliest, latest });
    });

    it("keeps years below 100 as written (no 19xx from Date.UTC)", () => {
      expect(parseEdtf("0099-03")).toMatchObject({ earliest: "0099-03-01", latest: "0099-03-31" });
    });
  });

  describe("widening of approximate dates", () => {
    it.each([
      ["2016~", "2015-01-01", "2017-12-31"],
      ["2016%", "2015-01-01", "2017-12-31"],
      ["2023-05~", "2023-04-01", "2023-06-30"],
      ["2023-01~", "2022-12-01", "2023-02-28"],
      ["2023-12~", "2023-11-01", "2024-01-31"],
      ["2024-03~", "2024-02-01", "2024-04-30"],
      ["2023-05-10~", "2023-05-09", "2023-05-11"],
      ["2023-03-01~", "2023-02-28", "2023-03-02"],
      ["2024-02-29~", "2024-02-28", "2024-03-01"],
      ["2023-12-31%", "2023-12-30", "2024-01-01"],
      ["2023-01-01~", "2022-12-31", "2023-01-02"],
    ])("%s widens to %s..%s", (input, earliest, latest) => {
      expect(parseEdtf(input)).toMatchObject({ earliest, latest });
    });

    it.each([
      ["2016?", "2016-01-01", "2016-12-31"],
      ["2023-05?", "2023-05-01", "2023-05-31"],
      ["2023-05-10?", "2023-05-10", "2023-05-10"],
    ])("does not widen the merely uncertain %s", (input, earliest, latest) => {
      expect(parseEdtf(input)).toMatchObject({ earliest, latest });
    });

    it.each([
      ["0001~", "0001-01-01", "0002-12-31"],
      ["9999~", "9998-01-01", "9999-12-31"],
      ["0001-01~", "0001-01-01", "0001-02-28"],
      ["9999-12%", "9999-11-01", "9999-12-31"],
      ["0001-01-01~", "0001-01-01", "0001-01-02"],
      ["9999-12-31~", "9999-12-30", "9999-12-31"],
    ])("clamps %s to %s..%s", (input, earliest, latest) => {
      expect(parseEdtf(input)).toMatchObject({ earliest, latest });
    });
  });

  describe("rejections", () => {
    it.each([
      ["", `empty string: ${EXPECTED}`],
      [" 2016", `white space is not allowed: ${EXPECTED}`],
      ["2016 ", `white space is not allowed: ${EXPECTED}`],
      ["2016-05\n", `white space is not allowed: ${EXPECTED}`],
      ["2016/2020", `intervals (start/end) are not supported: ${EXPECTED}`],
      ["2016~/..", `intervals (start/end) are not supported: ${EXPECTED}`],
      ["..", `open or unknown ends (..) are not supported here: ${EXPECTED}`],
      ["201X", `unspecified digits (X) are not supported: ${EXPECTED}`],
      ["2016-XX", `unspecified digits (X) are not supported: ${EXPECTED}`],
      ["2016-05-1X~", `unspecified digits (X) are not supported: ${EXPECTED}`],
      ["2023-21", `seasons are not supported: ${EXPECTED}`],
      ["2023-24~", `seasons are not supported: ${EXPECTED}`],
      ["2023-13", "month 13 does not exist"],
      ["2023-00", "month 00 does not exist"],
      ["2023-25", "month 25 does not exist"],
      ["2023-02-29", "day 29 does not exist: 2023-02 has 28 days"],
      ["2024-02-30", "day 30 does not exist: 2024-02 has 29 days"],
      ["2023-04-31", "day 31 does not exist: 2023-04 has 30 days"],
      ["2023-05-00", "day 00 does not exist: 2023-05 has 31 days"],
      ["0000", "year 0000 does not exist: years run from 0001 to 9999"],
      ["2016~?", "only one qualifier is allowed: use % for approximate and uncertain"],
      ["2016??", "only one qualifier is allowed: use % for approximate and uncertain"],
      ["16", EXPECTED],
      ["20160", EXPECTED],
      ["-2016", EXPECTED],
      ["Y20160", EXPECTED],
      ["2016-5", EXPECTED],
      ["2016-05-1", EXPECTED],
      ["2016-05-10T12:00", EXPECTED],
      ["~2016", EXPECTED],
      ["2016?-05", EXPECTED],
      ["2016.05", EXPECTED],
      ["max", EXPECTED],
    ])("rejects %j: %s", (input, message) => {
      expect(rejection(input)).toBe(message);
    });

    it("throws an Error subclass named EdtfError", () => {
      let thrown: unknown;
      try {
        parseEdtf("nope");
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown).toBeInstanceOf(EdtfError);
      expect((thrown as Error).name).toBe("EdtfError");
    });
  });
});

describe("monthsBetween", () => {
  it.each([
    ["2023-01-01", "2023-01-01", 0],
    ["2023-01-01", "2023-01-31", 0],
    ["2023-01-01", "2023-02-01", 1],
    ["2023-01-15", "2023-02-14", 0],
    ["2023-01-15", "2023-02-15", 1],
    ["2016-01-01", "2023-12-31", 95], // 7 years 11 months 30 days
    ["2016-01-01", "2023-01-01", 84],
    ["2015-01-01", "2024-12-31", 119],
    ["2023-01-31", "2023-02-28", 1], // day clamped to February's end
    ["2024-01-31", "2024-02-28", 0], // February 2024 has a 29th
    ["2024-01-31", "2024-02-29", 1],
    ["2023-03-31", "2023-04-30", 1],
    ["2022-12-15", "2023-01-14", 0],
    ["2022-12-15", "2023-01-15", 1],
    ["2023-03-15", "2023-01-20", -2], // backwards: rounded down, not towards zero
    ["2023-03-15", "2023-02-15", -1],
    ["0001-01-01", "9999-12-31", 119987],
  ])("%s to %s is %i months", (earliest, latest, months) => {
    expect(monthsBetween(earliest, latest)).toBe(months);
  });

  it("works with the bounds of parsed dates", () => {
    const start = parseEdtf("2016~");
    const end = parseEdtf("2023~");
    expect(monthsBetween(start.latest, end.earliest)).toBe(48); // 2017-12-31 → 2022-01-01
    expect(monthsBetween(start.earliest, end.latest)).toBe(119); // 2015-01-01 → 2024-12-31
  });

  it.each(["2023-02-29", "2023-1-01", "2023", "", "0000-01-01", "2023-01-01T00:00"])(
    "rejects %j as not an ISO date",
    (bad) => {
      expect(() => monthsBetween(bad, "2023-01-01")).toThrow(EdtfError);
      expect(() => monthsBetween("2023-01-01", bad)).toThrow(/expected an ISO date YYYY-MM-DD/);
    },
  );
});

describe("middleDay", () => {
  it.each([
    ["2023-05-10", "2023-05-10", "2023-05-10"],
    ["2023-01-01", "2023-12-31", "2023-07-02"],
    ["2015-01-01", "2017-12-31", "2016-07-01"],
    ["2024-02-28", "2024-03-01", "2024-02-29"], // across a leap day
    ["2023-02-28", "2023-03-01", "2023-02-28"], // two middle days: the earlier
    ["1999-12-31", "2000-01-02", "2000-01-01"],
    ["0001-01-01", "0001-01-03", "0001-01-02"],
    ["9999-12-29", "9999-12-31", "9999-12-30"],
  ])("between %s and %s is %s", (earliest, latest, middle) => {
    expect(middleDay(earliest, latest)).toBe(middle);
  });

  it("agrees with the calendar of Date for every day of four years around a leap year", () => {
    const dayMs = 86_400_000;
    const first = Date.UTC(2023, 0, 1);
    for (let offset = 0; offset < 4 * 366; offset += 1) {
      const day = new Date(first + offset * dayMs).toISOString().slice(0, 10);
      const twoLater = new Date(first + (offset + 2) * dayMs).toISOString().slice(0, 10);
      const between = new Date(first + (offset + 1) * dayMs).toISOString().slice(0, 10);
      expect(middleDay(day, day)).toBe(day);
      expect(middleDay(day, twoLater)).toBe(between);
    }
  });
});

describe("durationMonths", () => {
  const bounds = (edtf: string) => parseEdtf(edtf);

  it("is null when the start is unknown, or the end is unknown and not open", () => {
    expect(durationMonths(null, bounds("2020"), false, "2026-01-01")).toBeNull();
    expect(durationMonths(null, null, true, "2026-01-01")).toBeNull();
    expect(durationMonths(bounds("2020"), null, false, "2026-01-01")).toBeNull();
  });

  it.each([
    ["2010-03-10", "2012-03-09", 23], // exact days: one short of two years
    ["2010-03-10", "2012-03-10", 24],
    ["2016~", "2023~", 84], // "almost seven years", taken at the middle of each
    ["2019", "2023~", 48],
    ["2020-01", "2020-12", 11],
    ["2020?", "2021?", 12], // uncertain dates are not widened
  ])("from %s to %s is %i months", (start, end, months) => {
    expect(durationMonths(bounds(start), bounds(end), false, "2026-01-01")).toBe(months);
  });

  it("runs an open end to today", () => {
    expect(durationMonths(bounds("2023"), null, true, "2026-11-26")).toBe(40); // 2023-07-02 → 2026-11-26
    expect(durationMonths(bounds("2020-01-15"), null, true, "2020-03-14")).toBe(1);
  });

  it("is never negative, even for a start after today", () => {
    expect(durationMonths(bounds("2099"), null, true, "2026-11-26")).toBe(0);
  });
});

describe("isIsoDay", () => {
  it.each([
    ["2024-02-29", true],
    ["0001-01-01", true],
    ["9999-12-31", true],
    ["2023-02-29", false],
    ["0000-01-01", false],
    ["2024-2-29", false],
    ["2024-02-29T00:00", false],
    ["infinity", false],
  ])("%s: %s", (text, expected) => {
    expect(isIsoDay(text)).toBe(expected);
  });
});
