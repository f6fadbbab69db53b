/** The marks drawn under the text to select in: pure, so that it can be tested alone. */
import { type TextRange } from "./draft";

/** A stretch of the text drawn marked: a quote, a step's evidence, a heading, or a problem. */
export interface TextMark extends TextRange {
  kind: "quote" | "step" | "heading" | "problem";
}

/** The text cut where any mark starts or ends, each piece with the kinds of marks over it. */
export function markedPieces(body: string, marks: readonly TextMark[]): Array<{ text: string; kinds: string[] }> {
  const cuts = new Set([0, body.length]);
  for (const mark of marks) {
    cuts.add(Math.max(0, Math.min(body.length, mark.start)));
    cuts.add(Math.max(0, Math.min(body.length, mark.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: Array<{ text: string; kinds: string[] }> = [];
  for (let index = 0; index + 1 < points.length; index++) {
    const start = points[index] ?? 0;
    const end = points[index + 1] ?? 0;
    const kinds = [...new Set(marks.filter((mark) => mark.start <= start && mark.end >= end).map((mark) => mark.kind))].sort();
    pieces.push({ text: body.slice(start, end), kinds });
  }
  return pieces;
}
