/** The trusted operations' ids by name, read at build time from the project's persisted-query manifest (vite.config.mts). */
declare const __OPERATION_HASHES__: Record<string, string>;

export type OperationName = "PersonTimeline" | "CompanyTimeline" | "TopicDashboard" | "QuoteSearch" | "SourceReader" | "PeopleDirectory";

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
  const send = () => fetch(`/graphql?${params.toString()}`, { headers: { accept: "application/json" }, ...(signal ? { signal } : {}) });
  let response = await send();
  // A gateway that lost its database for a moment (503) or asks a client to slow down (429) says
  // when to come back: a reader waits that long (a few seconds at most) rather than see an error.
  for (let retry = 0; retry < MAX_RETRIES && RETRYABLE_STATUSES.has(response.status); retry += 1) {
    await pause(retryDelayMs(response.headers.get("retry-after")), signal);
    response = await send();
  }
  const body = (await response.json()) as { data?: T | null; errors?: ApiError[] };
  if (body.errors?.length || !body.data) throw new OperationFailed(body.errors ?? [{ message: `HTTP ${response.status}` }]);
  return body.data;
}

/** Answers worth asking for again after a pause: the database was unreachable, or the client too fast. */
const RETRYABLE_STATUSES = new Set([429, 503]);
const MAX_RETRIES = 2;
/** The longest pause before a retry, whatever Retry-After asks: a reader will not wait longer. */
const MAX_RETRY_DELAY_MS = 5_000;

/** Retry-After in seconds (the gateway sends seconds, never a date), capped; 1 s when absent. */
function retryDelayMs(retryAfter: string | null): number {
  const seconds = Number(retryAfter);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_DELAY_MS) : 1_000;
}

/** Resolves after `ms`, or rejects at once when the view that asked goes away. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
