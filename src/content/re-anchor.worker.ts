import { reanchor, type Reanchored, type SpanToReanchor } from "../domain/re-anchor";

/** What a correction asks of re-anchoring: the old and new bodies, and the spans of its quotes and of its steps' evidence. */
export interface ReanchorTask {
  oldBody: string;
  newBody: string;
  quotes: SpanToReanchor[];
  steps: SpanToReanchor[];
}

/** Where each quote and each step's evidence now stands, in the order of the task's spans. */
export interface ReanchorResult {
  quotes: Reanchored[];
  steps: Reanchored[];
}

/** Re-anchors a correction's spans: no two quotes on one span; evidence may be shared. */
export function reanchorSpans(task: ReanchorTask): ReanchorResult {
  return {
    quotes: reanchor(task.oldBody, task.newBody, task.quotes, { distinctSpans: true }),
    steps: reanchor(task.oldBody, task.newBody, task.steps),
  };
}

/** The same on a worker thread (piscina calls the default export with each task: re-anchoring.ts sends it). */
export default function reanchorOnWorker(task: ReanchorTask): ReanchorResult {
  return reanchorSpans(task);
}
