import { type App, startApp } from "../../src/app";
import { type Config } from "../../src/config";
import { createTestConfig, silentLogger } from "./test-database";

/** A GraphQL error as it comes over HTTP. */
export interface HttpGraphQLError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; argumentPath?: string; stacktrace?: unknown; [key: string]: unknown };
}

/** What one POST to /graphql answered. */
export interface GraphQLReply<T> {
  status: number;
  headers: Headers;
  data: T | null | undefined;
  errors: HttpGraphQLError[] | undefined;
  /** The x-sql-statements header, as a number; NaN when missing. */
  statements: number;
  raw: string;
}

/**
 * POSTs one operation to the app's /graphql, as any client would, with `headers` (e.g.
 * authorization); `signal` gives up on an answer that does not come (AbortSignal.timeout).
 */
export async function graphql<T = Record<string, unknown>>(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<GraphQLReply<T>> {
  const response = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const raw = await response.text();
  const body = JSON.parse(raw) as { data?: T | null; errors?: HttpGraphQLError[] };
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors, statements: Number(response.headers.get("x-sql-statements") ?? NaN), raw };
}

/** The Authorization header of a key. */
export function bearer(secret: string): Record<string, string> {
  return { authorization: `Bearer ${secret}` };
}

/** An app on a database of its own; `finish` closes it and drops the database. */
export interface OwnApp {
  app: App;
  config: Config;
  finish: () => Promise<void>;
}

export async function startOwnApp(overrides: Partial<Config> = {}, contentDir?: string): Promise<OwnApp> {
  const { config, drop } = await createTestConfig(overrides);
  let app: App;
  try {
    app = await startApp(config, silentLogger, contentDir ? { contentDir } : {});
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    app,
    config,
    finish: async () => {
      try {
        await app.close();
      } finally {
        await drop();
      }
    },
  };
}
