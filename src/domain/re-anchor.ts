import diff from "fast-diff";
import { type ApproximateMatch, searchApproximately } from "./approximate-search";
import { BodyText } from "./body-text";

/**
 * Re-anchoring: a source's body has been corrected; find where each span of the old body
 * (a quote, a career step's evidence: `[start, end)` in code points) now lies in the new body,
 * or say honestly that it is lost. Pure: no I/O, the same answer for the same input.
 *
 * Each span goes through the tiers in order; the first that answers wins.
 * 1. EXACT / SHIFTED: the old text found verbatim in the new body. One occurrence is taken
 *    as it is; among several, the evidence below must name a clear winner, else ORPHANED
 *    (never a guess). EXACT when the winner sits at the old offsets, SHIFTED elsewhere.
 *    When the old body itself held the text more than once, the winner must also be ours
 *    rather than the copy of another old occurrence: it must fit our old context clearly
 *    better than each other occurrence's old context. Otherwise deleting a quoted paragraph
 *    would silently move its quote onto an unquoted copy of the same words elsewhere (this
 *    is stricter than "one occurrence: take it", on purpose). An occurrence that belongs to
 *    another old occurrence is set aside, and the span goes on to the next tiers.
 * Texts shorter than {@link MIN_FUZZY_LENGTH} code points stop here: ORPHANED.
 * 2. FUZZY, typography only: the text found once white space runs, quotes, dashes and
 *    ellipses are folded ({@link BodyText.findFolded}), with the rules of tier 1: it is the
 *    same text, only typeset differently. One indexOf over the folded body, so a correction
 *    that retypesets the whole body (curly quotes, single spaces) stays cheap.
 * 3. FUZZY, approximate: approximate search (Myers, through approx-string-match) near the
 *    expected position; failing an acceptable place there, in the whole body; then a search
 *    for rivals of the leading place (see `rivalMatches`). The winner needs a clear lead, and
 *    some support from its context: the 32 code points on at least one side must be at
 *    least {@link MIN_FUZZY_CONTEXT_SIMILARITY} similar to the old ones (in tiers 1 and 2
 *    the words themselves are the support; here they have been edited).
 * In tiers 2 and 3, a place's boundaries are snapped to grapheme clusters (Intl.Segmenter)
 * and trimmed of white space the old text did not have at its ends; the similarity is that
 * of the final text and must be at least {@link MIN_FUZZY_SIMILARITY}.
 * 4. Else ORPHANED: the old span and text, unchanged, with score 0.
 *
 * Similarity of two texts: 1 − Levenshtein distance / the longer length, both in code
 * points (so an emoji edit counts one, not two UTF-16 units); two empty texts are identical.
 *
 * Evidence for a candidate place, between 0 and 1, with the weights Hypothesis' client uses:
 *   (50 × text similarity + 20 × prefix similarity + 20 × suffix similarity + 2 × position) / 92,
 * where the prefix (suffix) is the 32 code points before (after) the span in the old body,
 * compared with the 32 before (after) the candidate in the new body: a span that began the
 * old body keeps an empty prefix, which only a candidate at the start of the new body
 * matches. Position is 1 − |candidate start − expected start| / new length, the expected
 * start being the old start carried through a diff of the two bodies. Position only breaks
 * near-ties: the diff can align repeated passages either way, so it must never decide alone.
 *
 * A clear winner leads the runner-up by at least {@link CLEAR_LEAD}: the weight of four
 * code points of context (4/32 × 20/92 ≈ 0.027). A typo fixed near a quote changes its
 * context by a code point or two; a lead smaller than that could come from the correction
 * itself rather than from the place, so it is treated as a tie, and a tie orphans.
 * With `distinctSpans`, two results on the same span keep the one whose evidence leads by
 * that much and orphan the other; alike, both are orphaned.
 *
 * Why these thresholds: a silent mis-attachment (a quote pointing at words the person did
 * not say there) is the worst outcome; an orphan costs an editor a minute. So every doubt
 * orphans.
 * - MIN_FUZZY_LENGTH 30: below that a few edits turn any phrase into another ("I was at
 *   Twitter" / "I was at Google"), and short phrases recur; a short text is never matched
 *   approximately.
 * - MIN_FUZZY_SIMILARITY 0.8: the corrections that keep a quote's meaning (typos, curly
 *   quotes, dashes, doubled spaces, line breaks) stay above 0.9 for texts of 30 code points
 *   or more, while the best local match of an unrelated 30-code-point English snippet in
 *   ~100 KB of other English text scored a median 0.5 (measured on this repository's docs);
 *   0.8 leaves room on both sides. It allows at most 25% of the old length in edits.
 * - MIN_FUZZY_CONTEXT_SIMILARITY 0.5: two unrelated 32-code-point windows of English score
 *   about 0.16 (99.9th percentile 0.44, measured likewise); a reworded passage whose
 *   surroundings are both gone is more likely a different passage than the quote.
 *
 * Complexity, for bodies of n code points and s spans of m code points:
 * - identical bodies: O(n + s·m), no search at all;
 * - once per correction: the diff, O(n) for a few edits and bounded for rewrites (see
 *   PositionMap); the folded bodies, O(n), built on first use;
 * - per span: tier 1 is one indexOf pass over the new body (and one over the old when the
 *   text repeats) and O(32²) per occurrence to score it; tier 2, one indexOf over the
 *   folded body; tier 3, Myers' O(n·⌈k/32⌉) with k ≤ m/4 allowed errors (m/2 UTF-16 units
 *   when a body has astral characters), about one pass over the body when the text is
 *   nowhere near where it was, a window of a few m when it is and fits well (its rivals
 *   are then looked for only around exact occurrences of pieces of it), plus O(m·k) per
 *   similarity.
 * Measured (Node 20, CPU time, 300 spans of 40–200 code points, random-word bodies with an
 * emoji): 100k code points with 5 or 20 random edits ≈ 0.2 s; every space doubled (all 300
 * FUZZY) 0.3 s (0.4 s at 200k); a body replaced by an unrelated one (all orphaned, each
 * proven absent by a full approximate pass) 0.8 s at 100k, 1.6 s at 200k.
 *
 * Bodies are compared as given: both are expected in NFC, as stored.
 */

/** How a span was found again. */
export type AnchorStatus = "EXACT" | "SHIFTED" | "FUZZY" | "ORPHANED";

/** A span of the old body, in code points, `end` exclusive. */
export interface SpanToReanchor {
  start: number;
  end: number;
}

/** Where a span now lies, in code points of the new body (of the old one when ORPHANED). */
export interface Reanchored {
  status: AnchorStatus;
  /** 1 for EXACT and SHIFTED; the text similarity (0..1) for FUZZY; 0 for ORPHANED. */
  score: number;
  start: number;
  end: number;
  /** The new body's text at the span; the old text when ORPHANED. */
  text: string;
  /** The old text when FUZZY (the new text differs), else null. */
  previousText: string | null;
}

export interface ReanchorOptions {
  /** No two results (orphans aside) may share a span: true for quotes. */
  distinctSpans?: boolean;
}

/** A text shorter than this (in code points) is only ever found verbatim. */
export const MIN_FUZZY_LENGTH = 30;
/** The least text similarity of a FUZZY result. */
export const MIN_FUZZY_SIMILARITY = 0.8;
/** The least similarity of a FUZZY result's prefix or suffix (the better one) to the old one. */
export const MIN_FUZZY_CONTEXT_SIMILARITY = 0.5;

/** Code points of context on each side, as stored with a quote (W3C TextQuoteSelector). */
const CONTEXT_LENGTH = 32;
const WEIGHTS = { text: 50, prefix: 20, suffix: 20, position: 2 } as const;
const TOTAL_WEIGHT = WEIGHTS.text + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position;
/** The evidence a winner must lead the runner-up by: four code points of context. */
export const CLEAR_LEAD = ((4 / CONTEXT_LENGTH) * WEIGHTS.prefix) / TOTAL_WEIGHT;
/**
 * Below this, a candidate's similarity is not computed exactly but taken as this: an
 * overestimate, so such a candidate still counts as a rival (erring toward ORPHANED) but
 * never wins, and a long text's edit distance stays cheap to bound.
 */
const SIMILARITY_FLOOR = MIN_FUZZY_SIMILARITY - 0.1;
/** Approximate matches per place whose boundaries are tried (they differ by a few units). */
const BOUNDARY_VARIANTS = 3;
/** Pieces shorter than this (UTF-16 units) occur too often to narrow the search for rivals. */
const MIN_PIECE_LENGTH = 8;

/**
 * Re-anchors each span of `oldBody` in `newBody`; results in the order of `spans`.
 * @throws RangeError when a span is not within the old body.
 */
export function reanchor(
  oldBody: string,
  newBody: string,
  spans: readonly SpanToReanchor[],
  options: ReanchorOptions = {},
): Reanchored[] {
  const oldText = new BodyText(oldBody);
  // Validates every span before any work.
  const texts = spans.map(({ start, end }) => oldText.slice(start, end));
  let outcomes: Outcome[];
  if (oldBody === newBody) {
    outcomes = spans.map((span, index) => {
      const text = texts[index] ?? "";
      return { span, oldText: text, evidence: 1, result: found("EXACT", span.start, span.end, text) };
    });
  } else {
    const correction = new Correction(oldText, new BodyText(newBody));
    outcomes = spans.map((span, index) => correction.reanchor(span, texts[index] ?? ""));
  }
  return options.distinctSpans ? keepDistinct(outcomes) : outcomes.map(({ result }) => result);
}

/** A span's result with the evidence behind it, for settling shared spans. */
interface Outcome {
  span: SpanToReanchor;
  oldText: string;
  evidence: number;
  result: Reanchored;
}

function found(status: "EXACT" | "SHIFTED", start: number, end: number, text: string): Reanchored {
  return { status, score: 1, start, end, text, previousText: null };
}

function orphaned(span: SpanToReanchor, oldText: string): Outcome {
  return {
    span,
    oldText,
    evidence: 0,
    result: { status: "ORPHANED", score: 0, start: span.start, end: span.end, text: oldText, previousText: null },
  };
}

/**
 * Orphans every result that shares its span with another, except one whose evidence leads
 * all the others clearly.
 */
function keepDistinct(outcomes: Outcome[]): Reanchored[] {
  const bySpan = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    if (outcome.result.status === "ORPHANED") continue;
    const key = `${outcome.result.start}:${outcome.result.end}`;
    bySpan.set(key, [...(bySpan.get(key) ?? []), outcome]);
  }
  const losers = new Set<Outcome>();
  for (const sharing of bySpan.values()) {
    if (sharing.length < 2) continue;
    const keep = clearWinner(sharing);
    for (const outcome of sharing) if (outcome !== keep) losers.add(outcome);
  }
  return outcomes.map((outcome) => (losers.has(outcome) ? orphaned(outcome.span, outcome.oldText).result : outcome.result));
}

/** The candidate with the most evidence, if it leads the next one by {@link CLEAR_LEAD}. */
function clearWinner<T extends { evidence: number }>(candidates: readonly T[]): T | undefined {
  const ranked = [...candidates].sort((a, b) => b.evidence - a.evidence);
  const [best, second] = ranked;
  if (best === undefined) return undefined;
  // The small tolerance keeps a lead of exactly CLEAR_LEAD from failing on rounding.
  if (second !== undefined && best.evidence - second.evidence < CLEAR_LEAD - 1e-9) return undefined;
  return best;
}

/** What is known of a span in the old body: its surroundings and where it should now start. */
interface Context {
  prefix: number[];
  suffix: number[];
  /** The old start carried through the diff, in code points of the new body. */
  expectedStart: number;
}

/** How well a place in the new body fits a span's context. */
interface Evidence {
  /** Weighted evidence, 0..1 (see the module's comment). */
  score: number;
  /** The better of the prefix and suffix similarities. */
  contextSimilarity: number;
}

/** A place in the new body, code points, with its text and how it fits. */
interface Candidate {
  start: number;
  end: number;
  text: string;
  similarity: number;
  evidence: number;
  contextSimilarity: number;
}

/** A range of UTF-16 offsets, `end` exclusive. */
interface UnitRange {
  start: number;
  end: number;
}

/** What one tier of the search found for a span. */
type Finding =
  | { kind: "found"; winner: Candidate }
  | { kind: "ambiguous" }
  /** Nowhere, or only at places that belong to other old occurrences (`setAside`, skipped by later tiers). */
  | { kind: "absent"; setAside: UnitRange[] };

/** A span of a body, in code points. */
type Occurrence = SpanToReanchor;

/** One correction (old body → new body): what every span's search shares, built once. */
class Correction {
  private readonly oldOffsets: Offsets;
  private readonly newOffsets: Offsets;
  private readonly graphemes: GraphemeBoundaries;
  private positions: PositionMap | undefined;
  /** Whether either body has characters of two UTF-16 units, which cost two errors each in the search. */
  private readonly hasAstral: boolean;

  constructor(
    private readonly oldText: BodyText,
    private readonly newText: BodyText,
  ) {
    this.oldOffsets = new Offsets(oldText.body);
    this.newOffsets = new Offsets(newText.body);
    this.graphemes = new GraphemeBoundaries(newText.body);
    this.hasAstral = oldText.length !== oldText.body.length || newText.length !== newText.body.length;
  }

  reanchor(span: SpanToReanchor, text: string): Outcome {
    // An empty span has no text to find again.
    if (text === "") return orphaned(span, text);
    const context = this.contextOf(span);

    const verbatim = this.findOccurrences(span, context, [], {
      in: (body) => [...body.spansOf(text)],
      isOwn: (occurrence) => occurrence.start === span.start,
      candidate: (occurrence) => this.candidate(occurrence, text, 1, context),
    });
    if (verbatim.kind === "found") {
      const { start, end } = verbatim.winner;
      return { span, oldText: text, evidence: verbatim.winner.evidence, result: found(start === span.start ? "EXACT" : "SHIFTED", start, end, text) };
    }
    if (verbatim.kind === "ambiguous" || span.end - span.start < MIN_FUZZY_LENGTH) return orphaned(span, text);

    const quote = codePoints(text);
    const folded = this.findOccurrences(span, context, verbatim.setAside, {
      in: (body) => body.findFolded(text),
      // Folding trims the needle: the span's own occurrence may be a little shorter than it.
      isOwn: (occurrence) => occurrence.start < span.end && span.start < occurrence.end,
      candidate: (occurrence) => this.candidateAt(placeOf(this.newOffsets.units(occurrence.start, occurrence.end)), text, quote, context),
    });
    if (folded.kind === "found") return isAcceptable(folded.winner, text, false) ? fuzzy(span, text, folded.winner) : orphaned(span, text);
    if (folded.kind === "ambiguous") return orphaned(span, text);

    const winner = this.findApproximately(text, quote, context, [...verbatim.setAside, ...folded.setAside]);
    return winner === undefined ? orphaned(span, text) : fuzzy(span, text, winner);
  }

  /**
   * Tiers 1 and 2 (verbatim, and verbatim once typography is folded): one place is taken,
   * several need a clear winner, and when the old body held the text more than once, the
   * winner must fit our context clearly better than each other occurrence's.
   */
  private findOccurrences(
    span: SpanToReanchor,
    context: Context,
    setAside: UnitRange[],
    occurrences: {
      in: (body: BodyText) => Occurrence[];
      isOwn: (occurrence: Occurrence) => boolean;
      candidate: (occurrence: Occurrence) => Candidate | undefined;
    },
  ): Finding {
    // Places an earlier tier gave to other old occurrences stay theirs.
    const places = occurrences
      .in(this.newText)
      .filter(({ start, end }) => !setAside.some((range) => intersect(range, this.newOffsets.units(start, end)).length > 0));
    const candidates = places.flatMap((place) => occurrences.candidate(place) ?? []);
    if (candidates.length === 0) return { kind: "absent", setAside: [] };
    const winner = clearWinner(candidates);
    if (winner === undefined) return { kind: "ambiguous" };
    for (const other of occurrences.in(this.oldText)) {
      if (occurrences.isOwn(other)) continue;
      // The same text, judged by the other occurrence's context and expected position.
      const rival = this.evidence(winner.start, winner.end, winner.similarity, this.contextOf(other)).score;
      if (rival > winner.evidence - CLEAR_LEAD + 1e-9) {
        return { kind: "absent", setAside: places.map(({ start, end }) => this.newOffsets.units(start, end)) };
      }
    }
    return { kind: "found", winner };
  }

  /**
   * Tier 3: the best places near where the span should be; failing an acceptable one, the
   * best elsewhere; then its rivals (see {@link rivalMatches}). The winner must lead them all.
   */
  private findApproximately(text: string, quote: number[], context: Context, setAside: UnitRange[]): Candidate | undefined {
    // Edits a text of m code points may take and keep a similarity T: d ≤ (1 − T)·(m + d).
    const maxEdits = Math.floor((quote.length * (1 - MIN_FUZZY_SIMILARITY)) / MIN_FUZZY_SIMILARITY);
    const all = { start: 0, end: this.newText.body.length };
    const whole = [all];
    const expected = this.newOffsets.unitAt(context.expectedStart);
    const near = { start: expected - text.length - this.unitErrors(maxEdits, text), end: expected + 2 * text.length + this.unitErrors(maxEdits, text) };

    let taken = setAside;
    const candidates: Candidate[] = [];
    const consider = (places: Place[]): void => {
      taken = [...taken, ...places];
      candidates.push(...places.flatMap((place) => this.candidateAt(place, text, quote, context) ?? []));
    };
    consider(this.bestMatches(text, this.unitErrors(maxEdits, text), subtract([near], taken).flatMap((range) => intersect(range, all))));
    if (!isAcceptable(strongest(candidates), text)) consider(this.bestMatches(text, this.unitErrors(maxEdits, text), subtract(whole, taken)));
    const leader = strongest(candidates);
    if (leader === undefined || !isAcceptable(leader, text)) return undefined;
    consider(this.rivalMatches(text, quote.length, leader, subtract(whole, taken)));
    const winner = clearWinner(candidates);
    return winner !== undefined && isAcceptable(winner, text) ? winner : undefined;
  }

  /**
   * The best places, within `ranges`, that could rival the leader: a place matters only if,
   * with a perfect context and position, it would come within CLEAR_LEAD of the leader's
   * evidence. That bounds its text similarity from below, hence its edits from above; a
   * leader that fits well leaves rivals few edits, and then the body is searched only
   * around exact occurrences of pieces of the text (pigeonhole: with k edits, one of k + 1
   * disjoint pieces survives intact), which indexOf finds in a blink.
   */
  private rivalMatches(text: string, length: number, leader: Candidate, ranges: UnitRange[]): Place[] {
    const needed =
      (TOTAL_WEIGHT * (leader.evidence - CLEAR_LEAD) - WEIGHTS.prefix - WEIGHTS.suffix - WEIGHTS.position) / WEIGHTS.text;
    // Below the floor every place scores the floor (see SIMILARITY_FLOOR): look that far.
    const least = Math.max(needed, SIMILARITY_FLOOR);
    const maxErrors = this.unitErrors(Math.floor(((1 - least) * length) / least), text);
    const pieceLength = Math.floor(text.length / (maxErrors + 1));
    if (pieceLength < MIN_PIECE_LENGTH) return this.bestMatches(text, maxErrors, ranges);

    const body = this.newText.body;
    const windows: UnitRange[] = [];
    const windowLength = text.length + 3 * maxErrors;
    for (let piece = 0; piece <= maxErrors; piece++) {
      const offset = piece * pieceLength;
      const needle = text.slice(offset, offset + pieceLength);
      for (let at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + 1)) {
        // A place holding the piece intact starts within maxErrors of `at - offset`.
        const start = at - offset - maxErrors;
        windows.push({ start, end: start + windowLength });
        // Windows as long as the body: searching it whole is cheaper.
        if (windows.length * windowLength > body.length) return this.bestMatches(text, maxErrors, ranges);
      }
    }
    return this.bestMatches(text, maxErrors, merge(windows).flatMap((window) => ranges.flatMap((range) => intersect(window, range))));
  }

  /** UTF-16 errors the search must allow for `edits` code-point edits: two per astral character. */
  private unitErrors(edits: number, text: string): number {
    return Math.min(text.length, this.hasAstral ? 2 * edits : edits);
  }

  /**
   * The places within `ranges` where `text` matches with the fewest errors (at most
   * `maxErrors`), each place being the matches that overlap (the library reports one per
   * end offset, so a place often comes as several matches a unit or two apart).
   */
  private bestMatches(text: string, maxErrors: number, ranges: UnitRange[]): Place[] {
    let fewest = Number.POSITIVE_INFINITY;
    let matches: ApproximateMatch[] = [];
    for (const range of ranges) {
      if (range.end - range.start < text.length - maxErrors) continue;
      const slice = this.newText.body.slice(range.start, range.end);
      for (const match of searchApproximately(slice, text, maxErrors)) {
        if (match.errors < fewest) {
          fewest = match.errors;
          matches = [];
        }
        if (match.errors === fewest) {
          matches.push({ start: match.start + range.start, end: match.end + range.start, errors: match.errors });
        }
      }
    }
    return groupIntoPlaces(matches);
  }

  /** The best text at a place: boundaries snapped to grapheme clusters and trimmed. */
  private candidateAt(place: Place, text: string, quote: number[], context: Context): Candidate | undefined {
    // Variants closest in length to the old text first: they need the fewest edits.
    const variants = [...place.matches]
      .sort((a, b) => Math.abs(a.end - a.start - text.length) - Math.abs(b.end - b.start - text.length) || a.start - b.start)
      .slice(0, BOUNDARY_VARIANTS);
    let best: { start: number; end: number; similarity: number } | undefined;
    for (const variant of variants) {
      for (const { start, end } of this.boundaryChoices(variant, text)) {
        const similarityToOld = similarity(quote, codePoints(this.newText.body.slice(start, end)), SIMILARITY_FLOOR);
        if (best === undefined || similarityToOld > best.similarity) best = { start, end, similarity: similarityToOld };
      }
    }
    if (best === undefined) return undefined;
    const span = { start: this.newOffsets.codePointAt(best.start), end: this.newOffsets.codePointAt(best.end) };
    return this.candidate(span, this.newText.body.slice(best.start, best.end), best.similarity, context);
  }

  private candidate(span: SpanToReanchor, text: string, textSimilarity: number, context: Context): Candidate {
    const { score, contextSimilarity } = this.evidence(span.start, span.end, textSimilarity, context);
    return { ...span, text, similarity: textSimilarity, evidence: score, contextSimilarity };
  }

  /**
   * Boundaries for a match that split no grapheme cluster (a boundary inside one may go
   * either way) and add no white space at an end where the old text had none.
   */
  private boundaryChoices(match: UnitRange, oldText: string): UnitRange[] {
    const starts = this.graphemes.choicesAt(match.start);
    const ends = this.graphemes.choicesAt(match.end);
    const trimStart = !/^\s/u.test(oldText);
    const trimEnd = !/\s$/u.test(oldText);
    const choices = new Map<string, UnitRange>();
    for (let start of starts) {
      for (let end of ends) {
        while (trimStart && start < end) {
          const next = this.graphemes.next(start);
          if (!isWhiteSpace(this.newText.body.slice(start, next))) break;
          start = next;
        }
        while (trimEnd && start < end) {
          const previous = this.graphemes.previous(end);
          if (!isWhiteSpace(this.newText.body.slice(previous, end))) break;
          end = previous;
        }
        if (start < end) choices.set(`${start}:${end}`, { start, end });
      }
    }
    return [...choices.values()];
  }

  /** How well the new body's place `[start, end)` (code points) fits a span's context. */
  private evidence(start: number, end: number, textSimilarity: number, context: Context): Evidence {
    const prefix = similarity(context.prefix, codePoints(this.newText.prefix(start, CONTEXT_LENGTH)));
    const suffix = similarity(context.suffix, codePoints(this.newText.suffix(end, CONTEXT_LENGTH)));
    const position = 1 - Math.abs(start - context.expectedStart) / Math.max(1, this.newText.length);
    const weighted =
      WEIGHTS.text * textSimilarity + WEIGHTS.prefix * prefix + WEIGHTS.suffix * suffix + WEIGHTS.position * position;
    return { score: weighted / TOTAL_WEIGHT, contextSimilarity: Math.max(prefix, suffix) };
  }

  private contextOf(span: SpanToReanchor): Context {
    this.positions ??= new PositionMap(this.oldText.body, this.newText.body);
    const expectedUnit = this.positions.map(this.oldOffsets.unitAt(span.start));
    return {
      prefix: codePoints(this.oldText.prefix(span.start, CONTEXT_LENGTH)),
      suffix: codePoints(this.oldText.suffix(span.end, CONTEXT_LENGTH)),
      expectedStart: this.newOffsets.codePointAt(expectedUnit),
    };
  }
}

/** Whether a candidate may be returned as FUZZY (`needsContext`: approximate matches must be corroborated). */
function isAcceptable(candidate: Candidate | undefined, oldText: string, needsContext = true): candidate is Candidate {
  return (
    candidate !== undefined &&
    candidate.similarity >= MIN_FUZZY_SIMILARITY &&
    (!needsContext || candidate.contextSimilarity >= MIN_FUZZY_CONTEXT_SIMILARITY) &&
    // The old text itself was judged by tier 1; reached again through snapping, it stays judged.
    candidate.text !== oldText
  );
}

function fuzzy(span: SpanToReanchor, oldText: string, winner: Candidate): Outcome {
  const { start, end, text, similarity: score, evidence } = winner;
  return { span, oldText, evidence, result: { status: "FUZZY", score, start, end, text, previousText: oldText } };
}

/** The candidate with the most evidence, clear or not. */
function strongest(candidates: readonly Candidate[]): Candidate | undefined {
  return candidates.reduce<Candidate | undefined>((best, candidate) => (best === undefined || candidate.evidence > best.evidence ? candidate : best), undefined);
}

/** Approximate matches that overlap: one place in the body, with several possible boundaries. */
interface Place extends UnitRange {
  matches: ApproximateMatch[];
}

function groupIntoPlaces(matches: ApproximateMatch[]): Place[] {
  const places: Place[] = [];
  for (const match of [...matches].sort((a, b) => a.start - b.start)) {
    const last = places[places.length - 1];
    if (last !== undefined && match.start < last.end) {
      last.end = Math.max(last.end, match.end);
      last.matches.push(match);
    } else {
      places.push({ start: match.start, end: match.end, matches: [match] });
    }
  }
  return places;
}

/** A place of one match, for text found by other means than the approximate search. */
function placeOf(range: UnitRange): Place {
  return { ...range, matches: [{ ...range, errors: 0 }] };
}

/** The common part of two ranges, if any. */
function intersect(a: UnitRange, b: UnitRange): UnitRange[] {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  return start < end ? [{ start, end }] : [];
}

/** Ranges joined where they overlap, in order. */
function merge(ranges: UnitRange[]): UnitRange[] {
  const merged: UnitRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** The parts of `ranges` outside every range of `removed`. */
function subtract(ranges: UnitRange[], removed: UnitRange[]): UnitRange[] {
  const cuts = [...removed].sort((a, b) => a.start - b.start);
  const result: UnitRange[] = [];
  for (const range of ranges) {
    let from = range.start;
    for (const cut of cuts) {
      if (cut.end <= from || cut.start >= range.end) continue;
      if (cut.start > from) result.push({ start: from, end: cut.start });
      from = Math.max(from, cut.end);
    }
    if (from < range.end) result.push({ start: from, end: range.end });
  }
  return result;
}

function isWhiteSpace(text: string): boolean {
  return /^\s+$/u.test(text);
}

function codePoints(text: string): number[] {
  return Array.from(text, (char) => char.codePointAt(0) ?? 0);
}

/**
 * 1 − Levenshtein distance / the longer length; two empty texts are identical (1). Below
 * `floor` the answer is `floor` itself (an overestimate), which bounds the work to
 * O(length × (1 − floor) × length).
 */
function similarity(a: readonly number[], b: readonly number[], floor = 0): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  const limit = Math.floor(longer * (1 - floor));
  const distance = editDistance(a, b, limit);
  return distance > limit ? floor : 1 - distance / longer;
}

/**
 * Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`: only the diagonal
 * band |i − j| ≤ limit of the table is filled (Ukkonen), O(min(|a|, |b|) × limit).
 */
function editDistance(a: readonly number[], b: readonly number[], limit: number): number {
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const columns = long.length;
  let previous = new Int32Array(columns + 1);
  let current = new Int32Array(columns + 1);
  for (let j = 0; j <= columns; j++) previous[j] = Math.min(j, over);
  for (let i = 1; i <= short.length; i++) {
    const low = Math.max(1, i - limit);
    const high = Math.min(columns, i + limit);
    // The cell left of the band: the table's first column (i) or outside the band.
    current[low - 1] = low === 1 ? Math.min(i, over) : over;
    let rowMinimum = at(current, low - 1);
    const char = at(short, i - 1);
    for (let j = low; j <= high; j++) {
      const substitution = at(previous, j - 1) + (char === at(long, j - 1) ? 0 : 1);
      const value = Math.min(substitution, at(previous, j) + 1, at(current, j - 1) + 1, over);
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    // The next row reads one cell past this row's band.
    if (high < columns) current[high + 1] = over;
    if (rowMinimum > limit) return over;
    [previous, current] = [current, previous];
  }
  return Math.min(at(previous, columns), over);
}

/** Reads an entry that the surrounding loop guarantees to exist. */
function at(values: ArrayLike<number>, index: number): number {
  const value = values[index];
  if (value === undefined) throw new RangeError(`index ${index} is outside the table`);
  return value;
}

/** Converts between code-point and UTF-16 offsets of one text. */
class Offsets {
  /** UTF-16 offset where each code point starts, plus one entry for the end. */
  private readonly unitOffsets: Uint32Array;

  constructor(text: string) {
    // charCodeAt rather than for…of: no string per character, ten times faster on long bodies.
    // A lone surrogate counts as one code point, as for…of and BodyText count it.
    const offsets = new Uint32Array(text.length + 1);
    let codePoint = 0;
    for (let unit = 0; unit < text.length; unit++) {
      offsets[codePoint++] = unit;
      if (isHighSurrogate(text.charCodeAt(unit)) && isLowSurrogate(text.charCodeAt(unit + 1))) unit++;
    }
    offsets[codePoint] = text.length;
    this.unitOffsets = offsets.subarray(0, codePoint + 1);
  }

  unitAt(codePoint: number): number {
    return at(this.unitOffsets, codePoint);
  }

  units(start: number, end: number): UnitRange {
    return { start: this.unitAt(start), end: this.unitAt(end) };
  }

  /** The code point at a UTF-16 offset; inside a surrogate pair, the pair's. */
  codePointAt(unit: number): number {
    let low = 0;
    let high = this.unitOffsets.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (at(this.unitOffsets, middle) <= unit) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/**
 * Grapheme cluster boundaries of a text, found near the offsets asked about. Intl.Segmenter
 * is run on a short stretch only, from a certain boundary before to one after: over a whole
 * body its time grows with the square of the length (minutes for 200k units in Node 20).
 */
class GraphemeBoundaries {
  private readonly segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  private readonly cache = new Map<number, { before: number; after: number }>();

  constructor(private readonly text: string) {}

  /** The offset itself when it is a boundary, else the boundaries on either side. */
  choicesAt(unit: number): number[] {
    const { before, after } = this.around(unit);
    return before === after ? [before] : [before, after];
  }

  /** The first boundary after `unit`. */
  next(unit: number): number {
    return this.around(Math.min(unit + 1, this.text.length)).after;
  }

  /** The last boundary before `unit`. */
  previous(unit: number): number {
    return this.around(Math.max(unit - 1, 0)).before;
  }

  private around(unit: number): { before: number; after: number } {
    const cached = this.cache.get(unit);
    if (cached !== undefined) return cached;
    const from = this.certainBoundaryBefore(unit);
    const to = this.certainBoundaryAfter(unit);
    let before = from;
    let after = to;
    if (from < unit) {
      for (const { index } of this.segmenter.segment(this.text.slice(from, to))) {
        const boundary = from + index;
        if (boundary <= unit) before = boundary;
        else {
          after = boundary;
          break;
        }
      }
    }
    if (before === unit) after = unit;
    const result = { before, after };
    this.cache.set(unit, result);
    return result;
  }

  /** Scanning at most this far for a certain boundary; past it, pathological clusters are cut. */
  private static readonly REACH = 4096;

  private certainBoundaryBefore(unit: number): number {
    const limit = Math.max(0, unit - GraphemeBoundaries.REACH);
    for (let offset = unit; offset > limit; offset--) if (this.isCertainBoundary(offset)) return offset;
    return this.isInsidePair(limit) ? limit - 1 : limit;
  }

  private certainBoundaryAfter(unit: number): number {
    const limit = Math.min(this.text.length, unit + GraphemeBoundaries.REACH);
    for (let offset = unit; offset < limit; offset++) if (this.isCertainBoundary(offset)) return offset;
    return this.isInsidePair(limit) ? limit + 1 : limit;
  }

  /**
   * A boundary every rule of UAX #29 agrees on without looking further: the ends of the
   * text, after a line feed (GB4), before a line break not preceded by CR (GB3, GB5), and
   * between two characters of scripts without combining sequences (ASCII, Latin-1 and Latin
   * extensions, Greek, Cyrillic letters, CJK ideographs): none of them extends, joins or
   * prepends.
   */
  private isCertainBoundary(offset: number): boolean {
    if (offset <= 0 || offset >= this.text.length) return true;
    const previous = this.text.charCodeAt(offset - 1);
    const current = this.text.charCodeAt(offset);
    if (previous === 0x0a) return true;
    if (previous === 0x0d) return current !== 0x0a;
    if (current === 0x0a || current === 0x0d) return true;
    return isSimple(previous) && isSimple(current);
  }

  private isInsidePair(offset: number): boolean {
    return isHighSurrogate(this.text.charCodeAt(offset - 1)) && isLowSurrogate(this.text.charCodeAt(offset));
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function isSimple(code: number): boolean {
  return (
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0x2ff) ||
    (code >= 0x370 && code <= 0x482) ||
    (code >= 0x4e00 && code <= 0x9fff)
  );
}

/** Token pairs (old × new) above which sentences are not diffed but mapped proportionally. */
const TOKEN_PAIR_LIMIT = 16_000_000;
/** Character pairs, over all changed stretches of one correction, that may be diffed. */
const CHARACTER_PAIR_BUDGET = 4_000_000;
/** A sentence or a line with the white space after it: the diff's coarse tokens. */
const TOKEN = /[^.!?\n]*[.!?\n]+\s*|[^.!?\n]+$/g;

/**
 * Where an old offset lands in the new body (UTF-16 units): breakpoints (old, new) from a
 * diff of the two bodies, read by interpolation, which is exact along unchanged text and
 * proportional across a changed stretch.
 *
 * fast-diff has no time limit and costs O(n·d): two unrelated 100k bodies take seconds.
 * So the bodies are diffed in stages, each bounded: the common prefix and suffix are cut
 * off; the middle is diffed as sentences (one character per distinct sentence, as
 * diff-match-patch's line mode does); each changed stretch is then diffed character by
 * character while a budget of character pairs lasts.
 */
class PositionMap {
  private readonly oldUnits: number[] = [];
  private readonly newUnits: number[] = [];
  private budget = CHARACTER_PAIR_BUDGET;

  constructor(
    private readonly oldBody: string,
    private readonly newBody: string,
  ) {
    const head = commonPrefixLength(oldBody, newBody);
    const tail = commonSuffixLength(oldBody, newBody, head);
    this.point(0, 0);
    this.point(head, head);
    this.alignSentences(head, oldBody.length - tail, head, newBody.length - tail);
    this.point(oldBody.length, newBody.length);
  }

  /** The new offset of an old one; an old offset where text was inserted lands after the insertion. */
  map(oldUnit: number): number {
    // The last breakpoint at or before the offset.
    let low = 0;
    let high = this.oldUnits.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (at(this.oldUnits, middle) <= oldUnit) low = middle;
      else high = middle - 1;
    }
    const fromOld = at(this.oldUnits, low);
    const fromNew = at(this.newUnits, low);
    if (low + 1 >= this.oldUnits.length) return Math.min(fromNew, this.newBody.length);
    const toOld = at(this.oldUnits, low + 1);
    const toNew = at(this.newUnits, low + 1);
    return Math.floor(fromNew + ((oldUnit - fromOld) * (toNew - fromNew)) / (toOld - fromOld));
  }

  private point(oldUnit: number, newUnit: number): void {
    this.oldUnits.push(oldUnit);
    this.newUnits.push(newUnit);
  }

  private alignSentences(oldStart: number, oldEnd: number, newStart: number, newEnd: number): void {
    const oldTokens = this.oldBody.slice(oldStart, oldEnd).match(TOKEN) ?? [];
    const newTokens = this.newBody.slice(newStart, newEnd).match(TOKEN) ?? [];
    const codes = new Map<string, string>();
    const encode = (tokens: string[]): string | undefined => {
      let encoded = "";
      for (const token of tokens) {
        let code = codes.get(token);
        if (code === undefined) {
          // One UTF-16 unit per distinct token, skipping the surrogates.
          const next = codes.size < 0xd800 ? codes.size : codes.size + 0x800;
          if (next > 0xffff) return undefined;
          code = String.fromCharCode(next);
          codes.set(token, code);
        }
        encoded += code;
      }
      return encoded;
    };
    const oldEncoded = encode(oldTokens);
    const newEncoded = encode(newTokens);
    if (oldEncoded === undefined || newEncoded === undefined || oldTokens.length * newTokens.length > TOKEN_PAIR_LIMIT) {
      this.alignCharacters(oldStart, oldEnd, newStart, newEnd);
      return;
    }

    let oldToken = 0;
    let newToken = 0;
    let oldAt = oldStart;
    let newAt = newStart;
    let changedOld = oldAt;
    let changedNew = newAt;
    const length = (tokens: string[], from: number, count: number): number =>
      tokens.slice(from, from + count).reduce((sum, token) => sum + token.length, 0);
    for (const [operation, codesOfTokens] of diff(oldEncoded, newEncoded)) {
      const count = codesOfTokens.length;
      if (operation === diff.EQUAL) {
        this.alignCharacters(changedOld, oldAt, changedNew, newAt);
        const run = length(oldTokens, oldToken, count);
        oldToken += count;
        newToken += count;
        oldAt += run;
        newAt += run;
        this.point(oldAt, newAt);
        changedOld = oldAt;
        changedNew = newAt;
      } else if (operation === diff.DELETE) {
        oldAt += length(oldTokens, oldToken, count);
        oldToken += count;
      } else {
        newAt += length(newTokens, newToken, count);
        newToken += count;
      }
    }
    this.alignCharacters(changedOld, oldAt, changedNew, newAt);
  }

  /** A changed stretch: diffed character by character while the budget lasts, else proportional. */
  private alignCharacters(oldStart: number, oldEnd: number, newStart: number, newEnd: number): void {
    this.point(oldStart, newStart);
    const pairs = (oldEnd - oldStart) * (newEnd - newStart);
    if (pairs > 0 && pairs <= this.budget) {
      this.budget -= pairs;
      let oldAt = oldStart;
      let newAt = newStart;
      for (const [operation, text] of diff(this.oldBody.slice(oldStart, oldEnd), this.newBody.slice(newStart, newEnd))) {
        if (operation !== diff.INSERT) oldAt += text.length;
        if (operation !== diff.DELETE) newAt += text.length;
        this.point(oldAt, newAt);
      }
    }
    this.point(oldEnd, newEnd);
  }
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let length = 0;
  while (length < limit && a.charCodeAt(length) === b.charCodeAt(length)) length++;
  return length;
}

/** The common suffix, not reaching into the first `taken` units of either text. */
function commonSuffixLength(a: string, b: string, taken: number): number {
  const limit = Math.min(a.length, b.length) - taken;
  let length = 0;
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}
