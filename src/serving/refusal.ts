import { type ServerResponse } from "node:http";
import { ErrorCode } from "../errors";

/**
 * A request refused before GraphQL sees it (too large, not UTF-8, over a limit…): answered in
 * GraphQL's error shape, with a code, the part of the request at fault, and an HTTP status.
 */
export interface Refusal {
  status: number;
  message: string;
  extensions: { code: string; [key: string]: unknown };
  headers?: Record<string, string>;
}

/** A refusal of bad input: `argumentPath` names the part of the request at fault ("body", "batch", "query string"…). */
export function badInput(status: number, message: string, argumentPath: string): Refusal {
  return { status, message, extensions: { code: ErrorCode.BAD_USER_INPUT, argumentPath } };
}

/** Writes a JSON answer whole, with its length. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Answers a refusal: `{ errors: [{ message, extensions }] }` with its status and headers. */
export function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  sendJson(res, refusal.status, { errors: [{ message: refusal.message, extensions: refusal.extensions }] }, refusal.headers);
}
