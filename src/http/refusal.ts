import { type IncomingMessage, type ServerResponse } from "node:http";
import Negotiator from "negotiator";
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

/** The media types of a GraphQL answer, in Apollo Server's order of preference. */
const GRAPHQL_MEDIA_TYPES = ["application/json", "application/graphql-response+json"];

/**
 * The media type of an answer to this request, as Apollo Server chooses it (GraphQL over HTTP):
 * what `Accept` prefers of `application/json` and `application/graphql-response+json`, JSON
 * when it says nothing or accepts neither. A client that asks for the GraphQL media type reads
 * a 4xx in it as GraphQL errors; in plain JSON, as a transport failure.
 */
function mediaTypeFor(req: IncomingMessage): string {
  const accept = req.headers.accept;
  if (!accept) return "application/json";
  return new Negotiator({ headers: { accept } }).mediaType(GRAPHQL_MEDIA_TYPES) ?? "application/json";
}

/** Writes a GraphQL-shaped JSON answer whole, with its length, in the media type the request accepts. */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, "content-type": `${mediaTypeFor(req)}; charset=utf-8`, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Answers a refusal: `{ errors: [{ message, extensions }] }` with its status and headers. */
export function sendRefusal(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
  sendJson(req, res, refusal.status, { errors: [{ message: refusal.message, extensions: refusal.extensions }] }, refusal.headers);
}

/** Writes a whole answer that is not GraphQL's (health, metrics, the explorer's pages), with its length. */
export function sendPlain(res: ServerResponse, status: number, body: string | Buffer, type = "text/plain; charset=utf-8", headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(res.req.method === "HEAD" ? undefined : body);
}
