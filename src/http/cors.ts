import { type IncomingMessage, type ServerResponse } from "node:http";
import cors from "cors";

/** The request headers browser clients send to a GraphQL API (Apollo Client, urql, Relay, graphql-request, Sandbox). */
export const CORS_ALLOWED_HEADERS = [
  "content-type",
  "authorization",
  "accept",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "apollographql-client-name",
  "apollographql-client-version",
  "x-request-id",
];

/** The response headers a browser app may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = ["etag", "retry-after", "www-authenticate", "x-request-id", "x-sql-statements", "x-answered-by"];

/** How long a browser may keep a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for browser apps on other origins (the `cors` package): any origin (`*`) or the listed
 * ones (answered with the asking origin and `Vary: Origin`), GET, POST and the preflight's
 * OPTIONS, the headers clients send. No credentials: no request here is authenticated by a
 * cookie, so a page on another origin gains nothing a script anywhere could not do.
 * Answers true when the request was a preflight, now answered (204): the middleware answers
 * at once, since its origins are fixed, not looked up.
 */
export function corsHandler(origins: "*" | string[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  const middleware = cors({
    origin: origins === "*" ? "*" : origins,
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    optionsSuccessStatus: 204,
  });
  return (req, res) => {
    let passedOn = false;
    middleware(req, res, () => {
      passedOn = true;
    });
    return !passedOn;
  };
}
