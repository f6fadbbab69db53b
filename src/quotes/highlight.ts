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

/** {@link escapeHtml} in SQL, over a SQL text expression. */
function escapeHtmlSql(text: string): string {
  return Object.entries(HTML_ESCAPES).reduce((sql, [char, entity]) => `replace(${sql}, '${char.replace("'", "''")}', '${entity}')`, text);
}

/**
 * {@link highlightHtml} in SQL (a trusted operation's statement writes it, graphql/json/): the
 * same HTML from SQL expressions of the text and of its headline, the headline made once.
 */
export function highlightHtmlSql(text: string, headline: string): string {
  const [start, stop] = [`chr(${HEADLINE_START.charCodeAt(0)})`, `chr(${HEADLINE_STOP.charCodeAt(0)})`];
  return `(SELECT CASE WHEN replace(replace(h.headline, ${start}, ''), ${stop}, '') = ${text} AND strpos(${text}, ${start}) = 0 AND strpos(${text}, ${stop}) = 0
      THEN replace(replace(${escapeHtmlSql("h.headline")}, ${start}, '<mark>'), ${stop}, '</mark>') ELSE ${escapeHtmlSql(text)} END FROM (SELECT ${headline} AS headline) h)`;
}
