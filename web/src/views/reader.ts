import { html } from "htm/preact";
import { useEffect } from "preact/hooks";
import { segmentBody, shorten, spanFragment, targetOf } from "../reader-segments";
import { describeDate } from "../timeline-geometry";
import { type SourceReader } from "../types";
import { useOperation } from "../use-operation";
import { pending, pluralize, useTitle } from "./common";

/**
 * A source as it was written: its body with every quote marked at its span, its headings as
 * sections, the quotes listed in the margin with their topics. `#q=start-end` marks that span
 * (a quote, or the evidence of a career step) and scrolls to it.
 */
export function ReaderView({ slug, hash }: { slug: string; hash: string }) {
  const state = useOperation<SourceReader>("SourceReader", { slug, first: 100 });
  const source = state.data?.source;
  useTitle(source?.title ?? "Source");
  const target = targetOf(hash);

  useEffect(() => {
    if (!source || !target) return;
    const marked = document.getElementById("target");
    marked?.scrollIntoView({ block: "center" });
    marked?.focus({ preventScroll: true });
  }, [source, hash]);

  if (!state.data) return pending(state);
  if (!source) return html`<section><h1>No such source</h1><p>No source is known as <code>${slug}</code>.</p></section>`;
  const quotes = source.quotes.edges.map(({ node }) => node);
  const blocks = segmentBody(source.body, source.sections, quotes, target);
  let targetMarked = false;
  const markedQuotes = new Set<string>();

  return html`
    <article class="reader">
      <header>
        <h1>${source.title}</h1>
        <p class="meta">
          ${source.kind.replace(/_/g, " ").toLowerCase()}${source.narrator ? html`, with <a href=${`/people/${source.narrator.slug}`}>${source.narrator.name}</a>` : null}${source.publishedOn ? `, published ${describeDate(source.publishedOn)}` : ", date unknown"}${source.publisher ? `, ${source.publisher}` : ""}
          ${source.url ? html` · <a href=${source.url}>original</a>` : null}
        </p>
        <p class="meta small">SHA-256 of the text: <code>${source.bodySha256.slice(0, 16)}…</code> · ${pluralize(source.quotes.totalCount, "quote")}</p>
      </header>
      <div class="reader-body">
        <div class="text">
          ${blocks.map((block) => {
            const content = block.segments.map((segment) => {
              const first = segment.quoteIds.find((id) => !markedQuotes.has(id));
              if (first) markedQuotes.add(first);
              const isTarget = segment.target && !targetMarked;
              if (isTarget) targetMarked = true;
              const classes = [segment.quoteIds.length > 0 ? "quote" : "", segment.target ? "target" : ""].filter(Boolean).join(" ");
              if (!classes) return segment.text;
              return html`<mark class=${classes} id=${isTarget ? "target" : undefined} tabindex=${isTarget ? "-1" : undefined} data-quotes=${segment.quoteIds.join(" ")}>${segment.text}</mark>`;
            });
            return block.kind === "heading" ? html`<h2>${content}</h2>` : html`<p>${content}</p>`;
          })}
        </div>
        <aside class="margin" aria-label="Quotes in this source">
          <h2>Quotes</h2>
          <ol>
            ${quotes.map(
              (quote) => html`
                <li class=${target && target.start === quote.span.start && target.end === quote.span.end ? "current" : ""}>
                  <a href=${spanFragment(quote.span)}>“${shorten(quote.text, 90)}”</a>
                  <p class="meta">${quote.speaker.name}${quote.topics.map((topic) => html` <a class="tag" href=${`/quotes?topic=${topic.slug}`}>${topic.name}</a>`)}</p>
                </li>
              `,
            )}
          </ol>
        </aside>
      </div>
    </article>
  `;
}
