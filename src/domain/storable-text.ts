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

/**
 * Every string in `value` (itself, or in its arrays and objects, at any depth) that cannot be
 * stored, by path, in document order; walked without recursion, so no nesting exhausts the stack.
 */
export function findUnstorableText(value: unknown, path: PropertyKey[] = []): Array<{ path: PropertyKey[]; message: string }> {
  const found: Array<{ path: PropertyKey[]; message: string }> = [];
  const pending: Array<{ value: unknown; path: PropertyKey[] }> = [{ value, path }];
  while (pending.length > 0) {
    const next = pending.pop() as { value: unknown; path: PropertyKey[] };
    if (typeof next.value === "string") {
      const message = unstorableTextProblem(next.value);
      if (message !== null) found.push({ path: next.path, message });
      continue;
    }
    if (next.value === null || typeof next.value !== "object") continue;
    const members: Array<[PropertyKey, unknown]> = Array.isArray(next.value) ? next.value.map((item, index) => [index, item]) : Object.entries(next.value);
    // Pushed last first, so that they come off the stack in order.
    for (let i = members.length - 1; i >= 0; i -= 1) {
      const [key, member] = members[i] as [PropertyKey, unknown];
      pending.push({ value: member, path: [...next.path, key] });
    }
  }
  return found;
}
