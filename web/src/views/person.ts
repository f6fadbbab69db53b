import { html } from "htm/preact";
import { spanFragment } from "../reader-segments";
import { type CareerStep, type PersonTimeline } from "../types";
import { useOperation } from "../use-operation";
import { pending, pluralize, useTitle } from "./common";
import { type RowLabel, Timeline } from "./timeline";

/** A row of a person's timeline is labelled with its company, linking to the company's page. */
function companyLabel(step: CareerStep): RowLabel {
  return { text: step.company.name, href: `/companies/${step.company.slug}` };
}

/** A person: their career drawn with its uncertainty, their current roles, what they said, and where. */
export function PersonView({ slug }: { slug: string }) {
  const state = useOperation<PersonTimeline>("PersonTimeline", { slug, quotes: 10 });
  const person = state.data?.person;
  useTitle(person?.name ?? "Person");
  if (!state.data) return pending(state);
  if (!person) return html`<section><h1>No such person</h1><p>Nobody is known as <code>${slug}</code>. <a href="/">See everyone</a>.</p></section>`;
  return html`
    <article class="person">
      <h1>${person.name}</h1>
      ${person.headline ? html`<p class="lede">${person.headline}</p>` : null}
      <section aria-labelledby="career">
        <h2 id="career">Career</h2>
        ${person.careerTimeline.length > 0 ? html`<${Timeline} steps=${person.careerTimeline} title="Career timeline" rowLabel=${companyLabel} />` : html`<p>No career steps known.</p>`}
      </section>
      <section aria-labelledby="now">
        <h2 id="now">Now</h2>
        ${person.currentRoles.length > 0
          ? html`<ul>${person.currentRoles.map((role) => html`<li>${role.title ?? "Role"} at <a href=${`/companies/${role.company.slug}`}>${role.company.name}</a></li>`)}</ul>`
          : html`<p>No current role known.</p>`}
      </section>
      <section aria-labelledby="said">
        <h2 id="said">What ${person.name} said</h2>
        <p>${pluralize(person.quotes.totalCount, "quote")}${person.quotes.pageInfo.hasNextPage ? ", the first ten here" : ""}. <a href=${`/quotes?speaker=${person.slug}`}>See them all</a>.</p>
        <ul class="quotes">
          ${person.quotes.edges.map(
            ({ node }) => html`
              <li>
                <blockquote>“${node.text}”</blockquote>
                <p class="meta">
                  ${node.topics.map((topic) => html`<a class="tag" href=${`/quotes?topic=${topic.slug}`}>${topic.name}</a> `)}
                  <a href=${`/sources/${node.source.slug}${spanFragment(node.span)}`}>In “${node.source.title}”</a>
                </p>
              </li>
            `,
          )}
        </ul>
      </section>
      <section aria-labelledby="sources">
        <h2 id="sources">Sources</h2>
        <ul>${person.sources.map((source) => html`<li><a href=${`/sources/${source.slug}`}>${source.title}</a>${source.publishedOn ? ` (${source.publishedOn.edtf})` : ""}</li>`)}</ul>
      </section>
    </article>
  `;
}
