/**
 * Text that PostgreSQL stores exactly as it was sent. It cannot hold NUL (U+0000): a statement
 * with one fails. A lone surrogate is not Unicode at all: UTF-8 has no bytes for it, so the driver
 * sends U+FFFD in its place, and what is read back is not what was written. Inputs are checked for
 * both before any SQL runs, and refused under their path.
 */

// With the u flag, \p{Cs} matches only surrogates that are not half of a pair.
const UNSTORABLE = /[\0\p{Cs}]/u;

/** Why a string cannot be stored as it is; null when it can. */
export function unstorableTextProblem(text: string): string | null {
  const found = UNSTORABLE.exec(text)?.[0];
  if (found === undefined) return null;
  if (found === "\0") return "must not contain the NUL character (U+0000)";
  return `must be well-formed Unicode, not a lone surrogate (U+${found.charCodeAt(0).toString(16).toUpperCase()})`;
}

/** Every string in `value` (itself, or in its arrays and objects, at any depth) that cannot be stored, by path. */
export function findUnstorableText(value: unknown, path: PropertyKey[] = []): Array<{ path: PropertyKey[]; message: string }> {
  if (typeof value === "string") {
    const message = unstorableTextProblem(value);
    return message === null ? [] : [{ path, message }];
  }
  if (value === null || typeof value !== "object") return [];
  const members: Array<[PropertyKey, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return members.flatMap(([key, member]) => findUnstorableText(member, [...path, key]));
}
