import { html } from "htm/preact";
import { render } from "preact";
import { useEffect } from "preact/hooks";
import { interceptLinks, type Place, type Route, routeOf, usePlace } from "./router";
import { CompanyView } from "./views/company";
import { DashboardView } from "./views/dashboard";
import { EditView } from "./views/edit";
import { HomeView } from "./views/home";
import { PersonView } from "./views/person";
import { ReaderView } from "./views/reader";

/** The page of an address. */
function pageOf(route: Route, place: Place) {
  switch (route.view) {
    case "home":
      return html`<${HomeView} />`;
    case "person":
      return html`<${PersonView} slug=${route.slug} />`;
    case "company":
      return html`<${CompanyView} slug=${route.slug} params=${route.params} />`;
    case "quotes":
      return html`<${DashboardView} params=${route.params} />`;
    case "source":
      return html`<${ReaderView} slug=${route.slug} params=${route.params} hash=${place.hash} />`;
    case "edit":
      return html`<${EditView} params=${route.params} />`;
    case "missing":
      return html`<section><h1>Not found</h1><p>Nothing lives at <code>${route.path}</code>. <a href="/">Go to the start</a>.</p></section>`;
  }
}

/** The explorer: a header, the page of the current address, and a footer. */
function App() {
  const place = usePlace();
  const route = routeOf(place.path, place.search);
  // A new page starts at its top, unless its address points inside it. A company page's period
  // is in its query, but choosing another one is not a new page: the picker stays where it is.
  const pageKey = route.view === "company" ? place.path : `${place.path}${place.search}`;
  useEffect(() => {
    if (!place.hash) window.scrollTo(0, 0);
  }, [pageKey]);
  const page = pageOf(route, place);
  return html`
    <a class="skip" href="#main">Skip to content</a>
    <header class="site">
      <a class="brand" href="/">Interview Graph</a>
      <nav aria-label="Sections">
        <a href="/" aria-current=${route.view === "home" ? "page" : undefined}>People</a>
        <a href="/quotes" aria-current=${route.view === "quotes" ? "page" : undefined}>Quotes</a>
        <a href="/edit" aria-current=${route.view === "edit" ? "page" : undefined}>Edit</a>
        <a href="/graphql">API</a>
      </nav>
    </header>
    <main id="main" tabindex="-1">${page}</main>
    <footer class="site"><p>Every fact links to the words it comes from. Data served by the Interview Graph GraphQL API.</p></footer>
  `;
}

interceptLinks();
const root = document.getElementById("app");
if (root) render(html`<${App} />`, root);
