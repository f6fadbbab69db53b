import { join, relative } from "node:path";
import { type Context } from "../graphql/context";
import { PROJECT_ROOT } from "../project";
import { type ReanchorResult, reanchorSpans, type ReanchorTask } from "./re-anchor.worker";

/**
 * The worker module that re-anchors a correction's spans (re-anchor.worker.ts), compiled: beside
 * this file under dist/, or, when this runs from src/ (ts-jest), in dist/ (the tests' global
 * setup builds it).
 */
export const REANCHOR_WORKER = join(__filename.endsWith(".ts") ? join(PROJECT_ROOT, "dist", relative(PROJECT_ROOT, __dirname)) : __dirname, "re-anchor.worker.js");

/** How a correction's spans are re-anchored: on this thread, or on a worker. */
export type Reanchorer = (task: ReanchorTask) => Promise<ReanchorResult>;

/** On this thread: the commands, and the tests that run the API in their own process. */
export const reanchorHere: Reanchorer = (task) => Promise.resolve(reanchorSpans(task));

/**
 * Off the event loop when serving: re-anchoring a long body can take the CPU for a second or
 * more (a body replaced wholesale costs an approximate search per span), and the gateway goes on
 * answering its health checks and reads meanwhile. The transaction waits for it; no second
 * connection is asked for, so this is safe on the embedded database too.
 */
export function reanchorerOf(context: Context): Reanchorer {
  const offThread = context.offThread;
  if (!offThread) return reanchorHere;
  return (task) => offThread<ReanchorTask, ReanchorResult>(REANCHOR_WORKER, task);
}
