/**
 * The company page's period, without a browser: what an address's `during` may be, how two year
 * fields become a period (or say what is wrong, so that nothing half typed is sent), the address
 * a choice makes, and the sentence an answer is put in.
 */
import { choiceOf, choiceQuery, describePeriod, formatDuring, parseDuring, periodBounds, periodOfFields, whoWasThere } from "../../web/src/period";

describe("parseDuring and formatDuring", () => {
  it("read the EDTF years and intervals the picker writes, and write them back the same", () => {
    for (const [text, period] of [
      ["2019", { from: 2019, to: 2019 }],
      ["2016/2019", { from: 2016, to: 2019 }],
      ["2023/..", { from: 2023, to: null }],
      ["../2019", { from: null, to: 2019 }],
    ] as const) {
      expect(parseDuring(text)).toEqual(period);
      expect(formatDuring(period)).toBe(text);
    }
    expect(formatDuring({ from: 2019, to: 2019 })).toBe("2019");
  });

  it("refuses what is not a period of years: half typed, reversed, all time, or another EDTF", () => {
    for (const text of ["", "201", "20190", "2019/", "/2019", "../..", "2019/2016", "2019-03", "2016~", "2016/2019/2020", "abcd", "2016 /2019x"]) {
      expect(parseDuring(text)).toBeNull();
    }
  });
});

describe("choiceOf and choiceQuery", () => {
  it("read the address's period and certainty, and write a readable address back", () => {
    const choice = choiceOf(new URLSearchParams("during=2016/2019&certainty=CERTAINLY"));
    expect(choice).toEqual({ period: { from: 2016, to: 2019 }, certainty: "CERTAINLY", ignored: null });
    expect(choiceQuery(choice)).toBe("?during=2016/2019&certainty=CERTAINLY");
    expect(choiceQuery({ period: { from: 2023, to: null }, certainty: "POSSIBLY" })).toBe("?during=2023/..");
    expect(choiceQuery({ period: null, certainty: "POSSIBLY" })).toBe("");
    // The slash may be escaped by whoever wrote the address: it reads the same.
    expect(choiceOf(new URLSearchParams("during=2016%2F2019")).period).toEqual({ from: 2016, to: 2019 });
  });

  it("ignores a period it cannot read (and says which), and any certainty but CERTAINLY", () => {
    expect(choiceOf(new URLSearchParams("during=2019/20&certainty=certainly"))).toEqual({ period: null, certainty: "POSSIBLY", ignored: "2019/20" });
    expect(choiceOf(new URLSearchParams(""))).toEqual({ period: null, certainty: "POSSIBLY", ignored: null });
  });
});

describe("periodOfFields", () => {
  it("makes a period of two year fields, an empty one open, both empty all time", () => {
    expect(periodOfFields("2016", "2019")).toEqual({ period: { from: 2016, to: 2019 } });
    expect(periodOfFields(" 2023 ", "")).toEqual({ period: { from: 2023, to: null } });
    expect(periodOfFields("", "2019")).toEqual({ period: { from: null, to: 2019 } });
    expect(periodOfFields("", "")).toEqual({ period: null });
  });

  it("says what is wrong with a year half typed or a period reversed", () => {
    expect(periodOfFields("201", "")).toEqual({ error: expect.stringMatching(/^“From” must be a year/) as unknown });
    expect(periodOfFields("2016", "19")).toEqual({ error: expect.stringMatching(/^“To” must be a year/) as unknown });
    expect(periodOfFields("2020", "2019")).toEqual({ error: "“From” must not come after “to”." });
  });
});

describe("periodBounds and describePeriod", () => {
  it("give a period's inclusive days and its words", () => {
    expect(periodBounds({ from: 2016, to: 2019 })).toEqual({ earliest: "2016-01-01", latest: "2019-12-31" });
    expect(periodBounds({ from: null, to: 2019 })).toEqual({ earliest: null, latest: "2019-12-31" });
    expect(describePeriod({ from: 2016, to: 2019 })).toBe("during 2016–2019");
    expect(describePeriod({ from: 2019, to: 2019 })).toBe("during 2019");
    expect(describePeriod({ from: 2023, to: null })).toBe("from 2023 on");
    expect(describePeriod({ from: null, to: 2019 })).toBe("until 2019");
    expect(describePeriod(null)).toBe("");
  });
});

describe("whoWasThere", () => {
  it("says in words who was there, and when nobody was", () => {
    expect(whoWasThere("OpenAI", 0, { from: 2022, to: 2022 }, "POSSIBLY")).toBe("Nobody known at OpenAI during 2022.");
    expect(whoWasThere("Twitter", 0, { from: 2016, to: 2016 }, "CERTAINLY")).toBe("Nobody known for certain at Twitter during 2016.");
    expect(whoWasThere("Twitter", 1, { from: 2016, to: 2019 }, "POSSIBLY")).toBe("1 person possibly at Twitter during 2016–2019.");
    expect(whoWasThere("Twitter", 2, { from: 2019, to: 2019 }, "CERTAINLY")).toBe("2 people certainly at Twitter during 2019.");
    expect(whoWasThere("Twitter", 2, null, "CERTAINLY")).toBe("2 people known at Twitter.");
    expect(whoWasThere("Acme", 0, null, "POSSIBLY")).toBe("Nobody known at Acme.");
  });
});
