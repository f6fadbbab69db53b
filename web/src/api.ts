/** The trusted operations' ids by name, read at build time from the project's persisted-query manifest (vite.config.mts). */
declare const __OPERATION_HASHES__: Record<string, string>;

/** The explorer's operations (reads, by GET). */
export type OperationName = "PersonTimeline" | "CompanyTimeline" | "TopicDashboard" | "QuoteSearch" | "SourceReader" | "PeopleDirectory";

/** The editor's workspace's operations (sent by POST, with its API key). */
export type EditorOperationName =
  | "EditorViewer"
  | "EditorLookup"
  | "EditorSource"
  | "ImportInterview"
  | "UpdateQuote"
  | "RemoveQuote"
  | "ReviewQuote"
  | "UpdateCareerStep"
  | "RemoveCareerStep"
  | "ReviewCareerStep"
  | "ReviseSource"
  | "SourceAudit"
  | "RevertAuditEvent";

/** One problem of a refused input, by its path (`bundle.quotes[3].text`, `input.text`). */
export interface InputProblem {
  argumentPath: string;
  message: string;
}

/** A GraphQL error as the gateway sends it. */
export interface ApiError {
  message: string;
  extensions?: { code?: string; argumentPath?: string; problems?: InputProblem[] };
}

export class OperationFailed extends Error {
  constructor(
    readonly errors: ApiError[],
    /** The HTTP status of the answer (0 when none came: the network failed). */
    readonly status = 200,
  ) {
    super(errors.map((error) => error.message).join("; "));
  }

  /** The code of the first error that has one (`CONFLICT`, `BAD_USER_INPUT`, `UNAUTHENTICATED`…). */
  get code(): string | undefined {
    return this.errors.find((error) => error.extensions?.code)?.extensions?.code;
  }
}

/** A trusted operation's id (its hash), from the project's manifest. */
function hashOf(name: string): string {
  const hash = __OPERATION_HASHES__[name];
  if (!hash) throw new Error(`no trusted operation ${name}`);
  return hash;
}

/**
 * Runs a trusted operation of schema/operations/ by its hash (Apollo's persisted-query
 * protocol, over GET so that HTTP caches may keep the answer): one round trip, never the
 * query's text.
 */
export async function runOperation<T>(name: OperationName, variables: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  const params = new URLSearchParams({
    operationName: name,
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hashOf(name) } }),
  });
  return answerOf<T>(await withRetries(() => fetch(`/graphql?${params.toString()}`, { headers: { accept: "application/json" }, ...(signal ? { signal } : {}) }), signal));
}

/**
 * Runs one of the workspace's trusted operations by its hash, by POST (mutations must), with the
 * editor's API key as a Bearer token. A network failure, a 503 or a 429 is retried as the
 * explorer's reads are; what still fails is an OperationFailed.
 */
export async function sendOperation<T>(name: EditorOperationName, variables: Record<string, unknown>, key: string, signal?: AbortSignal): Promise<T> {
  const body = JSON.stringify({ operationName: name, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(name) } } });
  const send = () => fetch("/graphql", { method: "POST", headers: { accept: "application/json", "content-type": "application/json", authorization: `Bearer ${key}` }, body, ...(signal ? { signal } : {}) });
  return answerOf<T>(await withRetries(send, signal));
}

/** The data of an answer, or its errors as an OperationFailed. */
async function answerOf<T>(response: Response): Promise<T> {
  let body: { data?: T | null; errors?: ApiError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new OperationFailed([{ message: `the gateway answered HTTP ${response.status}, not GraphQL` }], response.status);
  }
  if (body.errors?.length || !body.data) throw new OperationFailed(body.errors ?? [{ message: `HTTP ${response.status}` }], response.status);
  return body.data;
}

/**
 * Sends, and again after a pause when the gateway lost its database for a moment (503) or asks
 * a client to slow down (429): it says when to come back, and a person waits that long (a few
 * seconds at most) rather than see an error. A request that never reached the gateway (a network
 * error) is tried again the same way.
 */
async function withRetries(send: () => Promise<Response>, signal?: AbortSignal): Promise<Response> {
  for (let retry = 0; ; retry += 1) {
    let response: Response | null = null;
    try {
      response = await send();
    } catch (error) {
      if (signal?.aborted || retry >= MAX_RETRIES) throw signal?.aborted ? error : new OperationFailed([{ message: "the gateway could not be reached; check the connection and try again" }], 0);
    }
    if (response && (!RETRYABLE_STATUSES.has(response.status) || retry >= MAX_RETRIES)) return response;
    await pause(retryDelayMs(response?.headers.get("retry-after") ?? null), signal);
  }
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
