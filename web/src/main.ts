import { html } from "htm/preact";
import { render } from "preact";
import { useEffect } from "preact/hooks";
import { interceptLinks, routeOf, usePlace } from "./router";
import { DashboardView } from "./views/dashboard";
import { HomeView } from "./views/home";
import { PersonView } from "./views/person";
import { ReaderView } from "./views/reader";

/** The explorer: a header, the page of the current address, and a footer. */
function App() {
  const place = usePlace();
  const route = routeOf(place.path, place.search);
  // A new page starts at its top, unless its address points inside it.
  useEffect(() => {
    if (!place.hash) window.scrollTo(0, 0);
  }, [place.path, place.search]);
  const page =
    route.view === "home"
      ? html`<${HomeView} />`
      : route.view === "person"
        ? html`<${PersonView} slug=${route.slug} />`
        : route.view === "quotes"
          ? html`<${DashboardView} params=${route.params} />`
          : route.view === "source"
            ? html`<${ReaderView} slug=${route.slug} hash=${place.hash} />`
            : html`<section><h1>Not found</h1><p>Nothing lives at <code>${route.path}</code>. <a href="/">Go to the start</a>.</p></section>`;
  return html`
    <a class="skip" href="#main">Skip to content</a>
    <header class="site">
      <a class="brand" href="/">Interview Graph</a>
      <nav aria-label="Sections">
        <a href="/" aria-current=${route.view === "home" ? "page" : undefined}>People</a>
        <a href="/quotes" aria-current=${route.view === "quotes" ? "page" : undefined}>Quotes</a>
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
