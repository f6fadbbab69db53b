import { createHash } from "node:crypto";
/**
 * Spans in a source body, counted in Unicode code points.
 *
 * A span is `[start, end)` in code points, 0-based, as in the W3C Web Annotation
 * TextPositionSelector, so `[...body].slice(start, end).join("") === text`.
 * JavaScript strings index UTF-16 units, where an emoji counts two, so every lookup
 * here converts between the two through tables built once per body.
 */

/** A span of a body, in code points, with the body's exact text there. */
export interface BodyMatch {
  start: number;
  end: number;
  text: string;
}

// Everything an editor's copy-paste may turn into a plain space: ASCII white space and
// line breaks, the no-break space, the typographic spaces U+2000–U+200A, the narrow
// no-break space, the medium mathematical space and the ideographic space.
const WHITE_SPACE = new Set([
  ..." \t\n\r\v\f\u0085\u2028\u2029",
  "\u00a0",
  ..."\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a",
  "\u202f",
  "\u205f",
  "\u3000",
]);

// Typographic characters and the plain ASCII an editor would type instead.
const REPLACEMENTS = new Map<string, string>([
  ...[..."\u2018\u2019\u201a\u201b\u2032"].map((c): [string, string] => [c, "'"]),
  ...[..."\u201c\u201d\u201e\u201f\u2033"].map((c): [string, string] => [c, '"']),
  ...[..."\u2010\u2011\u2012\u2013\u2014\u2015\u2212"].map((c): [string, string] => [c, "-"]),
  ["\u2026", "..."],
]);

/** Reads a table entry; the tables are built so that every index read exists. */
function at(table: ArrayLike<number>, index: number): number {
  const value = table[index];
  if (value === undefined) throw new RangeError(`index ${index} is outside the table`);
  return value;
}

/** Folded text with, for each of its UTF-16 units, the code points it came from. */
interface FoldedText {
  folded: string;
  /** Code-point index in the original of the character each folded unit came from. */
  sourceStart: Int32Array;
  /** End (exclusive) of that character; for a collapsed white-space run, of its last one. */
  sourceEnd: Int32Array;
}

function foldWithSources(text: string): FoldedText {
  const parts: string[] = [];
  const sourceStart: number[] = [];
  const sourceEnd: number[] = [];
  let index = 0;
  let inWhiteSpace = false;
  for (const char of text) {
    if (WHITE_SPACE.has(char)) {
      if (inWhiteSpace) {
        // The run's one space now stands for this character too.
        sourceEnd[sourceEnd.length - 1] = index + 1;
      } else {
        parts.push(" ");
        sourceStart.push(index);
        sourceEnd.push(index + 1);
        inWhiteSpace = true;
      }
    } else {
      inWhiteSpace = false;
      const replacement = REPLACEMENTS.get(char) ?? char;
      parts.push(replacement);
      // Every unit of the replacement (two for an astral character, three for "…")
      // points at the same source character.
      for (let unit = 0; unit < replacement.length; unit++) {
        sourceStart.push(index);
        sourceEnd.push(index + 1);
      }
    }
    index++;
  }
  return {
    folded: parts.join(""),
    sourceStart: Int32Array.from(sourceStart),
    sourceEnd: Int32Array.from(sourceEnd),
  };
}

/**
 * Folds typography so that text pasted from a word processor matches text typed by
 * hand: each run of white space (including no-break and typographic spaces and line
 * breaks) becomes one ASCII space; curly single quotes and primes become `'`; curly
 * double quotes and double primes become `"`; hyphens, dashes and the minus sign
 * become `-`; the ellipsis `…` becomes `...`. Nothing is trimmed.
 */
export function foldTypography(text: string): string {
  return foldWithSources(text).folded;
}

/** Strips the ASCII spaces folding leaves at the ends of a needle. */
function trimSpaces(text: string): string {
  return text.replace(/^ +| +$/g, "");
}

// Letters with their combining marks, digits, and inner apostrophes ("don't").
const WORD = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;

/** A lowercase word of folded text and its span in the original, in code points. */
interface Word {
  word: string;
  start: number;
  end: number;
}

function wordsOf({ folded, sourceStart, sourceEnd }: FoldedText): Word[] {
  const words: Word[] = [];
  for (const match of folded.matchAll(WORD)) {
    const first = match.index;
    const last = first + match[0].length - 1;
    words.push({
      word: match[0].toLowerCase(),
      start: at(sourceStart, first),
      end: at(sourceEnd, last),
    });
  }
  return words;
}

/** The folded body and its words, built on first use: many bodies only need exact lookups. */
interface FoldedIndex extends FoldedText {
  words: Word[];
}

/**
 * A source body prepared for finding and slicing spans by code point.
 * Build once per body, reuse for many lookups.
 */
export class BodyText {
  /** The body as given. */
  readonly body: string;
  /** Length of the body in code points. */
  readonly length: number;
  /** UTF-16 offset where each code point starts, plus one entry for the end of the body. */
  private readonly unitOffsetOf: Uint32Array;
  /** Code-point index starting at each UTF-16 offset (and the end); -1 inside a surrogate pair. */
  private readonly codePointAtUnit: Int32Array;
  private foldedIndex: FoldedIndex | undefined;

  constructor(body: string) {
    this.body = body;
    const codePointAt = new Int32Array(body.length + 1).fill(-1);
    const unitOffsets: number[] = [];
    let unit = 0;
    // for…of walks code points exactly as `[...body]` does, lone surrogates included.
    for (const char of body) {
      codePointAt[unit] = unitOffsets.length;
      unitOffsets.push(unit);
      unit += char.length;
    }
    codePointAt[unit] = unitOffsets.length;
    this.length = unitOffsets.length;
    unitOffsets.push(unit);
    this.unitOffsetOf = Uint32Array.from(unitOffsets);
    this.codePointAtUnit = codePointAt;
  }

  /**
   * The body between code points `start` (inclusive) and `end` (exclusive).
   * @throws RangeError unless 0 <= start <= end <= length, all integers.
   */
  slice(start: number, end: number): string {
    this.checkSpan(start, end);
    return this.body.slice(at(this.unitOffsetOf, start), at(this.unitOffsetOf, end));
  }

  /**
   * The occurrences of `needle`, in body order, the first `limit` of them (all by default).
   * Occurrences may overlap: the search resumes one code point after the previous match's
   * start. An empty needle has none. The limit keeps a caller that needs one occurrence (the
   * n-th, or whether there is a second) from building thousands of matches of a short needle.
   */
  findExact(needle: string, limit = Number.POSITIVE_INFINITY): BodyMatch[] {
    const matches: BodyMatch[] = [];
    for (const { start, end } of this.spansOf(needle)) {
      if (matches.length >= limit) break;
      matches.push({ start, end, text: this.slice(start, end) });
    }
    return matches;
  }

  /** How many times `needle` occurs (overlapping allowed), without building the matches. */
  countExact(needle: string): number {
    let count = 0;
    const spans = this.spansOf(needle);
    while (!spans.next().done) count += 1;
    return count;
  }

  /** The spans where `needle` occurs, in body order, found one at a time as they are asked for. */
  *spansOf(needle: string): Generator<{ start: number; end: number }> {
    if (needle.length === 0) return;
    const { body } = this;
    for (let unit = body.indexOf(needle); unit >= 0; unit = body.indexOf(needle, unit + 1)) {
      const start = at(this.codePointAtUnit, unit);
      const end = at(this.codePointAtUnit, unit + needle.length);
      // A needle with a lone surrogate can match half of a pair: that is no span.
      if (start >= 0 && end >= 0) yield { start, end };
    }
  }

  /**
   * Every occurrence of `needle` once both it and the body are folded with
   * {@link foldTypography} (and the folded needle is trimmed), in body order,
   * overlapping allowed. Each match's `text` is the body's own characters at the span,
   * so it may differ from the needle in quotes, dashes or spaces. A match that would
   * begin or end inside an expansion (one "." of "…") is discarded.
   */
  findFolded(needle: string, limit = Number.POSITIVE_INFINITY): BodyMatch[] {
    const target = trimSpaces(foldTypography(needle));
    if (target.length === 0) return [];
    const { folded, sourceStart, sourceEnd } = this.folded();
    const startsSource = (unit: number): boolean =>
      unit === 0 || at(sourceStart, unit - 1) !== at(sourceStart, unit);
    const endsSource = (unit: number): boolean =>
      unit === folded.length - 1 || at(sourceStart, unit + 1) !== at(sourceStart, unit);

    const matches: BodyMatch[] = [];
    for (let unit = folded.indexOf(target); unit >= 0 && matches.length < limit; unit = folded.indexOf(target, unit + 1)) {
      const last = unit + target.length - 1;
      if (!startsSource(unit) || !endsSource(last)) continue;
      const start = at(sourceStart, unit);
      const end = at(sourceEnd, last);
      matches.push({ start, end, text: this.slice(start, end) });
    }
    return matches;
  }

  /**
   * The passage of the body most like `needle`, for error messages ("nearest passage:
   * …"). A folded match wins outright; otherwise both are split into lowercase words
   * of their folded text, a window as many words long as the needle slides over the
   * body's words, and the window sharing the most words with the needle (counted as
   * multisets) is returned, the first one on ties, without edge words the needle lacks.
   * Linear in the body's word count.
   *
   * @returns null when the body or needle is empty, or when they share no word.
   */
  nearest(needle: string): BodyMatch | null {
    if (this.length === 0 || needle.length === 0) return null;
    const exact = this.findFolded(needle)[0];
    if (exact !== undefined) return exact;

    const bodyWords = this.folded().words;
    const needleWords = wordsOf(foldWithSources(needle));
    const size = Math.min(needleWords.length, bodyWords.length);
    if (size === 0) return null;

    const wanted = new Map<string, number>();
    for (const { word } of needleWords) wanted.set(word, (wanted.get(word) ?? 0) + 1);

    // Overlap is kept up to date as words enter and leave the window, so each body
    // word costs O(1) instead of re-counting the window.
    const inWindow = new Map<string, number>();
    let overlap = 0;
    let bestOverlap = 0;
    let bestFirst = 0;
    bodyWords.forEach(({ word }, index) => {
      const count = inWindow.get(word) ?? 0;
      if (count < (wanted.get(word) ?? 0)) overlap++;
      inWindow.set(word, count + 1);

      const leaving = bodyWords[index - size];
      if (leaving !== undefined) {
        const left = (inWindow.get(leaving.word) ?? 0) - 1;
        inWindow.set(leaving.word, left);
        if (left < (wanted.get(leaving.word) ?? 0)) overlap--;
      }

      const first = index - size + 1;
      if (first >= 0 && overlap > bestOverlap) {
        bestOverlap = overlap;
        bestFirst = first;
      }
    });
    if (bestOverlap === 0) return null;

    // Words at the window's edges that the needle lacks only widen the passage shown: drop them.
    let first = bestFirst;
    let last = bestFirst + size - 1;
    while (first < last && !wanted.has(bodyWords[first]?.word ?? "")) first++;
    while (last > first && !wanted.has(bodyWords[last]?.word ?? "")) last--;
    const firstWord = bodyWords[first];
    const lastWord = bodyWords[last];
    if (firstWord === undefined || lastWord === undefined) return null;
    const { start } = firstWord;
    const { end } = lastWord;
    return { start, end, text: this.slice(start, end) };
  }

  /** Up to `max` code points of the body just before code point `start` (for re-anchoring). */
  prefix(start: number, max = 32): string {
    this.checkSpan(start, start);
    return this.slice(Math.max(0, start - Math.max(0, max)), start);
  }

  /** Up to `max` code points of the body just after code point `end` (for re-anchoring). */
  suffix(end: number, max = 32): string {
    this.checkSpan(end, end);
    return this.slice(end, Math.min(this.length, end + Math.max(0, max)));
  }

  private folded(): FoldedIndex {
    if (this.foldedIndex === undefined) {
      const folded = foldWithSources(this.body);
      this.foldedIndex = { ...folded, words: wordsOf(folded) };
    }
    return this.foldedIndex;
  }

  private checkSpan(start: number, end: number): void {
    const integers = Number.isInteger(start) && Number.isInteger(end);
    if (!integers || start < 0 || start > end || end > this.length) {
      throw new RangeError(
        `span [${start}, ${end}) is not within the body's ${this.length} code points`,
      );
    }
  }
}

/** The SHA-256 of a body's UTF-8 bytes, hex: what `body_sha256` holds, and the database checks. */
export function bodySha256(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}
