/**
 * domain/re-anchor.ts on random bodies, spans and corrections: whatever the status, a result
 * never claims more than the new body holds.
 */
import fc from "fast-check";
import {
  type AnchorStatus,
  MIN_FUZZY_LENGTH,
  MIN_FUZZY_SIMILARITY,
  reanchor,
  type Reanchored,
  type SpanToReanchor,
} from "../../src/domain/re-anchor";
import { propertyRuns, writeReliabilityReport } from "../support/properties";

const { seed: SEED, runs: RUNS } = propertyRuns(300);
const PARAMETERS = { seed: SEED, numRuns: RUNS };

/** Statuses the random corrections produced: each must occur, or the property tests too little. */
const tally: Record<AnchorStatus, number> = { EXACT: 0, SHIFTED: 0, FUZZY: 0, ORPHANED: 0 };
afterAll(() => writeReliabilityReport("re-anchor-properties.json", { runs: RUNS, seed: SEED, ...tally }));

// Bodies mix repeated words (so texts recur and context has to decide), white space,
// punctuation, composed and combining characters, astral letters and emoji, and random
// words (so long passages are mostly unique).
const PIECES = [
  "the ", "quote ", "she ", "said ", "and ", "we ", "never ", "left ", ". ", ", ", " ", "  ", "\n", "\n\n",
  "e\u0301", "q\u0303", "n\u0303o", "\u{1F600}", "\u{1D538}\u{1D539}", "\u{1F44D}\u{1F3FD}", "\u2014", "\u201c", "\u2019",
];
const randomWord = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), minLength: 1, maxLength: 8 }).map((word) => `${word} `);
const piece = fc.oneof(fc.constantFrom(...PIECES), randomWord);
const pieces = (maxLength: number) => fc.array(piece, { minLength: 1, maxLength }).map((parts) => parts.join("").normalize("NFC"));

/** A correction: positions and lengths are taken modulo the body as it is when the edit applies. */
type Edit =
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete"; at: number; length: number }
  | { kind: "replace"; at: number; length: number; text: string }
  | { kind: "move"; at: number; length: number; to: number };

// Typos (one code point replaced) are the commonest correction, and the one that leads to FUZZY.
const typo = fc.oneof(fc.constantFrom(..."aeiouZ ,\u2019\u{1F600}"), fc.constantFrom(...PIECES));
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), length: fc.constant(1), text: typo }), weight: 6 },
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: pieces(4) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }), text: pieces(2) }),
  fc.record({ kind: fc.constant("move" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 60 }), to: fc.nat() }),
);

function applyEdit(body: string, change: Edit): string {
  const chars = [...body];
  const at = change.at % (chars.length + 1);
  const end = change.kind === "insert" ? at : Math.min(chars.length, at + change.length);
  switch (change.kind) {
    case "insert":
      chars.splice(at, 0, ...change.text);
      break;
    case "delete":
      chars.splice(at, end - at);
      break;
    case "replace":
      chars.splice(at, end - at, ...change.text);
      break;
    case "move": {
      const moved = chars.splice(at, end - at);
      chars.splice(change.to % (chars.length + 1), 0, ...moved);
      break;
    }
  }
  // Stored bodies are NFC; an edit may have put a base next to a combining mark.
  return chars.join("").normalize("NFC");
}

/** Spans of a body given its length in code points: mostly long ones, so that FUZZY is reached. */
function spansOf(length: number, seeds: Array<[number, number]>): SpanToReanchor[] {
  return seeds.map(([startSeed, lengthSeed]) => {
    const start = startSeed % length;
    return { start, end: start + 1 + (lengthSeed % Math.min(90, length - start)) };
  });
}

const correction = fc.record({
  before: pieces(60),
  edits: fc.array(edit, { minLength: 1, maxLength: 3 }),
  spanSeeds: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }),
});

const codePoints = (text: string): string[] => [...text];
const textAt = (body: string, { start, end }: SpanToReanchor): string => codePoints(body).slice(start, end).join("");

/** Levenshtein distance over code points, the plain full table: the oracle for FUZZY scores. */
function levenshtein(a: string[], b: string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function graphemeBoundaries(body: string): Set<number> {
  const boundaries = new Set<number>([codePoints(body).length]);
  for (const { index } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(body)) {
    boundaries.add(codePoints(body.slice(0, index)).length);
  }
  return boundaries;
}

/** Everything a result must satisfy, whatever its status. */
function expectHonest(result: Reanchored, span: SpanToReanchor, before: string, after: string): void {
  const oldText = textAt(before, span);
  switch (result.status) {
    case "ORPHANED":
      expect(result).toEqual({ status: "ORPHANED", score: 0, start: span.start, end: span.end, text: oldText, previousText: null });
      return;
    case "EXACT":
      expect(result).toEqual({ status: "EXACT", score: 1, start: span.start, end: span.end, text: oldText, previousText: null });
      expect(textAt(after, result)).toBe(oldText);
      return;
    case "SHIFTED":
      expect(result).toMatchObject({ score: 1, text: oldText, previousText: null });
      expect(textAt(after, result)).toBe(oldText);
      expect(result.start).not.toBe(span.start);
      return;
    case "FUZZY": {
      expect(textAt(after, result)).toBe(result.text);
      expect(result.previousText).toBe(oldText);
      expect(result.text).not.toBe(oldText);
      expect(codePoints(oldText).length).toBeGreaterThanOrEqual(MIN_FUZZY_LENGTH);
      const [a, b] = [codePoints(oldText), codePoints(result.text)];
      expect(result.score).toBeCloseTo(1 - levenshtein(a, b) / Math.max(a.length, b.length), 12);
      expect(result.score).toBeGreaterThanOrEqual(MIN_FUZZY_SIMILARITY);
      const boundaries = graphemeBoundaries(after);
      expect([boundaries.has(result.start), boundaries.has(result.end)]).toEqual([true, true]);
      if (!/^\s/u.test(oldText)) expect(result.text).not.toMatch(/^\s/u);
      if (!/\s$/u.test(oldText)) expect(result.text).not.toMatch(/\s$/u);
      return;
    }
  }
}

describe("reanchor, properties", () => {
  it("never returns a span whose text the new body does not hold, with or without distinctSpans", () => {
    fc.assert(
      fc.property(correction, ({ before, edits, spanSeeds }) => {
        const after = edits.reduce(applyEdit, before);
        const spans = spansOf(codePoints(before).length, spanSeeds);
        const results = reanchor(before, after, spans);
        const distinct = reanchor(before, after, spans, { distinctSpans: true });
        expect(results).toHaveLength(spans.length);
        results.forEach((result, index) => {
          expectHonest(result, spans[index]!, before, after);
          tally[result.status]++;
        });

        // distinctSpans only ever orphans, and leaves no two results on one span.
        distinct.forEach((result, index) => {
          if (result.status !== "ORPHANED") expect(result).toEqual(results[index]);
          else expectHonest(result, spans[index]!, before, after);
        });
        const landed = distinct.filter(({ status }) => status !== "ORPHANED").map(({ start, end }) => `${start}:${end}`);
        expect(new Set(landed).size).toBe(landed.length);
      }),
      PARAMETERS,
    );
    // Every tier was reached, so every branch of expectHonest was exercised.
    for (const status of ["EXACT", "SHIFTED", "FUZZY", "ORPHANED"] as const) expect({ status, times: tally[status] > 0 }).toEqual({ status, times: true });
  });

  it("finds every span EXACT when the body did not change", () => {
    fc.assert(
      fc.property(pieces(60), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }), (body, seeds) => {
        const spans = spansOf(codePoints(body).length, seeds);
        expect(reanchor(body, body, spans)).toEqual(
          spans.map((span) => ({ status: "EXACT", score: 1, ...span, text: textAt(body, span), previousText: null })),
        );
      }),
      PARAMETERS,
    );
  });

  it("finds a text that occurred once, when the correction only inserted text elsewhere", () => {
    // Digits occur in no generated body, so the inserted text creates no new occurrence.
    const inserted = fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(pieces(60), fc.nat(), inserted, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }), (before, atSeed, digits, seeds) => {
        const chars = codePoints(before);
        const at = atSeed % (chars.length + 1);
        const after = [...chars.slice(0, at), ...digits, ...chars.slice(at)].join("");
        const spans = spansOf(chars.length, seeds);
        reanchor(before, after, spans).forEach((result, index) => {
          const span = spans[index]!;
          const text = textAt(before, span);
          if (occurrences(before, text) !== 1 || (span.start < at && span.end > at)) return;
          const shift = span.start >= at ? digits.length : 0;
          expect(result).toEqual({
            status: shift === 0 ? "EXACT" : "SHIFTED",
            score: 1,
            start: span.start + shift,
            end: span.end + shift,
            text,
            previousText: null,
          });
        });
      }),
      PARAMETERS,
    );
  });

  it("finds a long unique passage FUZZY when one of its characters was replaced", () => {
    // Random words only (no repeated words, no combining marks): passages are unique and
    // every code point is a grapheme, so the expected span is known exactly.
    const words = fc.array(fc.oneof(randomWord, fc.constantFrom("\u{1F600} ", "\u{1D538}")), { minLength: 20, maxLength: 60 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(words, fc.nat(), fc.integer({ min: 40, max: 80 }), fc.nat(), (before, startSeed, length, offsetSeed) => {
        const chars = codePoints(before);
        fc.pre(chars.length > length);
        const start = startSeed % (chars.length - length);
        const span = { start, end: start + length };
        // Inside the passage, away from its ends, and not a space (which trimming could touch).
        const replaced = start + 5 + (offsetSeed % (length - 10));
        fc.pre(chars[replaced] !== " " && occurrences(before, textAt(before, span)) === 1);
        const after = [...chars.slice(0, replaced), "Z", ...chars.slice(replaced + 1)].join("");
        const [result] = reanchor(before, after, [span]);
        expect(result).toMatchObject({ status: "FUZZY", start: span.start, end: span.end, text: textAt(after, span) });
      }),
      PARAMETERS,
    );
  });
});

/** How many times `text` occurs in `body`, overlapping occurrences included. */
function occurrences(body: string, text: string): number {
  let count = 0;
  for (let unit = body.indexOf(text); unit >= 0; unit = body.indexOf(text, unit + 1)) count++;
  return count;
}
