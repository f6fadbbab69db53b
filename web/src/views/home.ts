import { html } from "htm/preact";
import { describeDate } from "../timeline-geometry";
import { type PeopleDirectory } from "../types";
import { useOperation } from "../use-operation";
import { pending, pluralize, useTitle } from "./common";

/** The start: everyone the interviews are about, with their careers in a line each. */
export function HomeView() {
  useTitle("People");
  const state = useOperation<PeopleDirectory>("PeopleDirectory", { first: 50 });
  if (!state.data) return pending(state);
  const people = state.data.people;
  return html`
    <section>
      <h1>People</h1>
      <p class="lede">Careers and quotes from interviews and as-told-to essays, each traced to the words it comes from. Or <a href="/quotes">explore every quote</a>.</p>
      <p>${pluralize(people.totalCount, "person", "people")}</p>
      <ul class="cards">
        ${people.edges.map(
          ({ node }) => html`
            <li class="card">
              <h2><a href=${`/people/${node.slug}`}>${node.name}</a></h2>
              ${node.headline ? html`<p>${node.headline}</p>` : null}
              <ol class="steps">
                ${node.careerTimeline.map(
                  (step) => html`<li>${step.title ?? "Role"} at <a href=${`/companies/${step.company.slug}`}>${step.company.name}</a>: ${describeDate(step.start && { ...step.start, uncertain: false })} – ${step.isCurrent ? "now" : describeDate(step.end && { ...step.end, uncertain: false })}</li>`,
                )}
              </ol>
            </li>
          `,
        )}
      </ul>
    </section>
  `;
}
