import { html } from "htm/preact";
import { type CareerStep, type FuzzyDate } from "../types";
import { Timeline } from "../views/timeline";
import { checkDate } from "./dates";
import { type Draft, nameIn } from "./draft";

/** A draft's date as the explorer draws one (the API's FuzzyDate), or null when unknown or not a date yet. */
function fuzzyDate(text: string): FuzzyDate | null {
  const check = checkDate(text.trim(), { open: true });
  if (check.kind !== "date") return null;
  const { edtf, year, month, day, precision, approximate, uncertain, earliest, latest } = check.value;
  return { edtf, year, month, day, precision, approximate, uncertain, earliest, latest };
}

/** The draft's career steps drawn as the explorer draws a timeline (its fuzzy bounds, open ends and unknowns), one row per step. */
export function StepsChart({ draft }: { draft: Draft }) {
  const steps: CareerStep[] = draft.steps.map((step) => ({
    id: step.key,
    title: step.title || null,
    isCurrent: step.end.trim() === "..",
    durationMonths: null,
    company: { id: step.company, slug: step.company, name: step.company ? nameIn(draft, "companies", step.company) : "?" },
    ...(step.person ? { person: { id: step.person, slug: step.person, name: nameIn(draft, "people", step.person) } } : {}),
    start: fuzzyDate(step.start),
    end: fuzzyDate(step.end),
    anchor: null,
    evidence: null,
  }));
  return html`<div class="draft-timeline">
    <${Timeline} steps=${steps} withEvidence=${false} title="The draft's career steps" rowLabel=${(step: CareerStep) => ({ text: step.company.name, href: `#${step.id}` })} />
  </div>`;
}
