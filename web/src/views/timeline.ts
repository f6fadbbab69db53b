import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { shorten } from "../reader-segments";
import { type ChartPeriod, describeDate, describeDuration, layoutTimeline } from "../timeline-geometry";
import { type CareerStep } from "../types";
import { evidenceAddress } from "../source-revisions";

/** Chart units: the SVG scales to its container (a phone or a desktop). */
const WIDTH = 800;
const LABELS = 130;
const ROW = 56;
const BAR = 14;
/** The most characters a row's label shows (its link's name keeps them all). */
const LABEL_CHARS = 18;

/** What a row is labelled with at its left, and the page the label links to. */
export interface RowLabel {
  text: string;
  href: string;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** What a step is, in words: whose it is (when several people's are drawn), its title, company and dates, honest about what is not known. */
function stepLabel(step: CareerStep): string {
  const end = step.isCurrent ? "now" : describeDate(step.end, "an unknown date");
  return `${step.person ? `${step.person.name}: ` : ""}${step.title ?? "Role"} at ${step.company.name}, ${describeDate(step.start, "an unknown date")} to ${end}`;
}

/** How long a step lasted: the range its dates allow when asked for, else the API's estimate. */
function stepLength(step: CareerStep): string | null {
  if (step.duration) return describeDuration(step.duration);
  return step.durationMonths !== null ? `about ${Math.round(step.durationMonths / 12)} years` : null;
}

/** The words a bar shows beside it: its title and dates, short. */
function stepLine(step: CareerStep): string {
  return `${step.title ?? "Role"} · ${describeDate(step.start, "?")} – ${step.isCurrent ? "now" : describeDate(step.end, "?")}`;
}

/**
 * Career steps along one time axis: one row per step, labelled at its left by `rowLabel` (a
 * person's page: the company; a company's page: the person), each label a link. The stretch a
 * step surely covers is solid; a fuzzy start or end fades across its bounds (dotted when the
 * source says "about"); a current step runs to today and ends in an arrow; an unknown end is a
 * dashed stub with a "?". Each bar links to the passage that supports it; hovering or focusing it
 * shows that passage. A `period` asked about is shaded behind the rows.
 */
export function Timeline<S extends CareerStep>({
  steps,
  rowLabel,
  title,
  period = null,
  withEvidence = true,
}: {
  steps: S[];
  rowLabel: (step: S) => RowLabel;
  title: string;
  period?: ChartPeriod | null;
  /** Show the step hovered or focused with its passage under the chart (a draft's steps have none published yet: the workspace lists them beside the text). */
  withEvidence?: boolean;
}) {
  const [shownId, setShownId] = useState<string | null>(null);
  const layout = layoutTimeline(
    steps.map((step) => ({ id: step.id, start: step.start, end: step.end, isCurrent: step.isCurrent })),
    today(),
    WIDTH - LABELS,
    period,
  );
  const height = steps.length * ROW + 40;
  // Kept by id: a step shown from the last answer may be gone from this one (a company page's period changed).
  const shownStep = steps.find((step) => step.id === shownId) ?? steps[0] ?? null;
  const shownLength = shownStep && stepLength(shownStep);
  return html`
    <figure class="timeline">
      <svg viewBox=${`0 0 ${WIDTH} ${height}`} role="group" aria-label=${`${title}: each step links to the passage that supports it`}>
        <defs>
          <linearGradient id="fade-in"><stop offset="0" stop-color="#2b6cb0" stop-opacity="0.05" /><stop offset="1" stop-color="#2b6cb0" stop-opacity="1" /></linearGradient>
          <linearGradient id="fade-out"><stop offset="0" stop-color="#2b6cb0" stop-opacity="1" /><stop offset="1" stop-color="#2b6cb0" stop-opacity="0.05" /></linearGradient>
          <marker id="arrow" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#2b6cb0" /></marker>
        </defs>
        ${layout.period && html`<rect class="period" aria-hidden="true" x=${LABELS + layout.period.x1} width=${Math.max(2, layout.period.x2 - layout.period.x1)} y="4" height=${height - 32} />`}
        <g class="axis" transform=${`translate(${LABELS},${height - 28})`}>
          <line x1="0" x2=${WIDTH - LABELS} y1="0" y2="0" />
          ${layout.ticks.map((tick) => html`<g transform=${`translate(${tick.x},0)`}><line y1="0" y2="6" /><text y="20" text-anchor="middle">${tick.year}</text></g>`)}
          <line class="today" x1=${layout.todayX} x2=${layout.todayX} y1=${-(height - 36)} y2="6" />
          <text class="today-label" x=${layout.todayX - 4} y=${-(height - 48)} text-anchor="end">today</text>
        </g>
        ${layout.steps.map((shape, index) => {
          const step = steps[index] as S;
          const y = 20 + shape.row * ROW;
          const href = step.evidence ? evidenceAddress(step) : undefined;
          const label = rowLabel(step);
          const shortLabel = shorten(label.text, LABEL_CHARS);
          const show = () => setShownId(step.id);
          return html`
            <g class="row">
              <a class="row-label" href=${label.href} aria-label=${shortLabel === label.text ? undefined : label.text}><text x="0" y=${y + BAR}>${shortLabel}</text></a>
              <a
                class="step"
                href=${href}
                data-company=${step.company.slug}
                data-person=${step.person?.slug}
                data-start-approximate=${String(step.start?.approximate ?? false)}
                data-end=${step.isCurrent ? "open" : step.end ? "known" : "unknown"}
                onMouseEnter=${show}
                onFocus=${show}
              >
                <desc>${`${stepLabel(step)}. ${step.evidence ? "Read the passage that says so." : "No passage supports it."}`}</desc>
                <text class="title" x=${LABELS} y=${y - 4}>${stepLine(step)}</text>
                <g transform=${`translate(${LABELS},${y})`}>
                  ${shape.startFade && html`<rect class=${`fade start ${step.start?.approximate ? "approximate" : ""}`} x=${shape.startFade.x1} width=${Math.max(2, shape.startFade.x2 - shape.startFade.x1)} y="0" height=${BAR} fill="url(#fade-in)" />`}
                  ${shape.core && html`<rect class="core" x=${shape.core.x1} width=${Math.max(2, shape.core.x2 - shape.core.x1)} y="0" height=${BAR} />`}
                  ${shape.endFade && html`<rect class=${`fade end ${step.end?.approximate ? "approximate" : ""}`} x=${shape.endFade.x1} width=${Math.max(2, shape.endFade.x2 - shape.endFade.x1)} y="0" height=${BAR} fill="url(#fade-out)" />`}
                  ${shape.openEndAt !== null && html`<line class="open-end" x1=${shape.openEndAt - 1} x2=${shape.openEndAt + 8} y1=${BAR / 2} y2=${BAR / 2} marker-end="url(#arrow)" />`}
                  ${shape.unknownEnd && html`<rect class="unknown end" x=${shape.unknownEnd.x1} width=${shape.unknownEnd.x2 - shape.unknownEnd.x1} y="0" height=${BAR} /><text class="unknown-mark" x=${shape.unknownEnd.x2 + 4} y=${BAR - 2}>?</text>`}
                  ${shape.unknownStart && html`<rect class="unknown start" x=${shape.unknownStart.x1} width=${shape.unknownStart.x2 - shape.unknownStart.x1} y="0" height=${BAR} /><text class="unknown-mark" x=${shape.unknownStart.x1 - 12} y=${BAR - 2}>?</text>`}
                </g>
              </a>
            </g>
          `;
        })}
      </svg>
      <figcaption>
        <p class="legend"><span class="key solid"></span> surely then <span class="key faded"></span> fuzzy bounds (dotted edge: “about”) <span class="key arrow"></span> goes on today <span class="key unknown"></span> end not known${layout.period ? html` <span class="key period"></span> the period asked about` : null}</p>
        ${shownStep &&
        withEvidence &&
        html`<div class="evidence" aria-live="polite">
          <p><strong>${stepLabel(shownStep)}</strong>${shownLength ? ` (${shownLength})` : null}</p>
          ${shownStep.evidence
            ? html`<blockquote>“${shownStep.evidence.text}”</blockquote>
                ${shownStep.anchor?.status === "ORPHANED"
                  ? html`<p class="orphaned-note">A correction of the source cut this passage: it stands in revision ${shownStep.evidence.revision}.</p>`
                  : shownStep.anchor?.status === "FUZZY"
                    ? html`<p class="fuzzy-note">A correction of the source changed these words a little: they were “${shownStep.anchor.previousText ?? ""}”.</p>`
                    : null}
                <p><a href=${evidenceAddress(shownStep)}>Read it in “${shownStep.evidence.source.title}”</a></p>`
            : html`<p>No passage of a source supports this step.</p>`}
        </div>`}
      </figcaption>
    </figure>
  `;
}

