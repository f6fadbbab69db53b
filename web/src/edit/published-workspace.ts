import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { OperationFailed, sendOperation } from "../api";
import { pluralize } from "../views/common";
import { type EditedQuoteFragment, type EditorSourceQuery, type ReviseSourceMutation, type SourceAuditQuery } from "../generated/operations";
import { type Span } from "../types";
import { occurrenceOf, type TextRange, trimRange, unitOffset } from "./draft";
import { DateField, TextField } from "./fields";
import { useKnown } from "./lookups";
import { type Option, Picker } from "./picker";
import { type TextMark } from "./marks";
import { SelectableText, selectInBox } from "./selectable-text";

type PublishedQuote = EditedQuoteFragment;

type EditorSource = NonNullable<EditorSourceQuery["source"]>;

/** A career step of the source, with its person (the steps come under their people). */
type PublishedStep = EditorSource["people"][number]["careerTimeline"][number] & { person: { slug: string; name: string } };

/** A published source as the workspace shows it: every quote (pages followed), the orphans, and this source's career steps. */
interface Loaded {
  id: string;
  slug: string;
  title: string;
  version: number;
  revision: number;
  body: string;
  quotes: PublishedQuote[];
  orphans: PublishedQuote[];
  steps: PublishedStep[];
}

type AnchorOutcome = ReviseSourceMutation["reviseSource"]["anchors"][number];

type AuditEvent = SourceAuditQuery["auditEvents"]["edges"][number]["node"];

/** A span of the API (code points) as a range of the text box (UTF-16). */
function rangeOfSpan(body: string, span: Span): TextRange {
  return { start: unitOffset(body, span.start), end: unitOffset(body, span.end) };
}

async function load(slug: string, apiKey: string): Promise<Loaded | null> {
  let after: string | null = null;
  let answer: EditorSourceQuery | null = null;
  const quotes: PublishedQuote[] = [];
  do {
    const page: EditorSourceQuery = await sendOperation<EditorSourceQuery>("EditorSource", { slug, after }, apiKey);
    if (!page.source) return null;
    answer ??= page;
    quotes.push(...page.source.quotes.edges.map((edge) => edge.node));
    after = page.source.quotes.pageInfo.hasNextPage ? page.source.quotes.pageInfo.endCursor : null;
  } while (after !== null);
  const source = answer?.source;
  if (!answer || !source) return null;
  const steps = source.people.flatMap((person) => person.careerTimeline.filter((step) => step.source?.slug === slug).map((step) => ({ ...step, person: { slug: person.slug, name: person.name } })));
  return { id: source.id, slug: source.slug, title: source.title, version: source.version, revision: source.revision, body: source.body, quotes, orphans: answer.orphaned.nodes, steps };
}

/** What went wrong with a change, in words: a conflict says someone changed it first. */
function failureWords(error: unknown): { message: string; conflict: boolean } {
  if (error instanceof OperationFailed) {
    if (error.code === "CONFLICT") return { message: `Not written: it was changed since you loaded it (${error.message}). Reload to see the change, then make yours again.`, conflict: true };
    const problems = error.errors.flatMap((each) => each.extensions?.problems ?? []);
    if (problems.length) return { message: problems.map((problem) => problem.message).join("; "), conflict: false };
    return { message: error.message, conflict: false };
  }
  return { message: (error as Error).message, conflict: false };
}

/**
 * Corrections of a published source: each quote and career step edited, re-selected, reviewed or
 * removed through the API's mutations, each with the version it was loaded at (a change made
 * meanwhile by someone else is refused with CONFLICT, and the workspace offers a reload); FUZZY
 * and ORPHANED anchors to review; the text corrected as a new revision, with each anchor's
 * outcome; and, for ADMIN keys, the source's audit trail with undo.
 */
export function PublishedWorkspace({ slug, apiKey, isAdmin }: { slug: string; apiKey: string; isAdmin: boolean }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; conflict: boolean } | null>(null);
  const [selection, setSelection] = useState<TextRange | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [revising, setRevising] = useState<{ body: string; note: string } | null>(null);
  const [outcomes, setOutcomes] = useState<{ revision: number; items: Array<AnchorOutcome & { label: string }> } | null>(null);
  const [audit, setAudit] = useState<AuditEvent[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const { known, search } = useKnown(apiKey);

  useEffect(() => {
    let current = true;
    load(slug, apiKey).then(
      (next) => {
        if (!current) return;
        setLoaded(next);
        setFailure(next ? null : `No source “${slug}”.`);
      },
      (error: unknown) => current && setFailure(`Could not load the source: ${(error as Error).message}`),
    );
    return () => {
      current = false;
    };
  }, [slug, apiKey, generation]);

  useEffect(() => {
    if (!isAdmin || !loaded) return;
    sendOperation<SourceAuditQuery>("SourceAudit", { nodeId: loaded.id }, apiKey).then(
      (answer) => setAudit(answer.auditEvents.edges.map((edge) => edge.node)),
      () => setAudit(null),
    );
  }, [isAdmin, loaded, apiKey]);

  const reload = () => {
    setMessage(null);
    setGeneration((value) => value + 1);
  };

  /** Runs a change; reloads after it (the page shows what the server holds); a refusal is said, a conflict offers a reload. */
  const change = async (what: string, run: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await run();
      setMessage({ text: `${what}: done.`, conflict: false });
      setEditing(null);
      setGeneration((value) => value + 1);
    } catch (error) {
      const words = failureWords(error);
      setMessage({ text: `${what}: ${words.message}`, conflict: words.conflict });
    } finally {
      setBusy(false);
    }
  };

  if (failure) return html`<p class="error" role="alert">${failure}</p>`;
  if (!loaded) return html`<p class="loading" role="status">Loading the source…</p>`;

  const body = loaded.body;
  const selected = selection ? trimRange(body, selection) : null;
  const selectedPassage = () => {
    const range = box.current ? trimRange(body, { start: box.current.selectionStart, end: box.current.selectionEnd }) : selected;
    if (!range) return null;
    const { occurrence, of } = occurrenceOf(body, range);
    return { text: body.slice(range.start, range.end), ...(of > 1 ? { occurrence } : {}) };
  };
  const marks: TextMark[] = [
    ...loaded.quotes.map((quote) => ({ ...rangeOfSpan(body, quote.span), kind: "quote" as const })),
    ...loaded.steps.flatMap((step) => (step.evidence && step.anchor?.status !== "ORPHANED" ? [{ ...rangeOfSpan(body, step.evidence.span), kind: "step" as const }] : [])),
  ];
  const toReview = [...loaded.quotes, ...loaded.orphans].filter((quote) => (quote.anchor.status === "FUZZY" || quote.anchor.status === "ORPHANED") && quote.review.status !== "CONFIRMED").length + loaded.steps.filter((step) => (step.anchor?.status === "FUZZY" || step.anchor?.status === "ORPHANED") && step.review.status !== "CONFIRMED").length;
  const labels = new Map<string, string>([...loaded.quotes, ...loaded.orphans].map((quote) => [quote.id, `Quote “${quote.text.slice(0, 60)}”`]));
  for (const step of loaded.steps) labels.set(step.id, `Step: ${step.title ?? "Role"} at ${step.company.name}`);

  const submitRevision = async () => {
    if (!revising) return;
    setBusy(true);
    try {
      const answer = await sendOperation<ReviseSourceMutation>(
        "ReviseSource",
        { input: { source: slug, body: revising.body, ...(revising.note.trim() ? { note: revising.note.trim() } : {}), expectedVersion: loaded.version } },
        apiKey,
      );
      setOutcomes({ revision: answer.reviseSource.revision.number, items: answer.reviseSource.anchors.map((anchor) => ({ ...anchor, label: labels.get(anchor.nodeId) ?? anchor.nodeId })) });
      setRevising(null);
      setMessage({ text: `The corrected text is revision ${answer.reviseSource.revision.number}.`, conflict: false });
      setGeneration((value) => value + 1);
    } catch (error) {
      const words = failureWords(error);
      setMessage({ text: `The correction was not written: ${words.message}`, conflict: words.conflict });
    } finally {
      setBusy(false);
    }
  };

  const quoteCard = (quote: PublishedQuote, orphan: boolean) => {
    const isEditing = editing === quote.id;
    const needsReview = (quote.anchor.status === "FUZZY" || quote.anchor.status === "ORPHANED") && quote.review.status !== "CONFIRMED";
    const update = (what: string, input: Record<string, unknown>) => change(what, () => sendOperation("UpdateQuote", { input: { id: quote.id, expectedVersion: quote.version, ...input } }, apiKey));
    return html`<li class=${`card quote-card${needsReview ? " needs-review" : ""}`} data-id=${quote.id} data-anchor=${quote.anchor.status}>
      <blockquote>“${quote.text}”</blockquote>
      <p class="meta">
        ${quote.speaker.name} · <span class=${`badge anchor ${quote.anchor.status.toLowerCase()}`}>${quote.anchor.status.toLowerCase()}</span>
        ${quote.review.status !== "UNREVIEWED" ? html` · <span class="badge review">${quote.review.status.toLowerCase()}</span>` : null}
        ${quote.topics.length ? ` · ${quote.topics.map((topic) => topic.name).join(", ")}` : ""}
      </p>
      ${quote.anchor.previousText && quote.anchor.previousText !== quote.text ? html`<p class="previous">Before the correction: “${quote.anchor.previousText}”</p>` : null}
      ${orphan ? html`<p class="hint">Its words are no longer in the text: it stands in revision ${quote.anchor.revision}.</p>` : null}
      <div class="card-actions">
        ${orphan ? null : html`<button type="button" class="small" onClick=${() => selectInBox(box.current, rangeOfSpan(body, quote.span))}>Show in text</button>`}
        ${needsReview ? html`<button type="button" class="small" disabled=${busy} onClick=${() => change("Confirmed", () => sendOperation("ReviewQuote", { input: { id: quote.id, status: "CONFIRMED", expectedVersion: quote.version } }, apiKey))}>Confirm</button>` : null}
        <button
          type="button"
          class="small"
          disabled=${busy || !selected}
          title="Select its words in the text first"
          onClick=${() => {
            const passage = selectedPassage();
            if (passage) void update("Its words re-selected", passage);
          }}
        >
          Use the selected words
        </button>
        <button type="button" class="small" aria-expanded=${isEditing} onClick=${() => setEditing(isEditing ? null : quote.id)}>${isEditing ? "Close" : "Edit"}</button>
        <button type="button" class="small" disabled=${busy} aria-label=${`Remove the quote “${quote.text.slice(0, 40)}”`} onClick=${() => change("Removed", () => sendOperation("RemoveQuote", { input: { id: quote.id, expectedVersion: quote.version } }, apiKey))}>Remove</button>
      </div>
      ${isEditing
        ? html`<div class="card-form">
            <${Picker}
              label="Speaker"
              noun="person"
              options=${known.people}
              chosen=${[{ slug: quote.speaker.slug, name: quote.speaker.name }]}
              onSearch=${search}
              onChoose=${(option: Option) => void update("Speaker changed", { speaker: option.slug })}
              onRemove=${() => setMessage({ text: "A quote always has a speaker: choose another one instead.", conflict: false })}
            />
            <${Picker}
              label="Topics"
              noun="topic"
              multiple
              options=${known.topics}
              chosen=${quote.topics}
              onSearch=${search}
              onChoose=${(option: Option) => void update("Topic added", { topics: [...quote.topics.map((topic) => topic.slug), option.slug] })}
              onRemove=${(removed: string) => void update("Topic removed", { topics: quote.topics.map((topic) => topic.slug).filter((each) => each !== removed) })}
            />
            <${Picker}
              label="Companies it names"
              noun="company"
              multiple
              options=${known.companies}
              chosen=${quote.companies}
              onSearch=${search}
              onChoose=${(option: Option) => void update("Company added", { companies: [...quote.companies.map((company) => company.slug), option.slug] })}
              onRemove=${(removed: string) => void update("Company removed", { companies: quote.companies.map((company) => company.slug).filter((each) => each !== removed) })}
            />
          </div>`
        : null}
    </li>`;
  };

  return html`
    ${message
      ? html`<div class=${message.conflict ? "notice conflict" : "notice"} role="alert">
          ${message.text} ${message.conflict ? html`<button type="button" onClick=${reload}>Reload</button>` : null}
        </div>`
      : null}
    <div class="workspace published">
      <section class="workspace-text" aria-labelledby="text-heading">
        <h2 id="text-heading">${loaded.title} <span class="muted">(revision ${loaded.revision})</span></h2>
        ${revising
          ? html`
              <div class="field">
                <label for="corrected">The corrected text</label>
                <textarea id="corrected" class="paste" rows="16" value=${revising.body} onInput=${(event: Event) => setRevising({ ...revising, body: (event.target as HTMLTextAreaElement).value })}></textarea>
              </div>
              <${TextField} label="What the correction changed" name="note" value=${revising.note} onInput=${(note: string) => setRevising({ ...revising, note })} />
              <div class="actions">
                <button type="button" class="primary" disabled=${busy} onClick=${submitRevision}>Submit as revision ${loaded.revision + 1}</button>
                <button type="button" onClick=${() => setRevising(null)}>Cancel</button>
              </div>
            `
          : html`
              <p class="hint">Select words to show where a quote stands, or to give a quote or a step new words (“Use the selected words”).</p>
              <${SelectableText} body=${body} marks=${marks} label="The text: select words in it" boxRef=${box} onSelect=${setSelection} />
              <button type="button" onClick=${() => setRevising({ body, note: "" })}>Correct the text</button>
            `}
        ${outcomes
          ? html`<div class="outcomes">
              <h3>How each quote and step followed revision ${outcomes.revision}</h3>
              <ul>
                ${outcomes.items.map((item) => html`<li data-status=${item.status}><span class=${`badge anchor ${item.status.toLowerCase()}`}>${item.status.toLowerCase()}</span> ${item.label}${item.status === "FUZZY" ? ` (score ${item.score.toFixed(2)})` : ""}</li>`)}
              </ul>
            </div>`
          : null}
      </section>
      <section class="workspace-margin" aria-labelledby="margin-heading">
        <h2 id="margin-heading">Quotes and career steps</h2>
        <p role="status">${toReview ? `${pluralize(toReview, "anchor")} to review (fuzzy or orphaned).` : "Nothing to review."}</p>
        <ol class="cards">${loaded.quotes.map((quote) => quoteCard(quote, false))}</ol>
        ${loaded.orphans.length
          ? html`<h3>Orphaned by a correction</h3>
              <ol class="cards">${loaded.orphans.map((quote) => quoteCard(quote, true))}</ol>`
          : null}
        <h3>Career steps</h3>
        <ol class="cards">
          ${loaded.steps.map((step) => html`<${PublishedStepCard} step=${step} body=${body} busy=${busy} selected=${selected !== null} selectedPassage=${selectedPassage} editing=${editing === step.id} onEdit=${(open: boolean) => setEditing(open ? step.id : null)} onShow=${() => step.evidence && selectInBox(box.current, rangeOfSpan(body, step.evidence.span))} change=${change} apiKey=${apiKey} slug=${slug} />`)}
        </ol>
      </section>
      ${isAdmin && audit
        ? html`<section class="workspace-audit" aria-labelledby="audit-heading">
            <h2 id="audit-heading">Audit trail of the source</h2>
            <ol class="audit">
              ${audit.map(
                (event) => html`<li>
                  <strong>${event.operation}</strong> · ${new Date(event.occurredAt).toLocaleString()} · ${event.apiKey ? `${event.apiKey.label} (${event.apiKey.prefix}…)` : event.actor.toLowerCase()} · ${pluralize(event.changes.length, "row")}
                  <button type="button" class="small" disabled=${busy} aria-label=${`Undo ${event.operation} of ${event.occurredAt}`} onClick=${() => change(`Undid ${event.operation}`, () => sendOperation("RevertAuditEvent", { input: { id: event.id } }, apiKey))}>Undo</button>
                </li>`,
              )}
            </ol>
          </section>`
        : null}
    </div>
  `;
}

function PublishedStepCard({
  step,
  busy,
  selected,
  selectedPassage,
  editing,
  onEdit,
  onShow,
  change,
  apiKey,
  slug,
}: {
  step: PublishedStep;
  body: string;
  busy: boolean;
  selected: boolean;
  selectedPassage: () => { text: string; occurrence?: number } | null;
  editing: boolean;
  onEdit: (open: boolean) => void;
  onShow: () => void;
  change: (what: string, run: () => Promise<unknown>) => Promise<void>;
  apiKey: string;
  slug: string;
}) {
  const [fields, setFields] = useState({ title: step.title ?? "", start: step.start?.edtf ?? "", end: step.isCurrent ? ".." : (step.end?.edtf ?? "") });
  const status = step.anchor?.status ?? null;
  const needsReview = (status === "FUZZY" || status === "ORPHANED") && step.review.status !== "CONFIRMED";
  const update = (what: string, input: Record<string, unknown>) => change(what, () => sendOperation("UpdateCareerStep", { input: { id: step.id, expectedVersion: step.version, ...input } }, apiKey));
  return html`<li class=${`card step-card${needsReview ? " needs-review" : ""}`} data-id=${step.id} data-anchor=${status ?? "NONE"}>
    <p class="step-line"><strong>${step.title ?? "Role"}</strong> at ${step.company.name} · ${step.start?.edtf ?? "?"} – ${step.isCurrent ? "now" : (step.end?.edtf ?? "?")}</p>
    <p class="meta">${step.person?.name ?? ""}${status ? html` · <span class=${`badge anchor ${status.toLowerCase()}`}>${status.toLowerCase()}</span>` : null}</p>
    ${step.evidence ? html`<blockquote>“${step.evidence.text}”</blockquote>` : html`<p class="hint">No evidence.</p>`}
    ${step.anchor?.previousText && step.anchor.previousText !== step.evidence?.text ? html`<p class="previous">Before the correction: “${step.anchor.previousText}”</p>` : null}
    <div class="card-actions">
      ${step.evidence && status !== "ORPHANED" ? html`<button type="button" class="small" onClick=${onShow}>Show in text</button>` : null}
      ${needsReview ? html`<button type="button" class="small" disabled=${busy} onClick=${() => change("Confirmed", () => sendOperation("ReviewCareerStep", { input: { id: step.id, status: "CONFIRMED", expectedVersion: step.version } }, apiKey))}>Confirm</button>` : null}
      <button
        type="button"
        class="small"
        disabled=${busy || !selected}
        onClick=${() => {
          const passage = selectedPassage();
          if (passage) void update("Its evidence re-selected", { source: slug, evidence: passage.text, ...(passage.occurrence ? { occurrence: passage.occurrence } : {}) });
        }}
      >
        Use the selected words
      </button>
      <button type="button" class="small" aria-expanded=${editing} onClick=${() => onEdit(!editing)}>${editing ? "Close" : "Edit"}</button>
      <button type="button" class="small" disabled=${busy} aria-label=${`Remove the step at ${step.company.name}`} onClick=${() => change("Removed", () => sendOperation("RemoveCareerStep", { input: { id: step.id, expectedVersion: step.version } }, apiKey))}>Remove</button>
    </div>
    ${editing
      ? html`<form
          class="card-form"
          onSubmit=${(event: Event) => {
            event.preventDefault();
            void update("Step saved", { title: fields.title.trim() || null, start: fields.start.trim() || null, end: fields.end.trim() || null });
          }}
        >
          <${TextField} label="Title" name="title" value=${fields.title} onInput=${(title: string) => setFields({ ...fields, title })} />
          <${DateField} label="Start" name="start" value=${fields.start} onInput=${(start: string) => setFields({ ...fields, start })} />
          <${DateField} label="End" name="end" open value=${fields.end} onInput=${(end: string) => setFields({ ...fields, end })} />
          <button type="submit" disabled=${busy}>Save the step</button>
        </form>`
      : null}
  </li>`;
}
