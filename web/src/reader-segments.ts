/**
 * A source body cut for reading: blocks (headings and paragraphs) and, inside each, segments
 * whose edges are the quotes' and the target span's edges, so that every quote and the span a
 * link points at can be marked exactly. Spans count code points, as the API's do.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Segment extends Span {
  text: string;
  /** The quotes that cover this segment. */
  quoteIds: string[];
  /** Inside the span a link points at (`#q=start-end`). */
  target: boolean;
}

export interface Block extends Span {
  kind: "heading" | "paragraph";
  segments: Segment[];
}

/** The blocks of a body: runs of non-blank lines; a block that is one of the source's headings is a heading. */
export function segmentBody(body: string, sections: string[], quotes: Array<{ id: string; span: Span }>, target: Span | null): Block[] {
  const points = [...body];
  const blocks: Block[] = [];
  let lineStart = 0;
  let blockStart: number | null = null;
  let blockEnd = 0;
  const close = () => {
    if (blockStart === null) return;
    const text = points.slice(blockStart, blockEnd).join("");
    blocks.push({ kind: sections.includes(text.trim()) ? "heading" : "paragraph", start: blockStart, end: blockEnd, segments: segmentsOf(points, blockStart, blockEnd, quotes, target) });
    blockStart = null;
  };
  for (let i = 0; i <= points.length; i += 1) {
    if (i < points.length && points[i] !== "\n") continue;
    const line = points.slice(lineStart, i).join("");
    if (line.trim() === "") close();
    else {
      blockStart ??= lineStart;
      blockEnd = i;
    }
    lineStart = i + 1;
  }
  close();
  return blocks;
}

function segmentsOf(points: string[], start: number, end: number, quotes: Array<{ id: string; span: Span }>, target: Span | null): Segment[] {
  const edges = new Set([start, end]);
  const inside = (position: number) => position > start && position < end;
  for (const span of [...quotes.map((quote) => quote.span), ...(target ? [target] : [])]) {
    if (inside(span.start)) edges.add(span.start);
    if (inside(span.end)) edges.add(span.end);
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const from = sorted[i] as number;
    const to = sorted[i + 1] as number;
    segments.push({
      start: from,
      end: to,
      text: points.slice(from, to).join(""),
      quoteIds: quotes.filter((quote) => quote.span.start <= from && quote.span.end >= to).map((quote) => quote.id),
      target: target !== null && target.start <= from && target.end >= to,
    });
  }
  return segments;
}

/** The span of a `#q=start-end` fragment, or null. */
export function targetOf(hash: string): Span | null {
  const match = /^#q=(\d+)-(\d+)$/.exec(hash);
  if (!match) return null;
  const span = { start: Number(match[1]), end: Number(match[2]) };
  return span.start < span.end ? span : null;
}

/** The fragment that points at a span in the source reader. */
export function spanFragment(span: Span): string {
  return `#q=${span.start}-${span.end}`;
}

/** A text cut to at most `limit` code points at a word boundary, with an ellipsis when cut. */
export function shorten(text: string, limit: number): string {
  const points = [...text];
  if (points.length <= limit) return text;
  const head = points.slice(0, limit - 1).join("");
  const endsAWord = /\s/u.test(points[limit - 1] ?? "");
  const lastSpace = head.lastIndexOf(" ");
  const cut = endsAWord || lastSpace <= limit / 2 ? head : head.slice(0, lastSpace);
  return `${cut.replace(/[\s,;:.]+$/u, "")}…`;
}
