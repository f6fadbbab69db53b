import { html } from "htm/preact";
import { REVIEW_CHOICES, reviewsAsked } from "../review-filter";
import { navigate } from "../router";
import { quoteAddress } from "../source-revisions";
import { type TopicDashboard } from "../types";
import { useOperation } from "../use-operation";
import { pending, pluralize, ReviewBadge, useTitle } from "./common";

/** The address keys of the dashboard's state: the search, each facet's slugs, the review statuses, the page's cursor. */
const FACETS = { topic: "topics", company: "companies", speaker: "speakers", source: "sources" } as const;
type FacetKey = keyof typeof FACETS;
/** An address key whose values toggle: a facet's, or `review`'s (a status, lower case). */
type FilterKey = FacetKey | "review";

const PAGE_SIZE = 20;

/** The address of the dashboard with `change` applied; any change of filter goes back to the first page. */
function addressWith(params: URLSearchParams, change: (next: URLSearchParams) => void): string {
  const next = new URLSearchParams(params);
  change(next);
  const query = next.toString();
  return `/quotes${query ? `?${query}` : ""}`;
}

function toggled(params: URLSearchParams, key: FilterKey, slug: string): string {
  return addressWith(params, (next) => {
    const values = next.getAll(key);
    next.delete(key);
    for (const value of values.includes(slug) ? values.filter((v) => v !== slug) : [...values, slug]) next.append(key, value);
    next.delete("after");
  });
}

/**
 * Every quote, filtered and searched: a search box (websearch syntax), facets with counts that
 * filter when clicked, pages by cursor. The address holds the whole state, so a view can be
 * shared and the back button goes back.
 */
export function DashboardView({ params }: { params: URLSearchParams }) {
  const search = params.get("q")?.trim() ?? "";
  const filter: Record<string, unknown> = { search: search || null };
  for (const [key, field] of Object.entries(FACETS)) filter[field] = params.getAll(key);
  filter.review = reviewsAsked(params);
  const after = params.get("after");
  useTitle(search ? `Quotes matching “${search}”` : "Quotes");
  const state = useOperation<TopicDashboard>("TopicDashboard", { filter, first: PAGE_SIZE, after });

  const onSearch = (event: Event) => {
    event.preventDefault();
    const value = new FormData(event.target as HTMLFormElement).get("q");
    navigate(addressWith(params, (next) => {
      if (typeof value === "string" && value.trim()) next.set("q", value.trim());
      else next.delete("q");
      next.delete("after");
    }));
  };

  const selected = (key: FilterKey, slug: string) => params.getAll(key).includes(slug);
  const facet = (key: FacetKey, title: string, entries: Array<{ slug: string; name: string; count: number }>) => html`
    <section class="facet" aria-labelledby=${`facet-${key}`}>
      <h2 id=${`facet-${key}`}>${title}</h2>
      <ul>
        ${entries.map(
          (entry) => html`<li><a class=${`facet-value ${selected(key, entry.slug) ? "on" : ""}`} href=${toggled(params, key, entry.slug)} aria-pressed=${selected(key, entry.slug) ? "true" : "false"} role="button" data-facet=${key} data-slug=${entry.slug}>${entry.name} <span class="count">${entry.count}</span></a></li>`,
        )}
        ${params
          .getAll(key)
          .filter((slug) => !entries.some((entry) => entry.slug === slug))
          .map((slug) => html`<li><a class="facet-value on" href=${toggled(params, key, slug)} aria-pressed="true" role="button" data-facet=${key} data-slug=${slug}>${slug} <span class="count">0</span></a></li>`)}
      </ul>
    </section>
  `;

  // No counts by review status (quoteStats has none): each status filters when clicked, as a facet's value does.
  const reviewFacet = html`
    <section class="facet" aria-labelledby="facet-review">
      <h2 id="facet-review">Review</h2>
      <ul>
        ${REVIEW_CHOICES.map(
          (choice) => html`<li><a class=${`facet-value ${selected("review", choice.value) ? "on" : ""}`} href=${toggled(params, "review", choice.value)} aria-pressed=${selected("review", choice.value) ? "true" : "false"} role="button" data-facet="review" data-slug=${choice.value}>${choice.label}</a></li>`,
        )}
      </ul>
    </section>
  `;

  const data = state.data;
  // A facet value filters when clicked; the companies it filters by also get a link to their own page.
  const companiesChosen = params.getAll("company").map((slug) => data?.quoteStats.byCompany.find((entry) => entry.company.slug === slug)?.company ?? { slug, name: slug });
  return html`
    <section class="dashboard">
      <h1>Quotes</h1>
      <form class="search" role="search" action="/quotes" method="get" onSubmit=${onSearch}>
        <label for="q">Search the quotes</label>
        <input id="q" name="q" type="search" value=${search} placeholder='e.g. startup -twitter, "best talent"' />
        <button type="submit">Search</button>
      </form>
      ${data
        ? html`
            <div class="dashboard-body">
              <aside class="facets" aria-label="Filters">
                ${facet("topic", "Topics", data.quoteStats.byTopic.map(({ topic, count }) => ({ ...topic, count })))}
                ${facet("company", "Companies", data.quoteStats.byCompany.map(({ company, count }) => ({ ...company, count })))}
                ${facet("speaker", "Speakers", data.quoteStats.bySpeaker.map(({ person, count }) => ({ ...person, count })))}
                ${reviewFacet}
                ${[...params.keys()].some((key) => key in FACETS || key === "q" || key === "review") ? html`<p><a href="/quotes">Clear all filters</a></p>` : null}
              </aside>
              <div class="results">
                <p role="status">${pluralize(data.quotes.totalCount, "quote")}${search ? html` matching <strong>${search}</strong>` : null}</p>
                ${companiesChosen.length > 0
                  ? html`<p class="meta company-pages">
                      ${companiesChosen.length === 1 ? "The company’s page" : "The companies’ pages"}, with who was there when:${" "}
                      ${companiesChosen.map((company, index) => html`${index > 0 ? ", " : ""}<a href=${`/companies/${company.slug}`}>${company.name}</a>`)}
                    </p>`
                  : null}
                <ol class="quotes">
                  ${data.quotes.edges.map(
                    ({ node, highlight }) => html`
                      <li>
                        ${highlight ? html`<blockquote class="highlight" dangerouslySetInnerHTML=${{ __html: `“${highlight}”` }}></blockquote>` : html`<blockquote>“${node.text}”</blockquote>`}
                        <p class="meta">
                          <a href=${`/people/${node.speaker.slug}`}>${node.speaker.name}</a>, in${" "}
                          <a href=${quoteAddress(node.source.slug, node)}>“${node.source.title}”</a>
                          <${ReviewBadge} status=${node.review.status} />
                          ${node.anchor.status === "FUZZY" ? html` <span class="anchor-label fuzzy">changed a little by a correction</span>` : null}
                          ${node.topics.map((topic) => html` <a class="tag" href=${toggled(params, "topic", topic.slug)}>${topic.name}</a>`)}
                        </p>
                      </li>
                    `,
                  )}
                </ol>
                <nav class="pages" aria-label="Pages">
                  ${after ? html`<a href=${addressWith(params, (next) => next.delete("after"))}>First page</a>` : null}
                  ${data.quotes.pageInfo.hasNextPage && data.quotes.pageInfo.endCursor
                    ? html`<a rel="next" href=${addressWith(params, (next) => next.set("after", data.quotes.pageInfo.endCursor ?? ""))}>Next page</a>`
                    : null}
                </nav>
              </div>
            </div>
          `
        : pending(state)}
    </section>
  `;
}
