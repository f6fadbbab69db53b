/** The trusted operations' SHA-256 hashes by name, computed at build time (vite.config.ts). */
declare const __OPERATION_HASHES__: Record<string, string>;

export type OperationName = "PersonTimeline" | "TopicDashboard" | "QuoteSearch" | "SourceReader" | "PeopleDirectory";

/** A GraphQL error as the gateway sends it. */
export interface ApiError {
  message: string;
  extensions?: { code?: string };
}

export class OperationFailed extends Error {
  constructor(readonly errors: ApiError[]) {
    super(errors.map((error) => error.message).join("; "));
  }
}

/**
 * Runs a trusted operation of schema/operations/ by its hash (Apollo's persisted-query
 * protocol, over GET so that HTTP caches may keep the answer): one round trip, never the
 * query's text.
 */
export async function runOperation<T>(name: OperationName, variables: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  const hash = __OPERATION_HASHES__[name];
  if (!hash) throw new Error(`no trusted operation ${name}`);
  const params = new URLSearchParams({
    operationName: name,
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }),
  });
  // The header a plain link cannot send: Apollo's CSRF prevention lets GET requests with it through.
  const response = await fetch(`/graphql?${params.toString()}`, { headers: { "apollo-require-preflight": "true", accept: "application/json" }, ...(signal ? { signal } : {}) });
  const body = (await response.json()) as { data?: T | null; errors?: ApiError[] };
  if (body.errors?.length || !body.data) throw new OperationFailed(body.errors ?? [{ message: `HTTP ${response.status}` }]);
  return body.data;
}
