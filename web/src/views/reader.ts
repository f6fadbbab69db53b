import { html } from "htm/preact";
import { useEffect } from "preact/hooks";
import { segmentBody, shorten, spanFragment, targetOf, type Span } from "../reader-segments";
import { describeDay, fuzzyLabel, quoteAddress, quotesDrawnIn, readerAddress, revisionAsked } from "../source-revisions";
import { describeDate } from "../timeline-geometry";
import { type ReaderQuote, type SourceReader, type SourceRevision } from "../types";
import { useOperation } from "../use-operation";
import { pending, pluralize, ReviewBadge, useTitle } from "./common";

/**
 * A source as it was written: the body of one of its revisions (the current one unless the
 * address asks for `?revision=N`) with every quote that stands in it marked at its span, its
 * headings as sections, the quotes listed in the margin with their topics and reviews. A quote
 * whose words a correction changed a little (FUZZY) is marked so, never as exact; the quotes a
 * correction orphaned are listed on the current text and drawn on the earlier one they stand
 * in. `#q=start-end` marks that span of the body drawn (a quote, or the evidence of a career
 * step) and scrolls to it.
 */
export function ReaderView({ slug, params, hash }: { slug: string; params: URLSearchParams; hash: string }) {
  const asked = revisionAsked(params);
  const state = useOperation<SourceReader>("SourceReader", { slug, revision: asked.revision, first: 100 });
  const source = state.data?.source;
  useTitle(source?.title ?? "Source");
  // The revision the answer shown holds (its variables'), not the address's: while the next
  // revision is on its way the last one stays shown, and only its own quotes and spans may be
  // drawn on its body; the address's span waits for the body it points into.
  const answered = state.variables === null ? undefined : ((state.variables.revision as number | null | undefined) ?? null);
  const target = answered === asked.revision ? targetOf(hash) : null;

  useEffect(() => {
    if (!source || !target) return;
    const marked = document.getElementById("target");
    marked?.scrollIntoView({ block: "center" });
    marked?.focus({ preventScroll: true });
  }, [source, hash]);

  if (!state.data) return pending(state);
  if (!source) return html`<section><h1>No such source</h1><p>No source is known as <code>${slug}</code>.</p></section>`;
  const current = source.revision;
  const drawn = answered ?? current;
  const drawnRevision = source.revisions.find((revision) => revision.number === drawn);
  const orphans = state.data.orphaned.edges.map(({ node }) => node);
  const orphaned = state.data.orphaned.totalCount;
  const quotes = quotesDrawnIn<ReaderQuote>(drawn, current, source.quotes.edges.map(({ node }) => node), orphans);
  const statusOf = new Map(quotes.map((quote) => [quote.id, quote.anchor.status]));
  const blocks = segmentBody(source.body, source.sections, quotes, target);
  let targetMarked = false;
  const isTarget = (span: Span) => target !== null && target.start === span.start && target.end === span.end;

  return html`
    <article class="reader">
      <header>
        <h1>${source.title}</h1>
        <p class="meta">
          ${source.kind.replace(/_/g, " ").toLowerCase()}${source.narrator ? html`, with <a href=${`/people/${source.narrator.slug}`}>${source.narrator.name}</a>` : null}${source.publishedOn ? `, published ${describeDate(source.publishedOn)}` : ", date unknown"}${source.publisher ? `, ${source.publisher}` : ""}
          ${source.url ? html` · <a href=${source.url}>original</a>` : null}
        </p>
        <p class="meta small">
          SHA-256 of the text: <code>${(drawnRevision?.bodySha256 ?? source.bodySha256).slice(0, 16)}…</code> · ${pluralize(source.quotes.totalCount, "quote")}${orphaned > 0 ? html`, ${drawn === current ? html`<a href="#orphans">${orphaned} orphaned by a correction</a>` : `${orphaned} orphaned by a correction`}` : null}
        </p>
        ${asked.invalid !== null ? html`<p class="invalid" role="alert">The address’s revision “${asked.invalid}” is not a revision number: the current text is shown.</p>` : null}
        <${Revisions} slug=${slug} revisions=${source.revisions} current=${current} drawn=${drawn} />
      </header>
      <div class="reader-body">
        <div class="text">
          ${drawn === current
            ? null
            : html`<p class="earlier-text" role="note">
                This is an earlier text of the source, before a correction. Only the quotes the correction orphaned are marked in it; the others are marked in${" "}
                <a href=${readerAddress(slug, null)}>the current text</a>.
              </p>`}
          ${blocks.map((block) => {
            const content = block.segments.map((segment) => {
              const segmentIsTarget = segment.target && !targetMarked;
              if (segmentIsTarget) targetMarked = true;
              const statuses = segment.quoteIds.map((id) => statusOf.get(id));
              const fuzzy = statuses.includes("FUZZY");
              const orphaned = statuses.includes("ORPHANED");
              const classes = [segment.quoteIds.length > 0 ? "quote" : "", fuzzy ? "fuzzy" : "", orphaned ? "orphaned" : "", segment.target ? "target" : ""].filter(Boolean).join(" ");
              if (!classes) return segment.text;
              const title = orphaned ? "Orphaned by a correction: not in the current text" : fuzzy ? "Changed a little by a correction" : undefined;
              return html`<mark class=${classes} id=${segmentIsTarget ? "target" : undefined} tabindex=${segmentIsTarget ? "-1" : undefined} title=${title} data-quotes=${segment.quoteIds.join(" ")}>${segment.text}</mark>`;
            });
            return block.kind === "heading" ? html`<h2>${content}</h2>` : html`<p>${content}</p>`;
          })}
        </div>
        <aside class="margin" aria-label="Quotes in this source">
          ${drawn === current
            ? html`
                <h2>Quotes</h2>
                <ol>
                  ${quotes.map((quote) => html`<${MarginQuote} quote=${quote} current=${isTarget(quote.span)} />`)}
                </ol>
                ${orphans.length > 0
                  ? html`
                      <section class="orphans" id="orphans" aria-labelledby="orphans-title">
                        <h2 id="orphans-title">Orphaned by a correction</h2>
                        <p class="meta small">Their words are no longer in the text: each stands in the revision a correction left it in.</p>
                        <ol>
                          ${orphans.map((quote) => html`<${OrphanedQuote} slug=${slug} quote=${quote} />`)}
                        </ol>
                        ${orphaned > orphans.length ? html`<p class="meta small">The first ${orphans.length} of ${orphaned}.</p>` : null}
                      </section>
                    `
                  : null}
              `
            : html`
                <h2>Orphaned in this revision</h2>
                ${quotes.length > 0
                  ? html`<ol>
                      ${quotes.map((quote) => html`<${MarginQuote} quote=${quote} current=${isTarget(quote.span)} />`)}
                    </ol>`
                  : html`<p class="meta">No quote was left in this revision by a correction.</p>`}
              `}
        </aside>
      </div>
    </article>
  `;
}

/** Which revision is drawn, and every revision the source has had (its date and note), each a link. */
function Revisions({ slug, revisions, current, drawn }: { slug: string; revisions: SourceRevision[]; current: number; drawn: number }) {
  const only = revisions.length === 1 ? revisions[0] : undefined;
  return html`
    <section class="revisions" aria-labelledby="revision-status">
      <p id="revision-status" class="revision-status">
        <strong>Revision ${drawn} of ${current}</strong>${drawn === current ? (only ? `, as first imported on ${describeDay(only.createdAt)}` : ", the current text") : ", an earlier text"}
      </p>
      ${only
        ? null
        : html`<ol class="revision-list">
            ${revisions.map(
              (revision) => html`
                <li class=${revision.number === drawn ? "drawn" : undefined} data-revision=${revision.number}>
                  <a href=${readerAddress(slug, revision.number === current ? null : revision.number)} aria-current=${revision.number === drawn ? "page" : undefined}>Revision ${revision.number}</a>, ${describeDay(revision.createdAt)}${revision.note
                    ? html`: <span class="note">${revision.note}</span>`
                    : revision.number === 1
                      ? ", as first imported"
                      : null}
                </li>
              `,
            )}
          </ol>`}
    </section>
  `;
}

/** A quote drawn in the body: its words (a link to its span), how a correction carried it, who said it, its topics and review. */
function MarginQuote({ quote, current }: { quote: ReaderQuote; current: boolean }) {
  const classes = [current ? "current" : "", quote.anchor.status === "FUZZY" ? "fuzzy" : "", quote.anchor.status === "ORPHANED" ? "orphaned" : ""].filter(Boolean).join(" ");
  return html`
    <li class=${classes || undefined} data-anchor=${quote.anchor.status}>
      <a href=${spanFragment(quote.span)}>“${shorten(quote.text, 90)}”</a>
      ${quote.anchor.status === "FUZZY" ? html`<p class="anchor-label fuzzy">${fuzzyLabel(quote.anchor.previousText)}</p>` : null}
      ${quote.anchor.status === "ORPHANED" ? html`<p class="anchor-label orphaned">orphaned: not in the current text</p>` : null}
      <p class="meta">${quote.speaker.name}<${ReviewBadge} status=${quote.review.status} note=${quote.review.note} />${quote.topics.map((topic) => html` <a class="tag" href=${`/quotes?topic=${topic.slug}`}>${topic.name}</a>`)}</p>
    </li>
  `;
}

/**
 * An orphaned quote, listed on the current text: its old words, whole (the current text no
 * longer holds them to read), and a link to the revision they stand in.
 */
function OrphanedQuote({ slug, quote }: { slug: string; quote: ReaderQuote }) {
  return html`
    <li class="orphaned" data-anchor="ORPHANED" data-revision=${quote.anchor.revision}>
      <span class="old-words">“${quote.text}”</span>
      <p class="meta">${quote.speaker.name}<${ReviewBadge} status=${quote.review.status} note=${quote.review.note} /> · <a href=${quoteAddress(slug, quote)}>in revision ${quote.anchor.revision}</a></p>
    </li>
  `;
}
