import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { type Certainty, choiceOf, choiceQuery, formatDuring, parseDuring, type PeriodChoice, periodBounds, periodOfFields, whoWasThere } from "../period";
import { navigate } from "../router";
import { type CompanyTimeline } from "../types";
import { useOperation } from "../use-operation";
import { pending, useTitle } from "./common";
import { type RowLabel, Timeline } from "./timeline";

type CompanyStep = NonNullable<CompanyTimeline["company"]>["careerSteps"][number];

/** A row of a company's timeline is labelled with whose step it is, linking to their page. */
function personLabel(step: CompanyStep): RowLabel {
  return { text: step.person.name, href: `/people/${step.person.slug}` };
}

/** The host of a website to show as its link's words; null for anything but an http(s) URL. */
function siteHost(website: string | null): string | null {
  if (!website) return null;
  try {
    const url = new URL(website);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : null;
  } catch {
    return null;
  }
}

/**
 * The period picker: two years ("from", "to"; empty is open) applied with Enter or "Show", and
 * how sure an overlap must be, applied when chosen. It keeps its state in the address, so back,
 * forward and reload show what was asked; a year half typed, or "from" after "to", is said to be
 * wrong and never sent.
 */
function PeriodPicker({ slug, choice }: { slug: string; choice: PeriodChoice }) {
  const fromAddress = choice.period?.from?.toString() ?? "";
  const toAddress = choice.period?.to?.toString() ?? "";
  const [from, setFrom] = useState(fromAddress);
  const [to, setTo] = useState(toAddress);
  const [certainty, setCertainty] = useState<Certainty>(choice.certainty);
  const [error, setError] = useState<string | null>(null);
  // Back and forward change the address under the fields: they follow it (the same fields, so the focus stays).
  useEffect(() => {
    setFrom(fromAddress);
    setTo(toAddress);
    setCertainty(choice.certainty);
    setError(null);
  }, [fromAddress, toAddress, choice.certainty]);

  const apply = (sure: Certainty) => {
    const fields = periodOfFields(from, to);
    if ("error" in fields) {
      setError(fields.error);
      return;
    }
    setError(null);
    const href = `/companies/${slug}${choiceQuery({ period: fields.period, certainty: sure })}`;
    if (href !== `${window.location.pathname}${window.location.search}`) navigate(href);
  };
  const onSubmit = (event: Event) => {
    event.preventDefault();
    apply(certainty);
  };
  const onCertainty = (event: Event) => {
    const sure = (event.currentTarget as HTMLInputElement).value === "CERTAINLY" ? "CERTAINLY" : "POSSIBLY";
    setCertainty(sure);
    apply(sure);
  };
  const year = (id: string, label: string, value: string, set: (value: string) => void) => html`
    <label for=${id}>${label}</label>
    <input
      id=${id}
      name=${id}
      type="text"
      inputmode="numeric"
      autocomplete="off"
      maxlength="4"
      size="5"
      placeholder="any"
      value=${value}
      aria-invalid=${error ? "true" : undefined}
      aria-describedby=${error ? "period-error" : "period-help"}
      onInput=${(event: Event) => set((event.currentTarget as HTMLInputElement).value)}
    />
  `;
  return html`
    <form class="period" action=${`/companies/${slug}`} method="get" noValidate onSubmit=${onSubmit}>
      <fieldset class="years">
        <legend>During</legend>
        ${year("from", "From", from, setFrom)} ${year("to", "to", to, setTo)}
        <button type="submit">Show</button>
      </fieldset>
      <fieldset class="certainty">
        <legend>Steps that were there</legend>
        <label><input type="radio" name="certainty" value="POSSIBLY" checked=${certainty === "POSSIBLY"} onChange=${onCertainty} /> possibly</label>
        <label><input type="radio" name="certainty" value="CERTAINLY" checked=${certainty === "CERTAINLY"} onChange=${onCertainty} /> certainly</label>
      </fieldset>
      ${error
        ? html`<p id="period-error" class="invalid" role="alert">${error}</p>`
        : html`<p id="period-help" class="meta">Years of four digits; leave one empty to leave that side open. “Possibly” keeps the steps that may overlap the period, “certainly” those that surely do.</p>`}
    </form>
  `;
}

/**
 * A company: its name and website, a period picker, and everyone's steps there on one time axis
 * (drawn as a person's are: fuzzy bounds faded, open ends arrows, unknown ends dashed), each row
 * linking to its person; then the people, linked. The address holds the period
 * (`?during=2016/2019&certainty=CERTAINLY`).
 */
export function CompanyView({ slug, params }: { slug: string; params: URLSearchParams }) {
  const choice = choiceOf(params);
  const variables = { slug, during: choice.period ? formatDuring(choice.period) : null, certainty: choice.certainty };
  const state = useOperation<CompanyTimeline>("CompanyTimeline", variables);
  const company = state.data?.company;
  useTitle(company?.name ?? "Company");
  if (!state.data) return pending(state);
  if (!company) return html`<section><h1>No such company</h1><p>No company is known as <code>${slug}</code>. <a href="/">See everyone</a>.</p></section>`;

  // The drawing and its words say what the answer shown answers: the period asked before, until the next answer arrives.
  const answeredDuring = state.variables?.during;
  const answeredPeriod = typeof answeredDuring === "string" ? parseDuring(answeredDuring) : null;
  const answeredCertainty: Certainty = state.variables?.certainty === "CERTAINLY" ? "CERTAINLY" : "POSSIBLY";
  const stale = state.loading || JSON.stringify(state.variables) !== JSON.stringify(variables);
  const host = siteHost(company.website);
  return html`
    <article class="company">
      <h1>${company.name}</h1>
      ${host && company.website ? html`<p class="lede"><a href=${company.website}>${host}</a></p>` : null}
      <${PeriodPicker} slug=${slug} choice=${choice} />
      ${choice.ignored
        ? html`<p class="meta">The address’s period <code>${choice.ignored}</code> is not a year or a range of years (such as <code>2016/2019</code>): showing every step.</p>`
        : null}
      <section class=${`company-steps ${stale ? "stale" : ""}`} aria-labelledby="steps" aria-busy=${stale ? "true" : "false"}>
        <h2 id="steps">Who was there when</h2>
        <p class="summary" role="status">${whoWasThere(company.name, company.people.length, answeredPeriod, answeredCertainty)}</p>
        ${company.careerSteps.length > 0
          ? html`<${Timeline}
              steps=${company.careerSteps}
              title=${`Career steps at ${company.name}`}
              rowLabel=${personLabel}
              period=${answeredPeriod ? periodBounds(answeredPeriod) : null}
            />`
          : null}
      </section>
      ${company.people.length > 0
        ? html`<section aria-labelledby="people">
            <h2 id="people">People</h2>
            <ul class="people">${company.people.map((person) => html`<li><a href=${`/people/${person.slug}`}>${person.name}</a></li>`)}</ul>
          </section>`
        : null}
    </article>
  `;
}
