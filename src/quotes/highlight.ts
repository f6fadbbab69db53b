import { HEADLINE_START, HEADLINE_STOP } from "./quote-query";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * The highlight of an edge, as HTML: the quote's text escaped, with the words the search
 * matched in `<mark>…</mark>`. `headline` is PostgreSQL's ts_headline of the text, with the
 * matches between HEADLINE_START and HEADLINE_STOP. Should the text itself hold those control
 * characters, the marks could not be told apart: the text is then returned escaped, unmarked.
 */
export function highlightHtml(text: string, headline: string): string {
  const unmarked = headline.replaceAll(HEADLINE_START, "").replaceAll(HEADLINE_STOP, "");
  if (unmarked !== text || text.includes(HEADLINE_START) || text.includes(HEADLINE_STOP)) return escapeHtml(text);
  let html = "";
  let marked = false;
  for (const part of headline.split(new RegExp(`([${HEADLINE_START}${HEADLINE_STOP}])`))) {
    if (part === HEADLINE_START) marked = true;
    else if (part === HEADLINE_STOP) marked = false;
    else if (part !== "") html += marked ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part);
  }
  return html;
}
