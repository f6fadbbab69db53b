/** GraphQL answers over HTTP as the tests that compare two ways of answering read them: status, headers, and the body with keys sorted. */

export interface Answer {
  status: number;
  cacheControl: string | null;
  /** `sql`, `resolvers` or `cache` (x-answered-by). */
  answeredBy: string | null;
  statements: string | null;
  /** The body with its keys sorted, as JSON. */
  normalised: string;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: string } }> };
}

/** A value with its objects' keys sorted, so that two answers compare whatever their key order. */
export function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
  return value;
}

/** An HTTP response read as an Answer. */
export async function answerOf(response: Response): Promise<Answer> {
  const body = JSON.parse(await response.text()) as Answer["body"];
  return {
    status: response.status,
    cacheControl: response.headers.get("cache-control"),
    answeredBy: response.headers.get("x-answered-by"),
    statements: response.headers.get("x-sql-statements"),
    normalised: JSON.stringify(sorted(body)),
    body,
  };
}
