import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { OperationFailed, sendOperation } from "../api";
import { type ImportInterviewMutation } from "../generated/operations";
import { pluralize } from "../views/common";
import { checkDate, orderProblem } from "./dates";
import {
  type Draft,
  type DraftQuote,
  type DraftStep,
  type EntityList,
  BundleOpenError,
  SOURCE_KINDS,
  bundleOf,
  draftOf,
  emptyDraft,
  headingAt,
  inTextOrder,
  nameIn,
  normaliseText,
  occurrenceOf,
  proposeSlug,
  sectionOf,
  type TextRange,
  trimRange,
  withHeading,
} from "./draft";
import { DateField, TextField } from "./fields";
import { useKnown } from "./lookups";
import { type Option, Picker } from "./picker";
import { isAt, type Place, type PlacedProblem, placeProblems, placeWarnings, problemWords } from "./problems";
import { type TextMark } from "./marks";
import { type SelectionAction, SelectableText, selectInBox } from "./selectable-text";
import { forgetDraft, keepDraft, storedDraft } from "./session";
import { StepsChart } from "./steps-chart";

/** What the server said of the draft last (importInterview's dry run). */
type Check =
  | { state: "waiting"; why: string }
  | { state: "checking" }
  | { state: "checked"; problems: PlacedProblem[]; summary: string }
  | { state: "failed"; message: string };

/** How long the draft must stay unchanged before it is checked again. */
const CHECK_PAUSE_MS = 600;

type ImportAnswer = ImportInterviewMutation;

let keys = 0;
/** A key for a new quote or step of the draft, unique in this tab (and after a reload: the time is in it). */
const newKey = (): string => `${Date.now().toString(36)}-${(keys += 1)}`;

/** What is missing before the server can check a draft, in words; null when nothing is. */
function missing(draft: Draft): string | null {
  if (!draft.source.body) return "Paste or open the text first.";
  if (!draft.source.title.trim()) return "Give the source a title to have it checked.";
  if (!draft.source.slug.trim()) return "Give the source a slug to have it checked.";
  return null;
}

/** The words of a range, cut for a card. */
function excerpt(body: string, range: TextRange, most = 140): string {
  const words = body.slice(range.start, range.end);
  return words.length > most ? `${words.slice(0, most - 1)}…` : words;
}

/**
 * The workspace for a new source: its details and text, quotes and career steps made by selecting
 * words, every change checked by the server's dry run with each problem shown where it is, and
 * published in one import. The draft is kept in the browser after every change, can be saved as
 * the bundle YAML `npm run ingest` takes, and a bundle file can be opened to go on with it.
 */
export function DraftWorkspace({ apiKey }: { apiKey: string }) {
  const [draft, setDraft] = useState<Draft>(() => storedDraft() ?? emptyDraft());
  const [pasted, setPasted] = useState("");
  const [selection, setSelection] = useState<TextRange | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [check, setCheck] = useState<Check>({ state: "waiting", why: "Paste or open the text first." });
  const [published, setPublished] = useState<{ slug: string; summary: string } | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const [slugEdited, setSlugEdited] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const { known, search } = useKnown(apiKey);

  const update = (change: (draft: Draft) => Draft) => {
    setPublished(null);
    setDraft((previous) => {
      const next = change(previous);
      keepDraft(next);
      return next;
    });
  };

  // Every change is checked by the server once the draft rests.
  const bundle = JSON.stringify(bundleOf(draft));
  useEffect(() => {
    const why = missing(draft);
    if (why) {
      setCheck({ state: "waiting", why });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setCheck({ state: "checking" });
      sendOperation<ImportAnswer>("ImportInterview", { bundle, dryRun: true }, apiKey, controller.signal).then(
        (answer) => setCheck({ state: "checked", problems: placeWarnings(draft, answer.importInterview.warnings), summary: summaryOf(answer) }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setCheck(checkFailure(draft, error));
        },
      );
    }, CHECK_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [bundle, apiKey]);

  const problems = check.state === "checked" ? check.problems : [];
  const errors = problems.filter((problem) => problem.severity === "error");
  // A field's problems under the field; an item's, on its card, each with the field it names.
  const at = (place: Place, field?: string) =>
    problems
      .filter((problem) => isAt(problem, place) && (field === undefined || problem.field === field))
      .map((problem) => (field === undefined ? problemWords(problem) : problem.message))
      .join("; ") || null;

  const body = draft.source.body;
  const selected = selection ? trimRange(body, selection) : null;

  const act = (action: SelectionAction) => {
    const range = box.current ? trimRange(body, { start: box.current.selectionStart, end: box.current.selectionEnd }) : selected;
    if (!range) {
      setNotice("Select some words of the text first.");
      return;
    }
    setNotice(null);
    if (action === "quote") {
      const quote: DraftQuote = { key: newKey(), ...range, speaker: draft.source.narrator, topics: [], companies: [] };
      update((previous) => ({ ...previous, quotes: [...previous.quotes, quote] }));
      setEditing(quote.key);
    } else if (action === "step") {
      const step: DraftStep = { key: newKey(), evidence: range, person: draft.source.narrator, company: "", title: "", start: "", end: "" };
      update((previous) => ({ ...previous, steps: [...previous.steps, step] }));
      setEditing(step.key);
    } else {
      const heading = headingAt(body, range);
      if (!heading) {
        setNotice("A section heading is a whole line of the text: select one line, all of it.");
        return;
      }
      update((previous) => ({ ...previous, source: { ...previous.source, sections: withHeading(body, previous.source.sections, heading) } }));
      setNotice(`“${heading}” is a section heading.`);
    }
  };

  const useText = () => {
    const text = normaliseText(pasted);
    if (!text.trim()) {
      setNotice("The text is empty.");
      return;
    }
    update((previous) => ({ ...previous, source: { ...previous.source, body: text } }));
    setNotice(null);
  };

  const readTextFile = async (file: File) => {
    if (!/\.(txt|md)$/i.test(file.name)) {
      setNotice(`${file.name}: open a .txt or .md file (UTF-8 text).`);
      return;
    }
    try {
      setPasted(normaliseText(new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer())));
      setNotice(`${file.name} read: check it, then use it.`);
    } catch {
      setNotice(`${file.name} is not UTF-8 text.`);
    }
  };

  const openBundle = async (file: File) => {
    try {
      const opened = draftOf(parseYaml(await file.text()), newKey);
      update(() => opened);
      setSlugEdited(true);
      setNotice(`${file.name} opened: ${pluralize(opened.quotes.length, "quote")}, ${pluralize(opened.steps.length, "career step")}.`);
    } catch (error) {
      setNotice(`${file.name} could not be opened: ${error instanceof BundleOpenError ? error.message : (error as Error).message}`);
    }
  };

  const saveBundle = () => {
    const text = `# Content bundle written by the editor's workspace: npm run ingest -- ${draft.source.slug || "bundle"}.yaml\n${stringifyYaml(bundleOf(draft), { lineWidth: 0 })}`;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    link.download = `${draft.source.slug || "bundle"}.yaml`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const publish = async () => {
    setPublishing(true);
    setNotice(null);
    try {
      const answer = await sendOperation<ImportAnswer>("ImportInterview", { bundle, dryRun: false }, apiKey);
      setPublished({ slug: answer.importInterview.sourceSlug, summary: summaryOf(answer) });
    } catch (error) {
      setCheck(checkFailure(draft, error));
      setNotice("Not published: nothing was written, and the draft is kept. See the problems below.");
    } finally {
      setPublishing(false);
    }
  };

  const discard = () => {
    forgetDraft();
    setDraft(emptyDraft());
    setPasted("");
    setEditing(null);
    setDiscarding(false);
    setSlugEdited(false);
    setPublished(null);
    setNotice("The draft was discarded.");
  };

  const declare = (list: EntityList, option: Option) =>
    update((previous) => {
      const declared: Array<{ slug: string; name: string }> = previous[list];
      if (option.isNew) return declared.some((each) => each.slug === option.slug) ? previous : { ...previous, [list]: [...declared, { slug: option.slug, name: option.name }] };
      return { ...previous, names: { ...previous.names, [`${list}:${option.slug}`]: option.name } };
    });
  /** What picking a person, company or topic does: declares a new one (or notes an existing one's name), then `then` with its slug. */
  const use = (list: EntityList, then: (slug: string) => void) => (option: Option) => {
    declare(list, option);
    then(option.slug);
  };
  const optionsOf = (list: EntityList): Option[] => [...draft[list].map((each: { slug: string; name: string }) => ({ slug: each.slug, name: each.name, isNew: true })), ...known[list].filter((option) => !draft[list].some((each: { slug: string }) => each.slug === option.slug))];
  const optionOf = (list: EntityList, slug: string): Option => ({ slug, name: nameIn(draft, list, slug), isNew: draft[list].some((each: { slug: string }) => each.slug === slug) });

  const marks: TextMark[] = [
    ...draft.quotes.map((quote) => ({ start: quote.start, end: quote.end, kind: "quote" as const })),
    ...draft.steps.flatMap((step) => (step.evidence ? [{ ...step.evidence, kind: "step" as const }] : [])),
    ...draft.source.sections.flatMap((heading) => {
      const start = body.indexOf(heading);
      return start < 0 ? [] : [{ start, end: start + heading.length, kind: "heading" as const }];
    }),
  ];
  const items = inTextOrder([
    ...draft.quotes.map((quote) => ({ start: quote.start, end: quote.end, quote })),
    ...draft.steps.map((step) => ({ start: step.evidence?.start ?? body.length, end: step.evidence?.end ?? body.length, step })),
  ]);
  const draftProblems = problems.filter((problem) => problem.place.kind === "draft" || problem.place.kind === "declared");
  const source = draft.source;
  const setSource = (change: Partial<Draft["source"]>) => update((previous) => ({ ...previous, source: { ...previous.source, ...change } }));

  return html`
    <div class="workspace">
      <section class="workspace-source" aria-labelledby="source-heading">
        <h2 id="source-heading">The source</h2>
        <${TextField}
          label="Title"
          name="title"
          required
          value=${source.title}
          problem=${at({ kind: "source", field: "title" }, "title")}
          onInput=${(title: string) => setSource(slugEdited ? { title } : { title, slug: proposeSlug(title) })}
        />
        <${TextField}
          label="Slug"
          name="slug"
          required
          value=${source.slug}
          hint="Its address: /sources/<slug>. Lowercase words joined by -."
          problem=${at({ kind: "source", field: "slug" }, "slug")}
          onInput=${(slug: string) => {
            setSlugEdited(true);
            setSource({ slug });
          }}
        />
        <div class="field">
          <label for="source-kind">Kind</label>
          <select id="source-kind" value=${source.kind} onChange=${(event: Event) => setSource({ kind: (event.target as HTMLSelectElement).value as Draft["source"]["kind"] })}>
            ${SOURCE_KINDS.map((kind) => html`<option value=${kind}>${kind.toLowerCase().replace(/_/g, " ")}</option>`)}
          </select>
        </div>
        <${TextField} label="Address (URL)" name="url" type="url" value=${source.url} problem=${at({ kind: "source", field: "url" }, "url")} onInput=${(url: string) => setSource({ url })} />
        <${TextField} label="Publisher" name="publisher" value=${source.publisher} problem=${at({ kind: "source", field: "publisher" }, "publisher")} onInput=${(publisher: string) => setSource({ publisher })} />
        <${DateField} label="Published on" name="publishedOn" value=${source.publishedOn} problem=${at({ kind: "source", field: "publishedOn" }, "publishedOn")} onInput=${(publishedOn: string) => setSource({ publishedOn })} />
        <${Picker}
          label="Narrator"
          noun="person"
          options=${optionsOf("people")}
          chosen=${source.narrator ? [optionOf("people", source.narrator)] : []}
          onSearch=${search}
          onChoose=${use("people", (slug: string) => setSource({ narrator: slug }))}
          onCreate=${use("people", (slug: string) => setSource({ narrator: slug }))}
          onRemove=${() => setSource({ narrator: "" })}
          problem=${at({ kind: "source", field: "narrator" }, "narrator")}
        />
        ${source.sections.length
          ? html`<div class="sections">
              <h3>Section headings</h3>
              <ul>
                ${source.sections.map(
                  (heading) => html`<li>
                    ${heading}
                    <button type="button" class="small" aria-label=${`No longer a heading: ${heading}`} onClick=${() => setSource({ sections: source.sections.filter((each) => each !== heading) })}>×</button>
                  </li>`,
                )}
              </ul>
              ${at({ kind: "source", field: "sections" }, "sections") ? html`<p class="problem">${at({ kind: "source", field: "sections" }, "sections")}</p>` : null}
            </div>`
          : null}
      </section>

      <section class="workspace-text" aria-labelledby="text-heading">
        <h2 id="text-heading">The text</h2>
        ${body
          ? html`
              <p class="hint" id="text-help">
                Select words (mouse, touch, or Shift and the arrow keys), then make them a quote (q), the evidence of a career step (s), or a section heading (h).
              </p>
              <div class="toolbar" role="toolbar" aria-label="Make the selected words">
                <button type="button" onClick=${() => act("quote")} disabled=${!selected}>Make a quote <kbd>q</kbd></button>
                <button type="button" onClick=${() => act("step")} disabled=${!selected}>Make a career step <kbd>s</kbd></button>
                <button type="button" onClick=${() => act("heading")} disabled=${!selected}>Section heading <kbd>h</kbd></button>
              </div>
              <p class="selection-status" role="status">${selectionWords(body, selected)}</p>
              <${SelectableText} body=${body} marks=${marks} label="The text: select words in it" boxRef=${box} onSelect=${setSelection} onAction=${act} />
              ${draft.quotes.length === 0 && draft.steps.length === 0
                ? html`<button type="button" class="link" onClick=${() => {
                    setPasted(body);
                    setSource({ body: "", sections: [] });
                  }}>Change the text</button>`
                : null}
            `
          : html`
              <div class="field">
                <label for="pasted">Paste the interview's text</label>
                <textarea id="pasted" class="paste" rows="12" value=${pasted} onInput=${(event: Event) => setPasted((event.target as HTMLTextAreaElement).value)}></textarea>
              </div>
              <div class="field">
                <label for="text-file">Or open a text file (.txt or .md, UTF-8)</label>
                <input id="text-file" type="file" accept=".txt,.md,text/plain,text/markdown" onChange=${(event: Event) => {
                  const file = (event.target as HTMLInputElement).files?.[0];
                  if (file) void readTextFile(file);
                }} />
              </div>
              <button type="button" onClick=${useText}>Use this text</button>
            `}
        ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
      </section>

      <section class="workspace-margin" aria-labelledby="margin-heading">
        <h2 id="margin-heading">Quotes and career steps</h2>
        ${items.length === 0 ? html`<p class="hint">None yet: select words in the text.</p>` : null}
        <ol class="cards">
          ${items.map((item) =>
            "quote" in item
              ? html`<${QuoteCard}
                  key=${item.quote.key}
                  draft=${draft}
                  quote=${item.quote}
                  problem=${at({ kind: "quote", key: item.quote.key })}
                  editing=${editing === item.quote.key}
                  onEdit=${(open: boolean) => setEditing(open ? item.quote.key : null)}
                  onShow=${() => selectInBox(box.current, item.quote)}
                  onChange=${(change: Partial<DraftQuote>) => update((previous) => ({ ...previous, quotes: previous.quotes.map((each) => (each.key === item.quote.key ? { ...each, ...change } : each)) }))}
                  onRemove=${() => update((previous) => ({ ...previous, quotes: previous.quotes.filter((each) => each.key !== item.quote.key) }))}
                  pickers=${{ optionsOf, optionOf, search, use }}
                />`
              : html`<${StepCard}
                  key=${item.step.key}
                  draft=${draft}
                  step=${item.step}
                  problemAt=${(field?: string) => at({ kind: "step", key: item.step.key }, field)}
                  editing=${editing === item.step.key}
                  onEdit=${(open: boolean) => setEditing(open ? item.step.key : null)}
                  onShow=${() => item.step.evidence && selectInBox(box.current, item.step.evidence)}
                  onChange=${(change: Partial<DraftStep>) => update((previous) => ({ ...previous, steps: previous.steps.map((each) => (each.key === item.step.key ? { ...each, ...change } : each)) }))}
                  onRemove=${() => update((previous) => ({ ...previous, steps: previous.steps.filter((each) => each.key !== item.step.key) }))}
                  pickers=${{ optionsOf, optionOf, search, use }}
                />`,
          )}
        </ol>
      </section>

      ${draft.steps.length
        ? html`<section class="workspace-chart" aria-labelledby="chart-heading">
            <h2 id="chart-heading">The career steps, drawn</h2>
            <${StepsChart} draft=${draft} />
          </section>`
        : null}
      <section class="workspace-check" aria-labelledby="check-heading">
        <h2 id="check-heading">Check and publish</h2>
        <div role="status" class="check-status">${checkWords(check, errors.length)}</div>
        ${draftProblems.length
          ? html`<ul class="problems">
              ${draftProblems.map((problem) => html`<li class=${problem.severity}>${problem.place.kind === "declared" ? `${problem.place.list} “${problem.place.slug}”: ` : ""}${problemWords(problem)}</li>`)}
            </ul>`
          : null}
        <div class="actions">
          <button type="button" class="primary" onClick=${publish} disabled=${publishing || missing(draft) !== null}>${publishing ? "Publishing…" : "Publish"}</button>
          <button type="button" onClick=${saveBundle} disabled=${!body}>Save as bundle (YAML)</button>
          <label class="file-button">
            Open a bundle
            <input type="file" accept=".yaml,.yml,.json,application/yaml,application/json" onChange=${(event: Event) => {
              const input = event.target as HTMLInputElement;
              const file = input.files?.[0];
              if (file) void openBundle(file);
              input.value = "";
            }} />
          </label>
          ${discarding
            ? html`<span class="confirm">Discard this draft for good? <button type="button" onClick=${discard}>Discard</button> <button type="button" onClick=${() => setDiscarding(false)}>Keep it</button></span>`
            : html`<button type="button" onClick=${() => setDiscarding(true)}>Start over</button>`}
        </div>
        ${published
          ? html`<p class="published-note" role="status">
              Published: ${published.summary}. <a href=${`/sources/${published.slug}`}>Read it</a> · <a href=${`/edit?source=${published.slug}`}>Correct it</a>
            </p>`
          : null}
      </section>
    </div>
  `;
}

/** The selection in words: its length, and which of several places in the text it is. */
function selectionWords(body: string, range: TextRange | null): string {
  if (!range) return "Nothing selected.";
  const { occurrence, of } = occurrenceOf(body, range);
  const words = excerpt(body, range, 40);
  return `Selected “${words}” (${pluralize(range.end - range.start, "character")})${of > 1 ? `: these words stand ${of} times in the text; this is the ${ordinal(occurrence)}` : ""}.`;
}

/** Where a range stands, as the API will say it once published: code points, end exclusive. */
function spanWords(body: string, range: TextRange): string {
  const start = [...body.slice(0, range.start)].length;
  return `${start}–${start + [...body.slice(range.start, range.end)].length}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

function summaryOf(answer: ImportAnswer): string {
  const made = (kind: string) => answer.importInterview.counts.find((count) => count.kind === kind);
  const quotes = made("QUOTES");
  const steps = made("CAREER_STEPS");
  return [quotes ? pluralize(quotes.created + quotes.updated + quotes.unchanged, "quote") : null, steps ? pluralize(steps.created + steps.updated + steps.unchanged, "career step") : null].filter(Boolean).join(", ");
}

function checkWords(check: Check, errors: number): string {
  switch (check.state) {
    case "waiting":
      return check.why;
    case "checking":
      return "Checking with the server…";
    case "failed":
      return check.message;
    case "checked":
      return errors > 0 ? `${pluralize(errors, "problem")} to fix before publishing: each is shown where it is.` : `Checked by the server: ready to publish (${check.summary}).`;
  }
}

/** A failed check or publish: the bundle's problems placed, or what went wrong in words. */
function checkFailure(draft: Draft, error: unknown): Check {
  if (error instanceof OperationFailed) {
    const problems = error.errors.flatMap((each) => each.extensions?.problems ?? []);
    if (error.code === "BAD_USER_INPUT" && problems.length) return { state: "checked", problems: placeProblems(draft, problems), summary: "" };
    if (error.code === "UNAUTHENTICATED") return { state: "failed", message: "The gateway no longer takes this API key (revoked?): sign out and sign in with another." };
    if (error.code === "FORBIDDEN") return { state: "failed", message: "This API key may not write: the workspace needs an EDITOR or ADMIN key." };
    return { state: "failed", message: `The server could not check the draft: ${error.message}` };
  }
  return { state: "failed", message: `The server could not check the draft: ${(error as Error).message}` };
}

/** What the cards need to pick people, companies and topics. */
interface Pickers {
  optionsOf: (list: EntityList) => Option[];
  optionOf: (list: EntityList, slug: string) => Option;
  search: (text: string) => void;
  use: (list: EntityList, then: (slug: string) => void) => (option: Option) => void;
}

function CardActions({ editing, onEdit, onShow, onRemove, what }: { editing: boolean; onEdit: (open: boolean) => void; onShow: () => void; onRemove: () => void; what: string }) {
  return html`<div class="card-actions">
    <button type="button" class="small" onClick=${onShow}>Show in text</button>
    <button type="button" class="small" aria-expanded=${editing} onClick=${() => onEdit(!editing)}>${editing ? "Done" : "Edit"}</button>
    <button type="button" class="small" onClick=${onRemove} aria-label=${`Remove ${what}`}>Remove</button>
  </div>`;
}

function QuoteCard({ draft, quote, problem, editing, onEdit, onShow, onChange, onRemove, pickers }: { draft: Draft; quote: DraftQuote; problem: string | null; editing: boolean; onEdit: (open: boolean) => void; onShow: () => void; onChange: (change: Partial<DraftQuote>) => void; onRemove: () => void; pickers: Pickers }) {
  const section = sectionOf(draft, quote);
  const words = excerpt(draft.source.body, quote);
  return html`<li class=${`card quote-card${problem ? " has-problem" : ""}`} data-key=${quote.key}>
    <blockquote>“${words}”</blockquote>
    <p class="meta">
      <span class="span-at" title="Where its words stand in the text (characters)">${spanWords(draft.source.body, quote)}</span> ·
      ${quote.speaker ? nameIn(draft, "people", quote.speaker) : html`<em>no speaker yet</em>`}${section ? ` · ${section}` : ""}
      ${quote.topics.length ? ` · ${quote.topics.map((slug) => nameIn(draft, "topics", slug)).join(", ")}` : ""}
      ${quote.companies.length ? ` · ${quote.companies.map((slug) => nameIn(draft, "companies", slug)).join(", ")}` : ""}
    </p>
    ${problem ? html`<p class="problem" role="alert">${problem}</p>` : null}
    <${CardActions} editing=${editing} onEdit=${onEdit} onShow=${onShow} onRemove=${onRemove} what=${`the quote “${excerpt(draft.source.body, quote, 40)}”`} />
    ${editing
      ? html`<div class="card-form">
          <${Picker}
            label="Speaker"
            noun="person"
            options=${pickers.optionsOf("people")}
            chosen=${quote.speaker ? [pickers.optionOf("people", quote.speaker)] : []}
            onSearch=${pickers.search}
            onChoose=${pickers.use("people", (slug: string) => onChange({ speaker: slug }))}
            onCreate=${pickers.use("people", (slug: string) => onChange({ speaker: slug }))}
            onRemove=${() => onChange({ speaker: "" })}
          />
          <${Picker}
            label="Topics"
            noun="topic"
            multiple
            options=${pickers.optionsOf("topics")}
            chosen=${quote.topics.map((slug) => pickers.optionOf("topics", slug))}
            onSearch=${pickers.search}
            onChoose=${pickers.use("topics", (slug: string) => onChange({ topics: [...quote.topics, slug] }))}
            onCreate=${pickers.use("topics", (slug: string) => onChange({ topics: [...quote.topics, slug] }))}
            onRemove=${(slug: string) => onChange({ topics: quote.topics.filter((each) => each !== slug) })}
          />
          <${Picker}
            label="Companies it names"
            noun="company"
            multiple
            options=${pickers.optionsOf("companies")}
            chosen=${quote.companies.map((slug) => pickers.optionOf("companies", slug))}
            onSearch=${pickers.search}
            onChoose=${pickers.use("companies", (slug: string) => onChange({ companies: [...quote.companies, slug] }))}
            onCreate=${pickers.use("companies", (slug: string) => onChange({ companies: [...quote.companies, slug] }))}
            onRemove=${(slug: string) => onChange({ companies: quote.companies.filter((each) => each !== slug) })}
          />
        </div>`
      : null}
  </li>`;
}

function StepCard({ draft, step, problemAt, editing, onEdit, onShow, onChange, onRemove, pickers }: { draft: Draft; step: DraftStep; problemAt: (field?: string) => string | null; editing: boolean; onEdit: (open: boolean) => void; onShow: () => void; onChange: (change: Partial<DraftStep>) => void; onRemove: () => void; pickers: Pickers }) {
  const start = checkDate(step.start.trim(), { open: false });
  const end = checkDate(step.end.trim(), { open: true });
  const order = orderProblem(start, end);
  const company = step.company ? nameIn(draft, "companies", step.company) : "a company not chosen yet";
  const problem = problemAt();
  return html`<li class=${`card step-card${problem ? " has-problem" : ""}`} data-key=${step.key}>
    <p class="step-line"><strong>${step.title || "Role"}</strong> at ${company} · ${start.kind === "date" ? step.start : start.kind === "unknown" ? "?" : step.start} – ${end.kind === "open" ? "now" : end.kind === "unknown" ? "?" : step.end}</p>
    <p class="meta">${step.person ? nameIn(draft, "people", step.person) : html`<em>no person yet</em>`}</p>
    ${step.evidence ? html`<blockquote>“${excerpt(draft.source.body, step.evidence)}”</blockquote>` : html`<p class="hint">No evidence selected.</p>`}
    ${problem ? html`<p class="problem" role="alert">${problem}</p>` : null}
    <${CardActions} editing=${editing} onEdit=${onEdit} onShow=${onShow} onRemove=${onRemove} what=${`the career step at ${company}`} />
    ${editing
      ? html`<div class="card-form">
          <${Picker}
            label="Person"
            noun="person"
            options=${pickers.optionsOf("people")}
            chosen=${step.person ? [pickers.optionOf("people", step.person)] : []}
            onSearch=${pickers.search}
            onChoose=${pickers.use("people", (slug: string) => onChange({ person: slug }))}
            onCreate=${pickers.use("people", (slug: string) => onChange({ person: slug }))}
            onRemove=${() => onChange({ person: "" })}
          />
          <${Picker}
            label="Company"
            noun="company"
            options=${pickers.optionsOf("companies")}
            chosen=${step.company ? [pickers.optionOf("companies", step.company)] : []}
            onSearch=${pickers.search}
            onChoose=${pickers.use("companies", (slug: string) => onChange({ company: slug }))}
            onCreate=${pickers.use("companies", (slug: string) => onChange({ company: slug }))}
            onRemove=${() => onChange({ company: "" })}
          />
          <${TextField} label="Title" name="title" value=${step.title} onInput=${(title: string) => onChange({ title })} />
          <${DateField} label="Start" name="start" value=${step.start} problem=${problemAt("start")} onInput=${(value: string) => onChange({ start: value })} />
          <${DateField} label="End" name="end" open value=${step.end} problem=${problemAt("end") ?? order} onInput=${(value: string) => onChange({ end: value })} />
        </div>`
      : null}
  </li>`;
}
