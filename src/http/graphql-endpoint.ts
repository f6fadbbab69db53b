import { type IncomingMessage, type ServerResponse } from "node:http";
import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import etag from "etag";
import fresh from "fresh";
import proxyAddr from "proxy-addr";
import vary from "vary";
import { ErrorCode } from "../errors";
import { type Logger } from "../logger";
import { type OperationCheck, operationGate, sentOperations } from "./operation-gate";
import { RequestBudget } from "../db/admission";
import { corsHandler } from "./cors";
import { type Metrics } from "../runtime/metrics";
import { type RateLimiter } from "./rate-limits";
import { BodyRefusal, drain, readJsonBody } from "./request-body";
import { batchProblem, parsedOrNull, queryStringProblem, tooDeepProblem } from "./request-bounds";
import { type Refusal, sendJson, sendRefusal } from "./refusal";

/** Who sends a request, once their key is checked: enough for the endpoint to count them. */
export interface Caller {
  apiKeyId: string;
}

/** Why a request's Authorization header is refused (it names no valid key): a 401, or the database could not be asked. */
export type Identification<TCaller extends Caller> = { caller: TCaller | null; statements: number } | { refusal: Refusal };

/** What the endpoint needs besides Apollo. */
export interface GraphqlEndpointOptions<TContext extends BaseContext, TCaller extends Caller> {
  maxBodyBytes: number;
  maxBatchSize: number;
  /** The most SQL statements one request may run, its batch's operations together. */
  maxStatementsPerRequest: number;
  /** The most requests one client address may have in flight at once. */
  maxRequestsInFlightPerClient: number;
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
  /**
   * Who sends the request, from its Authorization header (none: null), checked before its body
   * is read; a bad key is refused (401), and so is a request without one where keys are required.
   */
  identify(authorization: string | undefined): Promise<Identification<TCaller>>;
  /** An operation's context: who is asking, from which address, within the request's budget (a batch's operations share it). */
  contextOf(request: { req: IncomingMessage; clientAddress: string; caller: TCaller | null; budget: RequestBudget; statementsBefore: number }): Promise<TContext>;
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
export function graphqlEndpoint<TContext extends BaseContext, TCaller extends Caller>(apollo: ApolloServer<TContext>, options: GraphqlEndpointOptions<TContext, TCaller>) {
  const gate = operationGate(options.operationChecks, options.metrics);
  const trusted = trustedProxies(options.trustProxy);
  const cors = corsHandler(options.corsOrigins);
  const inFlight = new InFlight(options.maxRequestsInFlightPerClient);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (cors(req, res)) return;
    // What an answer depends on besides its URL: the media type asked for (Apollo answers
    // application/graphql-response+json or application/json by Accept), and the key sent.
    vary(res, "Accept");
    const authorization = header(req, "authorization");
    const keyed = options.keyRequired || authorization !== undefined;
    if (keyed) vary(res, "Authorization");
    const clientAddress = proxyAddr(req, trusted);
    const url = req.url ?? "/graphql";
    const search = url.includes("?") ? url.slice(url.indexOf("?")) : "";
    const method = (req.method ?? "GET").toUpperCase();

    if (!inFlight.enter(clientAddress)) return refuseUnread(req, res, inFlight.refusal());
    res.once("close", () => inFlight.leave(clientAddress));
    // A key is checked before the body is read; an address that has sent too many bad keys is
    // refused before its next one is even looked up.
    if (authorization !== undefined) {
      const blocked = await options.rateLimiter.failedAuthenticationBlocked(clientAddress);
      if (blocked) return refuseUnread(req, res, blocked);
    }
    const identified = await options.identify(authorization);
    if ("refusal" in identified) {
      // A bad key counts against the address twice over: its failed-auth limit, and its limit as
      // any request without a key (a fresh random token per request buys no fresh budget).
      const bad = identified.refusal.status === 401;
      const limited = bad ? ((await options.rateLimiter.failedAuthentication(clientAddress)) ?? (await options.rateLimiter.check(null, clientAddress))) : null;
      return refuseUnread(req, res, limited ?? identified.refusal);
    }
    const { caller } = identified;
    const refusal = (await options.rateLimiter.check(caller?.apiKeyId ?? null, clientAddress)) ?? queryStringProblem(search);
    if (refusal !== null) return refuseUnread(req, res, refusal);

    const body = method === "GET" || method === "HEAD" ? undefined : await readJsonBody(req, options.maxBodyBytes);
    const problem = method === "GET" ? getProblem(search) : (tooDeepProblem([["body", body]]) ?? batchProblem(body, options.maxBatchSize) ?? gate(sentOperations(body)));
    if (problem !== null) return sendRefusal(req, res, problem);

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    const budget = new RequestBudget(options.maxStatementsPerRequest);
    // The key's lookup counts for the first operation's statements only.
    let statementsBefore = identified.statements;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search, body },
      context: () => {
        const context = options.contextOf({ req, clientAddress, caller, budget, statementsBefore });
        statementsBefore = 0;
        return context;
      },
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
      return sendRefusal(req, res, error.refusal);
    }
    options.logger.error({ err: error }, "internal error serving /graphql");
    if (res.headersSent) res.destroy();
    else sendJson(req, res, 500, { errors: [{ message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res)
      .catch((error: unknown) => fail(req, res, error))
      .catch((error: unknown) => options.logger.error({ err: error }, "could not answer a request to /graphql"));
  };
}

/** Refuses a request whose body is not read: read to its end first, so the connection stays usable. */
async function refuseUnread(req: IncomingMessage, res: ServerResponse, refusal: Refusal): Promise<void> {
  await drain(req);
  sendRefusal(req, res, refusal);
}

/**
 * Requests in flight per client address: past the cap, a client gets 429 until some of its
 * requests are answered, so one address cannot hold every slot of the gateway whatever the
 * rate it keeps under.
 */
class InFlight {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  enter(address: string): boolean {
    const count = this.counts.get(address) ?? 0;
    if (this.max > 0 && count >= this.max) return false;
    this.counts.set(address, count + 1);
    return true;
  }

  leave(address: string): void {
    const count = (this.counts.get(address) ?? 1) - 1;
    if (count <= 0) this.counts.delete(address);
    else this.counts.set(address, count);
  }

  refusal(): Refusal {
    return {
      status: 429,
      message: `too many requests in flight from this address (at most ${this.max} at once): retry in 1 s`,
      extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: 1 },
      headers: { "retry-after": "1" },
    };
  }
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
