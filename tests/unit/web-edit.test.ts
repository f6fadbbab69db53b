/**
 * The editor's workspace without a browser: a draft made by selecting words becomes a bundle that
 * the importer's own anchoring (prepareBundle, what importInterview runs) places at exactly the
 * spans selected, repeated words and text outside the BMP included; a bundle opens back into the
 * same draft; the server's problems are placed on the quote, step or field they name; dates are
 * checked with the gateway's rules and said in words.
 */
import { prepareBundle } from "../../src/content/prepare-bundle";
import { ProblemList } from "../../src/domain/problems";
import { boundsInWords, checkDate, orderProblem } from "../../web/src/edit/dates";
import { bundleOf, type Draft, draftOf, emptyDraft, headingAt, normaliseText, occurrenceOf, proposeSlug, rangeOf, sectionOf, trimRange, unitOffset, withHeading } from "../../web/src/edit/draft";
import { placeProblems, placeWarnings } from "../../web/src/edit/problems";
import { markedPieces } from "../../web/src/edit/marks";

const BODY = normaliseText(
  [
    "An interview, as told to the editor.",
    "",
    "Early days",
    "",
    "I joined Acme in 2015. I joined Acme again in 2019, and it felt like coming home. 🚀 Shipping mattered.",
    "",
    "Later",
    "",
    "Shipping mattered. I left Acme in 2021 for Beta Labs, where I still work.",
  ].join("\r\n"),
);

let keys = 0;
const newKey = () => `k${(keys += 1)}`;

/** A draft with quotes and steps made by selecting ranges of BODY (UTF-16 offsets, as the text box gives them). */
function draftWith(selections: { quotes: string[][]; steps: Array<{ words: string; occurrence: number }> }): Draft {
  const draft = emptyDraft();
  draft.source = { ...draft.source, slug: "an-interview", title: "An interview", kind: "INTERVIEW", body: BODY, narrator: "ann-editor", sections: ["Early days", "Later"] };
  draft.people = [{ slug: "ann-editor", name: "Ann Editor" }];
  draft.companies = [{ slug: "acme", name: "Acme" }];
  draft.topics = [{ slug: "shipping", name: "Shipping" }];
  draft.quotes = selections.quotes.map(([words = "", occurrence = "1"]) => {
    const range = rangeOf(BODY, words, Number(occurrence));
    if (!range) throw new Error(`no ${words}`);
    return { key: newKey(), ...range, speaker: "ann-editor", topics: ["shipping"], companies: [] };
  });
  draft.steps = selections.steps.map(({ words, occurrence }) => {
    const evidence = rangeOf(BODY, words, occurrence);
    if (!evidence) throw new Error(`no ${words} ${occurrence}`);
    return { key: newKey(), evidence, person: "ann-editor", company: "acme", title: "Engineer", start: "2015", end: "2021~" };
  });
  return draft;
}

/** Code-point offsets of a UTF-16 range (the importer's spans count code points). */
const codePoints = (units: number) => [...BODY.slice(0, units)].length;

describe("a draft's bundle", () => {
  it("is anchored by the importer at exactly the words selected: repeated words by their occurrence, after an emoji", async () => {
    const draft = draftWith({
      quotes: [
        ["Shipping mattered.", "2"],
        ["Shipping mattered.", "1"],
        ["I joined Acme", "2"],
        ["it felt like coming home. 🚀 Shipping", "1"],
      ],
      steps: [
        { words: "I joined Acme in 2015.", occurrence: 1 },
        { words: "Acme", occurrence: 3 },
      ],
    });
    const bundle = bundleOf(draft);
    const problems = new ProblemList("draft");
    const prepared = await prepareBundle(JSON.parse(JSON.stringify(bundle)), null, problems);
    expect(problems.errors).toEqual([]);
    expect(prepared?.quotes.map((quote) => [quote.start, quote.end])).toEqual(draft.quotes.map((quote) => [codePoints(quote.start), codePoints(quote.end)]));
    expect(prepared?.careerSteps.map((step) => [step.evidence?.start, step.evidence?.end])).toEqual(draft.steps.map((step) => [codePoints(step.evidence?.start ?? 0), codePoints(step.evidence?.end ?? 0)]));
    // Words that stand once carry no occurrence; words that stand several times carry theirs.
    expect((bundle.quotes as Array<{ occurrence?: number }>).map((quote) => quote.occurrence)).toEqual([2, 1, 2, undefined]);
    // Only what the draft names is declared: a person made and then let go of is not created.
    expect(bundleOf({ ...draft, people: [...draft.people, { slug: "let-go", name: "Let Go" }] }).people).toEqual(bundle.people);
    // The section is the importer's: the last heading before the quote.
    expect(prepared?.quotes.map((quote) => quote.section)).toEqual(draft.quotes.map((quote) => sectionOf(draft, quote)));
  });

  it("opens back into the same draft, and refuses a bundle whose words are not in its text, saying where", () => {
    const draft = draftWith({ quotes: [["Shipping mattered.", "2"]], steps: [{ words: "I left Acme in 2021", occurrence: 1 }] });
    const reopened = draftOf(JSON.parse(JSON.stringify(bundleOf(draft))), newKey);
    expect(bundleOf(reopened)).toEqual(bundleOf(draft));
    expect(reopened.quotes[0]).toMatchObject({ start: draft.quotes[0]?.start, end: draft.quotes[0]?.end });
    const broken = bundleOf(draft) as { quotes: Array<{ text: string }> };
    broken.quotes[0] = { ...broken.quotes[0], text: "Never said." };
    expect(() => draftOf(broken, newKey)).toThrow("quotes[0].text: not found in the text");
    expect(() => draftOf({ source: { bodyFile: "x.txt" } }, newKey)).toThrow(/^source\.bodyFile/);
  });
});

describe("selections", () => {
  it("lose the white space at their ends, and count their occurrences as the importer does (overlapping)", () => {
    expect(trimRange(BODY, { start: 0, end: 3 })).toEqual({ start: 0, end: 2 });
    expect(trimRange("a  b", { start: 1, end: 3 })).toBeNull();
    expect(occurrenceOf("aaaa", { start: 1, end: 3 })).toEqual({ occurrence: 2, of: 3 });
    expect(rangeOf("aaaa", "aa", 3)).toEqual({ start: 2, end: 4 });
    expect(rangeOf("aaaa", "aa", 4)).toBeNull();
  });

  it("make a heading of a whole line only, kept in the text's order", () => {
    const later = rangeOf(BODY, "Later") ?? { start: 0, end: 0 };
    expect(headingAt(BODY, later)).toBe("Later");
    expect(headingAt(BODY, { start: later.start + 1, end: later.end })).toBe("Later");
    expect(headingAt(BODY, { start: 0, end: 40 })).toBeNull();
    expect(withHeading(BODY, ["Later"], "Early days")).toEqual(["Early days", "Later"]);
  });

  it("propose slugs the API takes", () => {
    expect(proposeSlug("Zoë O’Brien-Smith, Jr.")).toBe("zoe-o-brien-smith-jr");
    expect(proposeSlug("  ")).toBe("");
  });

  it("are drawn as marks over the words they cover, overlaps cut into pieces", () => {
    expect(markedPieces("abcdef", [{ start: 1, end: 4, kind: "quote" }, { start: 3, end: 5, kind: "step" }])).toEqual([
      { text: "a", kinds: [] },
      { text: "bc", kinds: ["quote"] },
      { text: "d", kinds: ["quote", "step"] },
      { text: "e", kinds: ["step"] },
      { text: "f", kinds: [] },
    ]);
  });

  it("of a published source turn its code-point spans into the text box's offsets", () => {
    const body = "a🚀b";
    expect(unitOffset(body, 2)).toBe(3);
    expect(unitOffset(body, 3)).toBe(4);
  });
});

describe("the server's problems", () => {
  it("are placed on the quote, step, field or declared item they name; what names nothing stays with the draft", () => {
    const draft = draftWith({ quotes: [["Shipping mattered.", "1"], ["I joined Acme", "1"]], steps: [{ words: "I left Acme in 2021", occurrence: 1 }] });
    const placed = placeProblems(draft, [
      { argumentPath: "bundle.quotes[1].speaker", message: 'bundle.quotes[1].speaker: unknown person "x"' },
      { argumentPath: "bundle.careerSteps[0].end", message: "bundle.careerSteps[0].end: ends before it starts" },
      { argumentPath: "bundle.source.publishedOn", message: "bundle.source.publishedOn: expected YYYY" },
      { argumentPath: "bundle.source.sections[1]", message: "bundle.source.sections[1]: heading not found" },
      { argumentPath: "bundle.topics[0].name", message: "bundle.topics[0].name: a name is blank" },
      { argumentPath: "bundle.quotes[7].text", message: "bundle.quotes[7].text: gone" },
    ]);
    expect(placed).toEqual([
      { place: { kind: "quote", key: draft.quotes[1]?.key }, field: "speaker", message: 'unknown person "x"', severity: "error" },
      { place: { kind: "step", key: draft.steps[0]?.key }, field: "end", message: "ends before it starts", severity: "error" },
      { place: { kind: "source", field: "publishedOn" }, field: "publishedOn", message: "expected YYYY", severity: "error" },
      { place: { kind: "source", field: "sections" }, field: "sections", message: "heading not found", severity: "error" },
      { place: { kind: "declared", list: "topics", slug: "shipping" }, field: "name", message: "a name is blank", severity: "error" },
      { place: { kind: "draft" }, field: "", message: "bundle.quotes[7].text: gone", severity: "error" },
    ]);
    expect(placeWarnings(draft, ["bundle.quotes[0].text: matched after folding"])).toEqual([
      { place: { kind: "quote", key: draft.quotes[0]?.key }, field: "text", message: "matched after folding", severity: "warning" },
    ]);
  });
});

describe("dates", () => {
  it("are checked with the gateway's rules, bounds said in words", () => {
    expect(checkDate("2016~", { open: false })).toMatchObject({ kind: "date", words: "2015-01-01 to 2017-12-31, approximate" });
    expect(checkDate("2023-02-14", { open: false }).words).toBe("2023-02-14");
    expect(checkDate("2019?", { open: false }).words).toBe("2019-01-01 to 2019-12-31, uncertain");
    expect(checkDate("", { open: false }).kind).toBe("unknown");
    expect(checkDate("..", { open: true }).kind).toBe("open");
    expect(checkDate("..", { open: false }).kind).toBe("error");
    expect(checkDate("2023-02-29", { open: false }).kind).toBe("error");
    expect(checkDate("201X", { open: false })).toMatchObject({ kind: "error" });
    expect(orderProblem(checkDate("2020", { open: false }), checkDate("2019", { open: true }))).toBe("ends (2019) before it starts (2020)");
    const value = checkDate("2016-05%", { open: false });
    if (value.kind !== "date") throw new Error("not a date");
    expect(boundsInWords(value.value)).toContain("approximate and uncertain");
  });
});
