import { html } from "htm/preact";
import { useEffect } from "preact/hooks";
import { reviewBadge } from "../source-revisions";
import { type ReviewStatus } from "../types";
import { type OperationState } from "../use-operation";

/** Sets the page's title (what a screen reader announces, and the tab's name). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Interview Graph`;
  }, [title]);
}

/** What a view shows while its one request is on its way, or when it failed. */
export function pending(state: OperationState<unknown>) {
  if (state.error) return html`<p class="error" role="alert">Could not load this page: ${state.error}</p>`;
  return html`<p class="loading" role="status">Loading…</p>`;
}

export function pluralize(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A review other than UNREVIEWED, as a small badge, with the reviewer's note when there is one. */
export function ReviewBadge({ status, note = null }: { status: ReviewStatus; note?: string | null }) {
  const badge = reviewBadge(status);
  if (badge === null) return null;
  return html` <span class=${`badge review ${badge}`} data-review=${status}>${badge}</span>${note ? html` <span class="review-note">${note}</span>` : null}`;
}
