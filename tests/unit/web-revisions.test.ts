/**
 * The explorer's pure parts about a source's corrections, without a browser: which revision a
 * reader's address asks for, where a quote's words stand (an ORPHANED quote's in an earlier
 * body), which quotes are drawn on which body, how anchors, reviews and days are put in words,
 * and which review statuses a dashboard address filters by.
 */
import { describeDay, evidenceAddress, fuzzyLabel, quoteAddress, quotesDrawnIn, readerAddress, reviewBadge, revisionAsked } from "../../web/src/source-revisions";
import { reviewsAsked } from "../../web/src/review-filter";
import { type AnchorStatus } from "../../web/src/types";

describe("revisionAsked", () => {
  it("reads a whole number from 1, and the current revision when there is none", () => {
    expect(revisionAsked(new URLSearchParams("revision=1"))).toEqual({ revision: 1, invalid: null });
    expect(revisionAsked(new URLSearchParams("revision=12"))).toEqual({ revision: 12, invalid: null });
    expect(revisionAsked(new URLSearchParams(""))).toEqual({ revision: null, invalid: null });
    expect(revisionAsked(new URLSearchParams("revision="))).toEqual({ revision: null, invalid: null });
  });

  it("says which value it ignores when the address holds something else", () => {
    for (const value of ["0", "-1", "1.5", "01", "two", "1e3", "1234567890"]) {
      expect(revisionAsked(new URLSearchParams({ revision: value }))).toEqual({ revision: null, invalid: value });
    }
  });
});

describe("readerAddress and quoteAddress", () => {
  const span = { start: 10, end: 42 };

  it("leaves the query out for the current text, so that its address outlives a correction", () => {
    expect(readerAddress("an-essay", null)).toBe("/sources/an-essay");
    expect(readerAddress("an-essay", null, span)).toBe("/sources/an-essay#q=10-42");
    expect(readerAddress("an-essay", 1, span)).toBe("/sources/an-essay?revision=1#q=10-42");
  });

  it("points an ORPHANED quote at the revision its span indexes, every other one at the current text", () => {
    expect(quoteAddress("an-essay", { span, anchor: { status: "ORPHANED", revision: 1 } })).toBe("/sources/an-essay?revision=1#q=10-42");
    for (const status of ["EXACT", "SHIFTED", "FUZZY"] as const) {
      expect(quoteAddress("an-essay", { span, anchor: { status, revision: 3 } })).toBe("/sources/an-essay#q=10-42");
    }
  });

  it("points an ORPHANED step's evidence at the revision its span indexes, every other one at the current text", () => {
    const evidence = { span, revision: 1, source: { slug: "an-essay" } };
    expect(evidenceAddress({ anchor: { status: "ORPHANED" }, evidence })).toBe("/sources/an-essay?revision=1#q=10-42");
    expect(evidenceAddress({ anchor: { status: "SHIFTED" }, evidence: { ...evidence, revision: 2 } })).toBe("/sources/an-essay#q=10-42");
    expect(evidenceAddress({ anchor: null, evidence: null })).toBeUndefined();
  });
});

describe("quotesDrawnIn", () => {
  const quote = (id: string, status: AnchorStatus, revision: number) => ({ id, anchor: { status, revision } });
  const current = [quote("exact", "EXACT", 3), quote("fuzzy", "FUZZY", 3), quote("shifted", "SHIFTED", 3)];
  const orphans = [quote("left-in-1", "ORPHANED", 1), quote("left-in-2", "ORPHANED", 2), quote("also-in-1", "ORPHANED", 1)];
  const ids = (quotes: Array<{ id: string }>) => quotes.map((it) => it.id);

  it("draws the current quotes on the current body, and no orphan", () => {
    expect(ids(quotesDrawnIn(3, 3, current, orphans))).toEqual(["exact", "fuzzy", "shifted"]);
  });

  it("draws on an earlier body only the orphans whose span indexes it", () => {
    expect(ids(quotesDrawnIn(1, 3, current, orphans))).toEqual(["left-in-1", "also-in-1"]);
    expect(ids(quotesDrawnIn(2, 3, current, orphans))).toEqual(["left-in-2"]);
  });
});

describe("words", () => {
  it("labels a FUZZY quote with the words it had, or says it changed when they are unknown", () => {
    expect(fuzzyLabel("and morale.")).toBe("changed a little: was “and morale.”");
    expect(fuzzyLabel(null)).toBe("changed a little by a correction");
  });

  it("gives a review a badge only once an editor has said something", () => {
    expect(reviewBadge("UNREVIEWED")).toBeNull();
    expect(reviewBadge("CONFIRMED")).toBe("confirmed");
    expect(reviewBadge("DISPUTED")).toBe("disputed");
  });

  it("says an instant's day in UTC, whatever the reader's time zone", () => {
    expect(describeDay("2026-05-03T23:30:00.000Z")).toBe("3 May 2026");
    expect(describeDay("2025-12-31T00:00:00+02:00")).toBe("30 December 2025");
    expect(describeDay("not a date")).toBe("not a date");
  });
});

describe("reviewsAsked", () => {
  it("reads the address's review statuses, each once, in a fixed order", () => {
    expect(reviewsAsked(new URLSearchParams("review=disputed&review=confirmed&review=disputed"))).toEqual(["CONFIRMED", "DISPUTED"]);
    expect(reviewsAsked(new URLSearchParams("topic=hiring"))).toEqual([]);
  });

  it("leaves out a value edited into something else rather than send it", () => {
    expect(reviewsAsked(new URLSearchParams("review=CONFIRMED&review=approved&review=unreviewed"))).toEqual(["UNREVIEWED"]);
  });
});
