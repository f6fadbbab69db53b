import { PAGE_SIZE } from "./catalog.js";

/** The floor's requests: GET /<operation> with the statement's parameters in the query string. */
const parameters = {
  timeline: (fx) => ({ slug: fx.person }),
  firstPage: () => ({ first: PAGE_SIZE }),
  deepPage: (fx) => ({ first: PAGE_SIZE, slug: fx.deepKey.slug, start: fx.deepKey.start, end: fx.deepKey.end }),
  dashboard: (fx) => ({ topic: fx.topic, first: PAGE_SIZE }),
  search: (fx) => ({ search: fx.search, first: PAGE_SIZE }),
  people: () => ({ first: PAGE_SIZE }),
  during: (fx) => ({ from: fx.during.from, to: fx.during.to, first: PAGE_SIZE }),
};

export function floorRequest(operation, fixtures) {
  return { method: "GET", path: `/${operation}?${new URLSearchParams(parameters[operation](fixtures))}` };
}

/** The floor builds the normalised shape itself. */
export function floorNormalise(_operation, body) {
  return body;
}
