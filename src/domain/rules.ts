/**
 * The rules of content values, written once: the API's inputs (class-validator, input-rules.ts),
 * the bundles (zod, content/bundle.schema.ts) and the database's checks (migrations) hold the
 * same ones, and tests/api/rules.test.ts feeds the same examples to all three. Pure: no library.
 */

/** A slug: lowercase letters and digits, words joined by single hyphens. The database checks the same pattern. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** What a slug must look like, for messages. */
export const SLUG_RULE = "expected a slug: lowercase letters and digits, words joined by single -";

/** Longest name, title, headline or label. */
export const MAX_NAME_LENGTH = 300;

/** Longest passage (quote text, evidence) an input takes. */
export const MAX_PASSAGE_LENGTH = 10_000;

/** Why a slug is not one, or null. */
export function slugProblem(value: string): string | null {
  return SLUG_PATTERN.test(value) ? null : SLUG_RULE;
}

/**
 * Why a text (a name, title, headline, publisher; with `max`, a passage) is refused: blank, or
 * longer than `max` characters, counted as Unicode code points (an emoji or a mathematical letter
 * is one, as a reader counts it, not two UTF-16 units); or null.
 */
export function textProblem(value: string, max = MAX_NAME_LENGTH): string | null {
  if (value.trim() === "") return "must not be empty";
  if (value.length > max && [...value].length > max) return `must be at most ${max} characters`;
  return null;
}

/**
 * Why a URL (a source's, a company's website) is refused, or null. It must be an absolute
 * http(s) URL that a browser parses (WHATWG URL), written with its scheme in lower case and
 * without white space: what the database's check (`~ '^https?://'`) and every client agree on.
 */
export function httpUrlProblem(value: string): string | null {
  if (!/^https?:\/\//.test(value)) return /^https?:\/\//i.test(value) ? "expected an http(s) URL with its scheme in lower case (https://…)" : "expected an http(s) URL (https://…)";
  if (/\s/.test(value)) return "expected an http(s) URL without white space";
  if (!URL.canParse(value)) return "expected an http(s) URL that parses (a host, valid escapes)";
  return null;
}
