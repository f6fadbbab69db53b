import { BadUserInputError } from "../errors";

/** A position in one ordered list: the values of its sort key, tagged with the list's name. */
export type CursorKey = Array<string | number>;

/**
 * Cursors are opaque to clients: base64url of JSON `[list, ...key]`. A cursor from another list,
 * or anything that is not a cursor, is BAD_USER_INPUT naming the argument.
 */
export function encodeCursor(list: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([list, ...key]), "utf8").toString("base64url");
}

/** What each value of a cursor's key must be: checked before the key reaches SQL. */
export type CursorValueShape = "string" | "integer" | "uuid";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function fits(value: unknown, shape: CursorValueShape): boolean {
  if (shape === "integer") return Number.isInteger(value);
  return typeof value === "string" && (shape === "string" || UUID.test(value));
}

export function decodeCursor(list: string, cursor: string, shape: readonly CursorValueShape[], argumentPath = "after"): CursorKey {
  const invalid = () => new BadUserInputError(`${argumentPath}: not a cursor of this list`, argumentPath);
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded[0] !== list || decoded.length !== shape.length + 1) throw invalid();
  const key = decoded.slice(1) as unknown[];
  if (!key.every((value, i) => fits(value, shape[i] ?? "string"))) throw invalid();
  return key as CursorKey;
}

/** The page size when a client names none. */
export const DEFAULT_PAGE_SIZE = 20;

/** The largest page a client may ask for. */
export const MAX_PAGE_SIZE = 100;

/** Checks `first`: 0 to 100, else BAD_USER_INPUT naming the argument. */
export function checkPageSize(first: number, argumentPath = "first"): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`${argumentPath}: must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, argumentPath);
  }
  return first;
}
