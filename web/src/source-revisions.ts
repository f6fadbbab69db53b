/**
 * A source's revisions as the reader shows them: which revision an address asks for, the
 * address of a quote's words (an ORPHANED quote's stand in an earlier body), which quotes are
 * drawn on which body, and how a quote's anchor and review are put in words.
 */
import { spanFragment, type Span } from "./reader-segments";
import { type AnchorStatus, type ReviewStatus } from "./types";

/** What `?revision=` asks for: a revision from 1, or the current one (null); `invalid` holds a value that is neither. */
export interface RevisionAsked {
  revision: number | null;
  invalid: string | null;
}

/** The revision of a reader's address (`?revision=N`); a value that is not a whole number from 1 asks for the current one, and is said to be ignored. */
export function revisionAsked(params: URLSearchParams): RevisionAsked {
  const value = params.get("revision");
  if (value === null || value === "") return { revision: null, invalid: null };
  // Nine digits at most: well past any source's revisions, and within the API's Int.
  if (!/^[1-9]\d{0,8}$/.test(value)) return { revision: null, invalid: value };
  return { revision: Number(value), invalid: null };
}

/**
 * The reader's address of a source at a revision (null: the current one, whose address has no
 * query, so that the address shared for the current text stays the same after a correction),
 * pointing at a span when one is given.
 */
export function readerAddress(slug: string, revision: number | null, span?: Span): string {
  return `/sources/${slug}${revision === null ? "" : `?revision=${revision}`}${span ? spanFragment(span) : ""}`;
}

/**
 * Where a quote's words stand: its span in the current body, or, for an ORPHANED quote, in the
 * body of the revision it was left in (the only body its span indexes).
 */
export function quoteAddress(slug: string, quote: { span: Span; anchor: { status: AnchorStatus; revision: number } }): string {
  return readerAddress(slug, quote.anchor.status === "ORPHANED" ? quote.anchor.revision : null, quote.span);
}

/**
 * The quotes drawn on the body of revision `drawn`: on the current body, its quotes (EXACT,
 * SHIFTED, FUZZY: the API never lists an ORPHANED one there); on an earlier body, the ORPHANED
 * quotes whose span indexes it. The quotes carried over into the current body are not drawn on
 * an earlier one: their spans there are not kept, and a guess could mark the wrong words.
 */
export function quotesDrawnIn<Quote extends { anchor: { revision: number } }>(drawn: number, current: number, currentQuotes: Quote[], orphans: Quote[]): Quote[] {
  if (drawn === current) return currentQuotes.filter((quote) => quote.anchor.revision === current);
  return orphans.filter((quote) => quote.anchor.revision === drawn);
}

/** The label of a quote whose words a correction changed a little: never to be read as exact. */
export function fuzzyLabel(previousText: string | null): string {
  return previousText === null ? "changed a little by a correction" : `changed a little: was “${previousText}”`;
}

/** The badge of a review; none while unreviewed (the common case, which a badge on every quote would drown). */
export function reviewBadge(status: ReviewStatus): string | null {
  return status === "UNREVIEWED" ? null : status.toLowerCase();
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The day of an ISO 8601 instant in words, in UTC ("3 May 2026"), so that every reader sees the same day. */
export function describeDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ""} ${date.getUTCFullYear()}`;
}

/**
 * Where a step's evidence stands: its span in the current body, or, when a correction ORPHANED
 * it, in the body of the revision it was left in (the only body its span indexes).
 */
export function evidenceAddress(step: { anchor: { status: string } | null; evidence: { span: { start: number; end: number }; revision: number; source: { slug: string } } | null }): string | undefined {
  if (!step.evidence) return undefined;
  return readerAddress(step.evidence.source.slug, step.anchor?.status === "ORPHANED" ? step.evidence.revision : null, step.evidence.span);
}
