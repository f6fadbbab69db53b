/**
 * domain/re-anchor.ts against a corpus of corrections: each case is an old body, a new body,
 * the spans (written as a quoted text and which occurrence of it in the old body) and what
 * must become of every one of them.
 */
import {
  type AnchorStatus,
  MIN_FUZZY_SIMILARITY,
  reanchor,
  type Reanchored,
  type ReanchorOptions,
  type SpanToReanchor,
} from "../../src/domain/re-anchor";

/** The code-point span of the `occurrence`-th (1-based) `text` in `body`. */
function spanOf(body: string, text: string, occurrence = 1): SpanToReanchor {
  let unit = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    unit = body.indexOf(text, unit + 1);
    if (unit < 0) throw new Error(`${JSON.stringify(text)} does not occur ${occurrence} time(s) in the body`);
  }
  const start = [...body.slice(0, unit)].length;
  return { start, end: start + [...text].length };
}

function textAt(body: string, { start, end }: SpanToReanchor): string {
  return [...body].slice(start, end).join("");
}

/** What must become of one span. */
interface Expected {
  /** The span's text in the old body, and which occurrence of it (1 by default). */
  quote: string;
  occurrence?: number;
  status: AnchorStatus;
  /** FUZZY: the new text. */
  text?: string;
  /** SHIFTED and FUZZY: which occurrence of the new text in the new body it lands on (1 by default). */
  landsOn?: number;
}

interface Correction {
  name: string;
  before: string;
  after: string;
  spans: Expected[];
  options?: ReanchorOptions;
}

const nfc = (text: string): string => text.normalize("NFC");
const paragraphs = (...parts: string[]): string => nfc(parts.join("\n\n"));

const INTRO =
  "This is an as-told-to essay based on a conversation with Ana Ruiz, a staff engineer at Northwind. It has been edited for length and clarity.";
const CONTOSO =
  "I was working at Contoso for almost seven years and was looking for a change in general. Contoso was a big company, and it was handling millions of users already.";
const LAUNCH =
  "When the product launched, engineers were in awe. I was fascinated by the product itself, and I wanted to be part of building it.";
const PEOPLE =
  "You're always working with smart people here. You're contributing while also learning from different people, so there's exponential growth in your career.";
const ADVICE =
  "My advice: build up the right work experience before you chase a title. That is what made the difference for me.";
const ESSAY = paragraphs(INTRO, CONTOSO, LAUNCH, PEOPLE, ADVICE);

const WORKING = "I was working at Contoso for almost seven years";
const FASCINATED = "I was fascinated by the product itself";
const CONTRIBUTING = "You're contributing while also learning from different people";
const BUILD_UP = "build up the right work experience before you chase a title";

/** The four quotes of the essay, all of them expected with one status. */
const allFour = (status: AnchorStatus): Expected[] =>
  [WORKING, FASCINATED, CONTRIBUTING, BUILD_UP].map((quote) => ({ quote, status }));

const CORPUS: Correction[] = [
  {
    name: "a typo fixed inside a quote: FUZZY, the rest EXACT (same length)",
    before: ESSAY.replace("learning from", "learnign from"),
    after: ESSAY,
    spans: [
      { quote: WORKING, status: "EXACT" },
      { quote: FASCINATED, status: "EXACT" },
      { quote: CONTRIBUTING.replace("learning", "learnign"), status: "FUZZY", text: CONTRIBUTING },
      { quote: BUILD_UP, status: "EXACT" },
    ],
  },
  {
    name: "a typo fixed inside a quote, changing its length: FUZZY, the quotes after it SHIFTED",
    before: ESSAY.replace("fascinated by", "facinated by"),
    after: ESSAY,
    spans: [
      { quote: WORKING, status: "EXACT" },
      { quote: FASCINATED.replace("fascinated", "facinated"), status: "FUZZY", text: FASCINATED },
      { quote: CONTRIBUTING, status: "SHIFTED" },
      { quote: BUILD_UP, status: "SHIFTED" },
    ],
  },
  {
    name: "a typo fixed outside the quotes, same length: all EXACT",
    before: ESSAY.replace("smart people here", "smart peolpe here"),
    after: ESSAY,
    spans: allFour("EXACT"),
  },
  {
    name: "a typo fixed outside the quotes, one letter added: EXACT before it, SHIFTED after it",
    before: ESSAY.replace("a big company", "a big compay"),
    after: ESSAY,
    spans: [
      { quote: WORKING, status: "EXACT" },
      { quote: FASCINATED, status: "SHIFTED" },
      { quote: CONTRIBUTING, status: "SHIFTED" },
      { quote: BUILD_UP, status: "SHIFTED" },
    ],
  },
  {
    name: "a paragraph inserted before the quotes: all SHIFTED",
    before: ESSAY,
    after: paragraphs(INTRO, "Northwind makes routing software for delivery fleets.", CONTOSO, LAUNCH, PEOPLE, ADVICE),
    spans: allFour("SHIFTED"),
  },
  {
    name: "a paragraph deleted with its quote: that one ORPHANED, the one after SHIFTED, the one before EXACT",
    before: ESSAY,
    after: paragraphs(INTRO, CONTOSO, PEOPLE, ADVICE),
    spans: [
      { quote: WORKING, status: "EXACT" },
      { quote: FASCINATED, status: "ORPHANED" },
      { quote: CONTRIBUTING, status: "SHIFTED" },
      { quote: BUILD_UP, status: "SHIFTED" },
    ],
  },
  {
    name: "a paragraph deleted with its quote whose words also stand, unquoted, elsewhere: ORPHANED, not moved onto the copy",
    before: paragraphs(INTRO, CONTOSO, LAUNCH, PEOPLE, `${ADVICE} As I said, I was fascinated by the product itself.`),
    after: paragraphs(INTRO, CONTOSO, PEOPLE, `${ADVICE} As I said, I was fascinated by the product itself.`),
    spans: [
      { quote: FASCINATED, occurrence: 1, status: "ORPHANED" },
      { quote: CONTRIBUTING, status: "SHIFTED" },
    ],
  },
  {
    name: "a sentence moved to another paragraph: SHIFTED",
    before: ESSAY,
    after: paragraphs(
      INTRO,
      CONTOSO,
      "When the product launched, engineers were in awe.",
      `${PEOPLE} I was fascinated by the product itself, and I wanted to be part of building it.`,
      ADVICE,
    ),
    // The sentence left one paragraph and joined a later one: the text in between moved back,
    // the text after it (ADVICE) stayed where it was.
    spans: [
      { quote: WORKING, status: "EXACT" },
      { quote: FASCINATED, status: "SHIFTED" },
      { quote: CONTRIBUTING, status: "SHIFTED" },
      { quote: BUILD_UP, status: "EXACT" },
    ],
  },
  {
    name: "doubled spaces and a line break inside long quotes: FUZZY",
    before: ESSAY.replace("contributing while", "contributing  while").replace("right work experience", "right work\nexperience"),
    after: ESSAY,
    spans: [
      { quote: WORKING, status: "EXACT" },
      { quote: FASCINATED, status: "EXACT" },
      { quote: CONTRIBUTING.replace("contributing while", "contributing  while"), status: "FUZZY", text: CONTRIBUTING },
      { quote: BUILD_UP.replace("work experience", "work\nexperience"), status: "FUZZY", text: BUILD_UP },
    ],
  },
  {
    name: "doubled spaces and line breaks outside the quotes: EXACT before them, SHIFTED after them",
    before: ESSAY.replace("in general. Contoso", "in general.  Contoso").replace("I was fascinated", "\nI was fascinated"),
    after: ESSAY,
    spans: [
      { quote: WORKING, status: "EXACT" },
      { quote: FASCINATED, status: "SHIFTED" },
      { quote: CONTRIBUTING, status: "SHIFTED" },
      { quote: BUILD_UP, status: "SHIFTED" },
    ],
  },
  {
    name: "straight quotes made curly and a dash changed inside long quotes: FUZZY",
    before: paragraphs(CONTOSO, 'He said "build up the right work experience -- then chase a title" and left.', PEOPLE),
    after: paragraphs(CONTOSO, "He said \u201cbuild up the right work experience \u2014 then chase a title\u201d and left.", PEOPLE.replace("You're contributing", "You\u2019re contributing")),
    spans: [
      { quote: WORKING, status: "EXACT" },
      {
        quote: '"build up the right work experience -- then chase a title"',
        status: "FUZZY",
        text: "\u201cbuild up the right work experience \u2014 then chase a title\u201d",
      },
      { quote: CONTRIBUTING, status: "FUZZY", text: CONTRIBUTING.replace("You're", "You\u2019re") },
    ],
  },
  {
    name: "curly quotes (same length) and a dash (shorter) changed outside the quotes: EXACT, then SHIFTED",
    before: paragraphs(CONTOSO, "That's what she -- the manager -- said.", LAUNCH, PEOPLE),
    after: paragraphs(CONTOSO, "That\u2019s what she \u2014 the manager \u2014 said.", LAUNCH, PEOPLE),
    spans: [
      { quote: WORKING, status: "EXACT" },
      { quote: FASCINATED, status: "SHIFTED" },
      { quote: CONTRIBUTING, status: "SHIFTED" },
    ],
  },
  {
    name: "a quote's words now also stand later in the body: context keeps it in place (EXACT)",
    before: ESSAY,
    after: paragraphs(INTRO, CONTOSO, LAUNCH, PEOPLE, ADVICE, "People still quote her: I was fascinated by the product itself. It stuck."),
    spans: allFour("EXACT"),
  },
  {
    name: "a quote's words now also stand earlier in the body: context picks the right one (SHIFTED)",
    before: ESSAY,
    after: paragraphs(INTRO, "Her motto: I was fascinated by the product itself. It stuck.", CONTOSO, LAUNCH, PEOPLE, ADVICE),
    spans: [
      { quote: WORKING, status: "SHIFTED" },
      { quote: FASCINATED, status: "SHIFTED", landsOn: 2 },
      { quote: CONTRIBUTING, status: "SHIFTED" },
    ],
  },
  {
    name: "a paragraph pasted twice: context cannot tell the copies apart, ORPHANED",
    before: ESSAY,
    after: paragraphs(INTRO, CONTOSO, LAUNCH, LAUNCH, PEOPLE, ADVICE),
    spans: [
      { quote: WORKING, status: "EXACT" },
      { quote: FASCINATED, status: "ORPHANED" },
      { quote: CONTRIBUTING, status: "SHIFTED" },
    ],
  },
  {
    name: "a paragraph pasted twice with a typo fixed in it: two places alike, ORPHANED",
    before: paragraphs(INTRO, CONTOSO, LAUNCH.replace("the product itself", "teh product itself"), PEOPLE),
    after: paragraphs(INTRO, CONTOSO, LAUNCH, LAUNCH, PEOPLE),
    spans: [
      { quote: FASCINATED.replace("the product", "teh product"), status: "ORPHANED" },
      { quote: CONTRIBUTING, status: "SHIFTED" },
    ],
  },
  {
    name: "a sentence moved to the end with its apostrophe made curly: FUZZY, found far from where it was",
    before: ESSAY,
    after: paragraphs(
      INTRO,
      CONTOSO,
      LAUNCH,
      "You're always working with smart people here.",
      ADVICE,
      "You\u2019re contributing while also learning from different people, so there's exponential growth in your career.",
    ),
    spans: [
      { quote: WORKING, status: "EXACT" },
      { quote: CONTRIBUTING, status: "FUZZY", text: CONTRIBUTING.replace("You're", "You\u2019re") },
      { quote: BUILD_UP, status: "SHIFTED" },
    ],
  },
  {
    name: "a short quote (under 30 code points) whose text changed: ORPHANED, never FUZZY",
    before: ESSAY,
    after: ESSAY.replace("engineers were in awe", "engineers were amazed"),
    spans: [
      { quote: "engineers were in awe", status: "ORPHANED" },
      { quote: FASCINATED, status: "EXACT" },
    ],
  },
  {
    name: "a quote reworded too much: ORPHANED",
    before: ESSAY,
    after: ESSAY.replace(BUILD_UP, "get the experience first, titles come later"),
    spans: [
      { quote: BUILD_UP, status: "ORPHANED" },
      { quote: CONTRIBUTING, status: "EXACT" },
    ],
  },
  {
    name: "an editor's note removed before the quotes: all SHIFTED",
    before: nfc(`[Editor's note: this interview was translated from Spanish.]\n\n${ESSAY}`),
    after: ESSAY,
    spans: allFour("SHIFTED"),
  },
  {
    name: "emoji, astral letters and combining marks before and inside spans: code-point offsets",
    before: paragraphs(
      "Notes \u{1F600} from the caf\u0065\u0301.",
      "She wrote \u{1D538}\u{1D539} on the board: na\u0071\u0303 \u{1F44D}\u{1F3FD} is where we met, and we never left it again.",
    ),
    after: paragraphs(
      "\u{1F680}\u{1F680} Notes \u{1F600} from the caf\u0065\u0301 (Lisbon).",
      "She wrote \u{1D538}\u{1D539} on the board: na\u0071\u0303 \u{1F44D}\u{1F3FD} is where we met, and we have never left it again.",
    ),
    spans: [
      { quote: "\u{1D538}\u{1D539} on the board", status: "SHIFTED" },
      {
        quote: "na\u0071\u0303 \u{1F44D}\u{1F3FD} is where we met, and we never left it again.",
        status: "FUZZY",
        text: "na\u0071\u0303 \u{1F44D}\u{1F3FD} is where we met, and we have never left it again.",
      },
    ],
  },
  {
    name: "two quotes, one on a duplicated paragraph with a typo, that now land on one span: distinctSpans keeps the verbatim one",
    before: paragraphs(CONTOSO, LAUNCH, LAUNCH.replace("the product itself", "teh product itself"), PEOPLE),
    after: paragraphs(CONTOSO, LAUNCH, PEOPLE),
    spans: [
      { quote: FASCINATED, status: "EXACT" },
      { quote: FASCINATED.replace("the product", "teh product"), status: "ORPHANED" },
    ],
    options: { distinctSpans: true },
  },
  {
    name: "the same two quotes without distinctSpans: both land on the span",
    before: paragraphs(CONTOSO, LAUNCH, LAUNCH.replace("the product itself", "teh product itself"), PEOPLE),
    after: paragraphs(CONTOSO, LAUNCH, PEOPLE),
    spans: [
      { quote: FASCINATED, status: "EXACT" },
      { quote: FASCINATED.replace("the product", "teh product"), status: "FUZZY", text: FASCINATED },
    ],
  },
  {
    name: "two quotes on one span with distinctSpans: evidence alike, both ORPHANED",
    before: ESSAY,
    after: paragraphs(INTRO, "A new paragraph.", CONTOSO, LAUNCH, PEOPLE, ADVICE),
    spans: [
      { quote: FASCINATED, status: "ORPHANED" },
      { quote: FASCINATED, status: "ORPHANED" },
      { quote: CONTRIBUTING, status: "SHIFTED" },
    ],
    options: { distinctSpans: true },
  },
];

describe("reanchor: a corpus of corrections", () => {
  it.each(CORPUS)("$name", ({ before, after, spans, options }) => {
    expect(before).toBe(nfc(before));
    expect(after).toBe(nfc(after));
    const oldSpans = spans.map(({ quote, occurrence }) => spanOf(before, quote, occurrence));
    const results = reanchor(before, after, oldSpans, options);
    expect(results).toHaveLength(spans.length);
    results.forEach((result, index) => {
      const expected = spans[index]!;
      expectResult(result, expected, oldSpans[index]!, after);
    });
  });
});

function expectResult(result: Reanchored, expected: Expected, oldSpan: SpanToReanchor, after: string): void {
  const where = `${expected.status} ${JSON.stringify(expected.quote)}`;
  expect({ where, status: result.status }).toEqual({ where, status: expected.status });
  if (result.status === "ORPHANED") {
    expect(result).toEqual({ status: "ORPHANED", score: 0, ...oldSpan, text: expected.quote, previousText: null });
    return;
  }
  // The promise every found span keeps: its text is the new body's, counted in code points.
  expect(textAt(after, result)).toBe(result.text);
  const newText = expected.text ?? expected.quote;
  const newSpan = result.status === "EXACT" ? oldSpan : spanOf(after, newText, expected.landsOn);
  expect({ start: result.start, end: result.end, text: result.text }).toEqual({ ...newSpan, text: newText });
  if (result.status === "FUZZY") {
    expect(result.previousText).toBe(expected.quote);
    expect(result.score).toBeGreaterThan(MIN_FUZZY_SIMILARITY);
    expect(result.score).toBeLessThan(1);
  } else {
    expect(result.score).toBe(1);
    expect(result.previousText).toBeNull();
  }
  if (result.status === "SHIFTED") expect(result.start).not.toBe(oldSpan.start);
}

describe("reanchor", () => {
  it("finds everything EXACT when the body did not change", () => {
    const spans = [WORKING, FASCINATED, CONTRIBUTING, BUILD_UP, "a"].map((quote) => spanOf(ESSAY, quote));
    const results = reanchor(ESSAY, ESSAY, spans);
    expect(results.map(({ status }) => status)).toEqual(["EXACT", "EXACT", "EXACT", "EXACT", "EXACT"]);
    results.forEach((result, index) => expect(result).toMatchObject({ ...spans[index], score: 1, previousText: null }));
  });

  it("orphans an empty span once the body changed: there is no text to find again", () => {
    const results = reanchor(ESSAY, `${ESSAY}!`, [{ start: 10, end: 10 }]);
    expect(results).toEqual([{ status: "ORPHANED", score: 0, start: 10, end: 10, text: "", previousText: null }]);
  });

  it("rejects a span outside the old body", () => {
    expect(() => reanchor("abc", "abcd", [{ start: 2, end: 4 }])).toThrow(RangeError);
  });

  it("never splits a grapheme cluster: a FUZZY span that would end inside one is snapped", () => {
    // The old span ends between q and its combining tilde (a legacy span); the text changed inside.
    const before = nfc("Intro.\n\nThe people of the village called the dish naq\u0303 for years, then forgot.");
    const after = nfc("Intro.\n\nThe people of the village called that dish naq\u0303 for years, then forgot.");
    const start = spanOf(before, "The people").start;
    const end = spanOf(before, "naq").end; // after q, before U+0303
    const [result] = reanchor(before, after, [{ start, end }]);
    expect(result!.status).toBe("FUZZY");
    const boundaries = graphemeBoundaries(after);
    expect(boundaries.has(result!.start)).toBe(true);
    expect(boundaries.has(result!.end)).toBe(true);
    expect(textAt(after, result!)).toBe(result!.text);
    expect(result!.text.startsWith("The people")).toBe(true);
  });

  it("does not give a FUZZY text white space at its ends that the old text did not have", () => {
    // The dash that began the quote became a space: matching the space for the dash costs as
    // much as dropping the dash, and the search prefers the longer match, space included.
    const before = nfc("Her advice was clear.\n\nShe said\u2014build up the right work experience before you chase a title.");
    const after = nfc("Her advice was clear.\n\nShe said build up the right work experience before you chase a title.");
    const quote = "\u2014build up the right work experience before you chase a title";
    const [result] = reanchor(before, after, [spanOf(before, quote)]);
    expect(result).toMatchObject({ status: "FUZZY", ...spanOf(after, BUILD_UP), text: BUILD_UP, previousText: quote });
  });
});

/** Code-point offsets where grapheme clusters start, and the end. */
function graphemeBoundaries(body: string): Set<number> {
  const boundaries = new Set<number>([[...body].length]);
  for (const { index } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(body)) {
    boundaries.add([...body.slice(0, index)].length);
  }
  return boundaries;
}
