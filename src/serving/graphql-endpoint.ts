import { type IncomingMessage, type ServerResponse } from "node:http";
import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import etag from "etag";
import fresh from "fresh";
import proxyAddr from "proxy-addr";
import vary from "vary";
import { ErrorCode } from "../errors";
import { type Logger } from "../logger";
import { type OperationCheck, operationGate, sentOperations } from "./operation-gate";
import { corsHandler } from "./cors";
import { type Metrics } from "./metrics";
import { type RateLimiter } from "./rate-limits";
import { BodyRefusal, drain, readJsonBody } from "./request-body";
import { batchProblem, parsedOrNull, queryStringProblem, tooDeepProblem } from "./request-bounds";
import { type Refusal, sendJson, sendRefusal } from "./refusal";

/** What the endpoint needs besides Apollo. */
export interface GraphqlEndpointOptions<TContext extends BaseContext> {
  maxBodyBytes: number;
  maxBatchSize: number;
  /** The proxies whose X-Forwarded-For names the client: a number of nearest hops (0: none, the socket's peer is the client), or their addresses and subnets. */
  trustProxy: number | string[];
  /** The origins browser apps may call from (CORS): `*`, or a list. */
  corsOrigins: "*" | string[];
  /** Every request needs an API key (REQUIRE_KEY_FOR_READS): no answer may be kept by a shared cache. */
  keyRequired: boolean;
  rateLimiter: RateLimiter;
  /** The checks of each operation's text before GraphQL parses it (shape; in trusted mode, its hash). */
  operationChecks: OperationCheck[];
  metrics: Metrics;
  logger: Logger;
  /** The request's context: who is asking (from its Authorization header), from which address. */
  contextOf(req: IncomingMessage, clientAddress: string): Promise<TContext>;
}

/** Whether a request's URL is the GraphQL endpoint's: /graphql, with or without more path or a query string. */
export function isGraphqlUrl(url: string | undefined): boolean {
  return url !== undefined && url.startsWith("/graphql") && (url.length === 8 || "/?".includes(url[8] as string));
}

/**
 * /graphql, served on node:http itself (a framework's router and body parsers cost more per
 * request than the rest of a small query). In order: the rate limit, the query string (GET) or
 * the JSON body (POST), its depth, the batch size, each operation's text; then Apollo. What
 * fails a check is refused in GraphQL's error shape, with a code and where, before any SQL.
 */
export function graphqlEndpoint<TContext extends BaseContext>(apollo: ApolloServer<TContext>, options: GraphqlEndpointOptions<TContext>) {
  const gate = operationGate(options.operationChecks, options.metrics);
  const trusted = trustedProxies(options.trustProxy);
  const cors = corsHandler(options.corsOrigins);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (cors(req, res)) return;
    // What an answer depends on besides its URL: the media type asked for (Apollo answers
    // application/graphql-response+json or application/json by Accept), and the key sent.
    vary(res, "Accept");
    const keyed = options.keyRequired || req.headers.authorization !== undefined;
    if (keyed) vary(res, "Authorization");
    const clientAddress = proxyAddr(req, trusted);
    const url = req.url ?? "/graphql";
    const search = url.includes("?") ? url.slice(url.indexOf("?")) : "";
    const method = (req.method ?? "GET").toUpperCase();
    const refusal = (await options.rateLimiter.check(header(req, "authorization"), clientAddress)) ?? queryStringProblem(search);
    if (refusal !== null) return sendRefusal(res, refusal);

    const body = method === "GET" || method === "HEAD" ? undefined : await readJsonBody(req, options.maxBodyBytes);
    const problem = method === "GET" ? getProblem(search) : (tooDeepProblem([["body", body]]) ?? batchProblem(body, options.maxBatchSize) ?? gate(sentOperations(body)));
    if (problem !== null) return sendRefusal(res, problem);

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search, body },
      context: () => options.contextOf(req, clientAddress),
    });
    await write(req, res, response, keyed);
  }

  /** A GET's checks: its variables and extensions (JSON in the query string), and its operation's text. */
  function getProblem(search: string): Refusal | null {
    const parameters = new URLSearchParams(search);
    return (
      tooDeepProblem([
        ["variables", parsedOrNull(parameters.get("variables"))],
        ["extensions", parsedOrNull(parameters.get("extensions"))],
      ]) ?? gate(sentOperations({ query: parameters.get("query"), operationName: parameters.get("operationName") }))
    );
  }

  /** A refused body, answered once it is read; an error no check foresaw, logged whole and answered 500 without its details. */
  async function fail(req: IncomingMessage, res: ServerResponse, error: unknown): Promise<void> {
    if (error instanceof BodyRefusal) {
      await drain(req);
      return sendRefusal(res, error.refusal);
    }
    options.logger.error({ err: error }, "internal error serving /graphql");
    if (res.headersSent) res.destroy();
    else sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res)
      .catch((error: unknown) => fail(req, res, error))
      .catch((error: unknown) => options.logger.error({ err: error }, "could not answer a request to /graphql"));
  };
}

/** One request header as a string (repeated ones joined), or undefined. */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * Which X-Forwarded-For hops are trusted proxies (proxy-addr's model): the N nearest, or those
 * at the listed addresses. The client is the nearest address that is not a trusted proxy, so a
 * client cannot name itself by sending the header.
 */
function trustedProxies(trust: number | string[]): (address: string, hop: number) => boolean {
  if (Array.isArray(trust)) return proxyAddr.compile(trust);
  return (_address, hop) => hop < trust;
}

/**
 * Writes Apollo's answer. A whole one gets its length and, to a GET, an ETag: a GET whose
 * If-None-Match still holds is answered 304 without the body (what a CDN or browser revalidates).
 * The answer to a request that carries or needs a key is never for a shared cache: `public`
 * becomes `private` (it varies by Authorization too).
 */
async function write(req: IncomingMessage, res: ServerResponse, response: HTTPGraphQLResponse, keyed: boolean): Promise<void> {
  for (const [name, value] of response.headers) {
    if (name === "vary") vary(res, value);
    else if (name === "cache-control" && keyed) res.setHeader(name, value.replace(/\bpublic\b/, "private"));
    else res.setHeader(name, value);
  }
  res.statusCode = response.status ?? 200;
  const type = res.getHeader("content-type");
  if (typeof type === "string" && !type.includes("charset=")) res.setHeader("content-type", `${type}; charset=utf-8`);
  if (response.body.kind === "chunked") {
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
    return;
  }
  const body = response.body.string;
  if (req.method === "GET" && res.statusCode >= 200 && res.statusCode < 300) {
    const tag = etag(body, { weak: true });
    res.setHeader("etag", tag);
    if (fresh(req.headers, { etag: tag })) {
      res.statusCode = 304;
      res.removeHeader("content-type");
      res.end();
      return;
    }
  }
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}
