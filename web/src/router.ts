import { useEffect, useState } from "preact/hooks";

/** The explorer's pages. */
export type Route =
  | { view: "home" }
  | { view: "person"; slug: string }
  /** A company: everyone's steps there; `params` holds the period asked about (`during`, `certainty`). */
  | { view: "company"; slug: string; params: URLSearchParams }
  | { view: "quotes"; params: URLSearchParams }
  /** A source: `params` holds the revision asked for (`revision`; none: the current one). */
  | { view: "source"; slug: string; params: URLSearchParams }
  /** The editor's workspace: `params` holds the published source to correct (`source`; none: a new one). */
  | { view: "edit"; params: URLSearchParams }
  | { view: "missing"; path: string };

const SLUG = "([a-z0-9]+(?:-[a-z0-9]+)*)";

export function routeOf(path: string, search: string): Route {
  if (path === "/" || path === "") return { view: "home" };
  if (path === "/quotes") return { view: "quotes", params: new URLSearchParams(search) };
  if (path === "/edit") return { view: "edit", params: new URLSearchParams(search) };
  const person = new RegExp(`^/people/${SLUG}$`).exec(path);
  if (person?.[1]) return { view: "person", slug: person[1] };
  const company = new RegExp(`^/companies/${SLUG}$`).exec(path);
  if (company?.[1]) return { view: "company", slug: company[1], params: new URLSearchParams(search) };
  const source = new RegExp(`^/sources/${SLUG}$`).exec(path);
  if (source?.[1]) return { view: "source", slug: source[1], params: new URLSearchParams(search) };
  return { view: "missing", path };
}

/** Where the browser is: path, query and fragment. */
export interface Place {
  path: string;
  search: string;
  hash: string;
}

function here(): Place {
  return { path: window.location.pathname, search: window.location.search, hash: window.location.hash };
}

/** Goes to an address of the explorer without reloading (the back button brings the last one back). */
export function navigate(href: string): void {
  window.history.pushState(null, "", href);
  window.dispatchEvent(new Event("navigate"));
}

/** The current place, updated on navigation, back/forward and fragment changes. */
export function usePlace(): Place {
  const [place, setPlace] = useState(here);
  useEffect(() => {
    const update = () => setPlace(here());
    for (const event of ["popstate", "navigate", "hashchange"]) window.addEventListener(event, update);
    return () => {
      for (const event of ["popstate", "navigate", "hashchange"]) window.removeEventListener(event, update);
    };
  }, []);
  return place;
}

/**
 * Follows links to the explorer's own pages without reloading: a click on a same-origin link
 * (without a modifier key, not to the API or a download) becomes a navigation.
 */
export function interceptLinks(): void {
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest("a");
    if (!link || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith("/graphql")) return;
    event.preventDefault();
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash !== window.location.hash) {
      window.location.hash = url.hash;
      return;
    }
    navigate(`${url.pathname}${url.search}${url.hash}`);
  });
}
