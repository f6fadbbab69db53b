/**
 * Corrections through the gateway's HTTP endpoint, as clients send them: there the spans are
 * re-anchored on the worker thread (content/re-anchoring.ts), and the answers must be those of
 * the same correction re-anchored on this thread.
 */
import { existsSync } from "node:fs";
import { bearer, graphql, type OwnApp, startOwnApp } from "../support/http";
import { ApiKeyRole, createKey } from "../support/keys";
import { REANCHOR_WORKER } from "../../src/content/re-anchoring";
import { reanchorSpans } from "../../src/content/re-anchor.worker";

const ESSAY = "openai-engineer-as-told-to";

let own: OwnApp;
let editor: Record<string, string>;

beforeAll(async () => {
  own = await startOwnApp();
  editor = bearer((await createKey(own.app.database.dataSource, ApiKeyRole.EDITOR)).secret);
});

afterAll(async () => {
  await own?.finish();
});

interface Outcome {
  status: string;
  score: number;
  previousSpan: { start: number; end: number };
  span: { start: number; end: number } | null;
}

it("re-anchors on the worker thread what this thread would, quotes and steps alike", async () => {
  expect(existsSync(REANCHOR_WORKER)).toBe(true);
  const read = await graphql<{ source: { body: string; version: number } }>(own.app, `{ source(slug: "${ESSAY}") { body version } }`);
  const body = read.data?.source.body ?? "";
  // A note on top, a typo fixed inside a long quote, a sentence cut.
  const corrected = `Corrected in 2025.\n\n${body.replace("probably the best talent out there.", "probably the best talent out there!").replace("With GPT-5, for instance, we had early access to it and could steer the direction of its launch. ", "")}`;
  expect(corrected).not.toBe(`Corrected in 2025.\n\n${body}`);

  const tasksBefore = own.app.serving.workers.completed;
  const reply = await graphql<{ reviseSource: { anchors: Outcome[] } }>(
    own.app,
    `mutation ($input: ReviseSourceInput!) { reviseSource(input: $input) { anchors { status score previousSpan { start end } span { start end } } } }`,
    { input: { source: ESSAY, body: corrected, expectedVersion: read.data?.source.version } },
    editor,
  );
  expect(reply.errors).toBeUndefined();
  expect(own.app.serving.workers.completed).toBe(tasksBefore + 1);
  const anchors = reply.data?.reviseSource.anchors ?? [];
  expect(new Set(anchors.map((anchor) => anchor.status))).toEqual(new Set(["SHIFTED", "FUZZY", "ORPHANED"]));

  // The same correction, re-anchored here: the answer is the worker's, span for span.
  const here = reanchorSpans({
    oldBody: body,
    newBody: corrected,
    quotes: anchors.slice(0, anchors.length - 2).map((anchor) => anchor.previousSpan),
    steps: anchors.slice(-2).map((anchor) => anchor.previousSpan),
  });
  const expected = [...here.quotes, ...here.steps].map((result) => ({ status: result.status, score: result.score, span: result.status === "ORPHANED" ? null : { start: result.start, end: result.end } }));
  expect(anchors.map(({ status, score, span }) => ({ status, score, span }))).toEqual(expected);
});
