import { type NextFunction, type Request, type Response } from "express";
import { ErrorCode } from "../errors";

/**
 * What a request must be before GraphQL sees it: UTF-8 throughout, JSON within MAX_BODY_BYTES,
 * a batch within MAX_BATCH_SIZE. Anything else is refused with 4xx, in GraphQL's error shape,
 * with a code and the part of the request at fault (`argumentPath`), before any SQL.
 */

function refuse(res: Response, status: number, message: string, argumentPath: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT, argumentPath } }] });
}

/** Thrown by `verifyUtf8` for a body that is not UTF-8. */
class InvalidUtf8Error extends Error {}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The `verify` hook of express.json: a body with a byte sequence that is not UTF-8 is refused,
 * where the JSON parser would quietly turn it into U+FFFD and store that.
 */
export function verifyUtf8(_req: Request, _res: Response, body: Buffer): void {
  try {
    strictUtf8.decode(body);
  } catch {
    const offset = firstInvalidUtf8Byte(body);
    throw new InvalidUtf8Error(`the request body is not valid UTF-8 (at byte ${offset})`);
  }
}

/** The offset of the first byte that does not begin a whole UTF-8 sequence. */
function firstInvalidUtf8Byte(bytes: Buffer): number {
  let low = 0;
  let high = bytes.length;
  // The longest prefix that decodes (a cut inside a sequence fails too, so step back over it).
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

/**
 * A GET request's parameters must percent-decode to UTF-8 (`%FF` does not): the query-string
 * parser would otherwise pass on U+FFFD in their place.
 */
export function utf8QueryString(req: Request, res: Response, next: NextFunction): void {
  const search = req.originalUrl.indexOf("?");
  if (search >= 0) {
    for (const part of req.originalUrl.slice(search + 1).split("&")) {
      try {
        decodeURIComponent(part.replace(/\+/g, " "));
      } catch {
        const name = part.split("=")[0] ?? "";
        refuse(res, 400, `the query-string parameter ${JSON.stringify(name.slice(0, 40))} is not valid percent-encoded UTF-8`, "query string");
        return;
      }
    }
  }
  next();
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
 * and thousands of nested arrays would exhaust its stack. A GET's `variables` and `extensions`
 * are checked as the JSON they hold.
 */
export function jsonDepthLimit(req: Request, res: Response, next: NextFunction): void {
  const parts: Array<[string, unknown]> = req.method === "GET" ? ["variables", "extensions"].map((name) => [name, parsedOrNull((req.query as Record<string, unknown>)[name])]) : [["body", req.body]];
  for (const [where, value] of parts) {
    if (jsonDepth(value) > MAX_JSON_DEPTH) {
      refuse(res, 400, `the request's JSON nests deeper than ${MAX_JSON_DEPTH} levels`, where);
      return;
    }
  }
  next();
}

/** A query-string parameter's JSON, or null when it is absent or not JSON (GraphQL reports that). */
function parsedOrNull(value: unknown): unknown {
  if (typeof value !== "string") return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

/** A batch of operations (a JSON array) holds at most `max` of them. */
export function batchLimit(max: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (Array.isArray(req.body) && req.body.length > max) {
      refuse(res, 400, `a batch holds at most ${max} operations, this one ${req.body.length}`, "batch");
      return;
    }
    next();
  };
}

/** A body too large, not UTF-8 or not JSON is refused in GraphQL's shape with a clear code. */
export function requestErrors(maxBodyBytes: number) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const { type, status } = (error ?? {}) as { type?: string; status?: number };
    if (type === "entity.too.large") {
      refuse(res, 413, `the request body is over ${maxBodyBytes} bytes`, "body");
    } else if (type === "entity.verify.failed" && error instanceof InvalidUtf8Error) {
      refuse(res, 400, error.message, "body");
    } else if (type === "entity.parse.failed" || type === "charset.unsupported" || type === "encoding.unsupported") {
      refuse(res, 400, `the request body is not valid JSON: ${(error as Error).message}`, "body");
    } else if (status !== undefined && status >= 400 && status < 500) {
      refuse(res, status, (error as Error).message, "body");
    } else {
      next(error);
    }
  };
}
