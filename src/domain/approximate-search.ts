/**
 * approx-string-match (Hypothesis' own approximate matcher: Myers' bit-parallel algorithm, any
 * pattern length) is published as an ES module only. Node (20.19 and later) loads it with
 * `require` as it is; jest's module system gets it compiled (jest.config.js). Offsets and
 * errors are in UTF-16 code units.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const library = require("approx-string-match") as { default: (text: string, pattern: string, maxErrors: number) => ApproximateMatch[] };

/** A place where the pattern matches the text with `errors` edits (Levenshtein), `end` exclusive. */
export interface ApproximateMatch {
  start: number;
  end: number;
  errors: number;
}

/** Every best place in `text` (UTF-16 offsets) where `pattern` matches with at most `maxErrors` edits. */
export function searchApproximately(text: string, pattern: string, maxErrors: number): ApproximateMatch[] {
  return library.default(text, pattern, maxErrors);
}
