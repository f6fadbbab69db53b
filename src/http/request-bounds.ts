import { badInput, type Refusal } from "./refusal";

/**
 * What a request must be before GraphQL sees it, besides its body (request-body.ts): a query
 * string that decodes to UTF-8, JSON that does not nest too deep, a batch within MAX_BATCH_SIZE.
 * Each check answers the refusal (4xx, with the part of the request at fault) or null.
 */

/**
 * A GET request's parameters must percent-decode to UTF-8 (`%FF` does not): the query-string
 * parser would otherwise pass on U+FFFD in their place.
 */
export function queryStringProblem(search: string): Refusal | null {
  if (search.length <= 1) return null;
  for (const part of search.slice(1).split("&")) {
    try {
      decodeURIComponent(part.replace(/\+/g, " "));
    } catch {
      const name = part.split("=")[0] ?? "";
      return badInput(400, `the query-string parameter ${JSON.stringify(name.slice(0, 40))} is not valid percent-encoded UTF-8`, "query string");
    }
  }
  return null;
}

/** The deepest a request's JSON (its body, or a GET's variables and extensions) may nest. */
export const MAX_JSON_DEPTH = 32;

/** How deep a parsed JSON value nests, measured without recursion (so a hostile depth cannot exhaust the stack). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * A request's JSON nests at most MAX_JSON_DEPTH deep: GraphQL coerces variables recursively,
 * and thousands of nested arrays would exhaust its stack. `parts` name where each value came
 * from: the body, or a GET's `variables` and `extensions` (checked as the JSON they hold).
 */
export function tooDeepProblem(parts: Array<[where: string, value: unknown]>): Refusal | null {
  for (const [where, value] of parts) {
    if (jsonDepth(value) > MAX_JSON_DEPTH) return badInput(400, `the request's JSON nests deeper than ${MAX_JSON_DEPTH} levels`, where);
  }
  return null;
}

/** A query-string parameter's JSON, or null when it is absent or not JSON (GraphQL reports that). */
export function parsedOrNull(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

/** A batch of operations (a JSON array) holds at most `max` of them. */
export function batchProblem(body: unknown, max: number): Refusal | null {
  if (Array.isArray(body) && body.length > max) return badInput(400, `a batch holds at most ${max} operations, this one ${body.length}`, "batch");
  return null;
}
