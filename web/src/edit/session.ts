/**
 * Where the workspace keeps what survives a reload: the API key for the tab only (sessionStorage:
 * gone when the tab closes, never in the address nor in storage that outlives the session), and
 * the draft in localStorage (work in progress must survive a reload and a closed tab; it holds no
 * key). Storage a browser refuses (private modes, full quota) is skipped: the workspace still
 * works, it only forgets sooner.
 */
import { type Draft, emptyDraft } from "./draft";

const KEY_ITEM = "interview-graph.editor-key";
const DRAFT_ITEM = "interview-graph.editor-draft";

function attempt<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback;
  }
}

export function storedKey(): string | null {
  return attempt(() => sessionStorage.getItem(KEY_ITEM), null);
}

export function keepKey(key: string): void {
  attempt(() => sessionStorage.setItem(KEY_ITEM, key), undefined);
}

export function forgetKey(): void {
  attempt(() => sessionStorage.removeItem(KEY_ITEM), undefined);
}

/** The draft kept by the last change, or null; a part a kept draft lacks (kept by an older workspace) is the empty draft's. */
export function storedDraft(): Draft | null {
  const text = attempt(() => localStorage.getItem(DRAFT_ITEM), null);
  if (!text) return null;
  const kept = attempt(() => JSON.parse(text) as Partial<Draft>, null);
  if (!kept || typeof kept !== "object") return null;
  const empty = emptyDraft();
  return { ...empty, ...kept, source: { ...empty.source, ...kept.source } };
}

export function keepDraft(draft: Draft): void {
  attempt(() => localStorage.setItem(DRAFT_ITEM, JSON.stringify(draft)), undefined);
}

export function forgetDraft(): void {
  attempt(() => localStorage.removeItem(DRAFT_ITEM), undefined);
}
