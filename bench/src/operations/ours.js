import { createHash } from "node:crypto";
import { PAGE_SIZE } from "./catalog.js";
import { fuzzy, named } from "./shapes.js";

/**
 * The operations as a client of our gateway sends them (the contract of design.md), and how
 * each answer maps to the normalised shape.
 */

const QUOTE_FIELDS = `text span { start end } section speaker { slug name } source { slug title } topics { slug name }`;

const DOCUMENTS = {
  timeline: `query Timeline($slug: String!) {
  person(slug: $slug) {
    slug name
    careerTimeline {
      title isCurrent
      company { slug name }
      start { edtf earliest latest }
      end { edtf earliest latest }
      evidence { text span { start end } source { slug title } }
    }
  }
}`,
  firstPage: `query FirstPage($first: Int!) {
  quotes(first: $first) { edges { cursor node { ${QUOTE_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`,
  deepPage: `query DeepPage($first: Int!, $after: String!) {
  quotes(first: $first, after: $after) { edges { cursor node { ${QUOTE_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`,
  dashboard: `query Dashboard($topic: String!, $first: Int!) {
  quotes(first: $first, filter: { topics: [$topic] }) {
    totalCount
    edges { cursor node { text span { start end } speaker { slug name } companies { slug name } } }
    pageInfo { hasNextPage endCursor }
  }
  quoteStats(filter: { topics: [$topic] }) {
    byCompany { company { slug name } count }
    bySpeaker { person { slug name } count }
  }
}`,
  search: `query Search($search: String!, $first: Int!) {
  quotes(first: $first, filter: { search: $search }, orderBy: RELEVANCE) {
    totalCount
    edges { cursor highlight node { text speaker { slug name } source { slug title } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  people: `query People($first: Int!) {
  people(first: $first) {
    totalCount
    edges { cursor node { slug name headline careerTimeline { title isCurrent company { slug name } start { edtf } end { edtf } } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  during: `query During($during: String!, $first: Int!) {
  careerSteps(first: $first, filter: { during: $during, certainty: CERTAINLY }) {
    totalCount
    edges {
      cursor
      node { title isCurrent start { edtf earliest latest } end { edtf earliest latest } person { slug name } company { slug name } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
};

/**
 * The cursor of our source-order list at a row: base64url of ["quotes", source slug, span start,
 * span end, anchor revision] (src/quotes/quote-query.ts; the bench's corpus is never revised:
 * revision 1). Built from the row's key rather than by paging 2,500 times; a wrong guess shows
 * up as a mismatch in the checks.
 */
export function ourQuoteCursor({ slug, start, end, revision = 1 }) {
  return Buffer.from(JSON.stringify(["quotes", slug, start, end, revision]), "utf8").toString("base64url");
}

const variables = {
  timeline: (fx) => ({ slug: fx.person }),
  firstPage: () => ({ first: PAGE_SIZE }),
  deepPage: (fx) => ({ first: PAGE_SIZE, after: ourQuoteCursor(fx.deepKey) }),
  dashboard: (fx) => ({ topic: fx.topic, first: PAGE_SIZE }),
  search: (fx) => ({ search: fx.search, first: PAGE_SIZE }),
  people: () => ({ first: PAGE_SIZE }),
  during: (fx) => ({ during: fx.during.edtf, first: PAGE_SIZE }),
};

/** The HTTP request of an operation (autocannon's shape). */
export function oursRequest(operation, fixtures) {
  return {
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: DOCUMENTS[operation], variables: variables[operation](fixtures) }),
  };
}

/**
 * The operations as trusted ones (issue 18's second target): a persisted-query manifest our
 * gateway is started with (PERSISTED_QUERIES_MANIFESTS), each body the document above under a
 * comment line. The comment makes the body a text of its own: `ours` sends the documents as
 * text, which are then no trusted operation and go through the GraphQL layer, while
 * `oursPersisted` sends the ids alone, as the web explorer does, and runs the trusted plans.
 */
const PERSISTED = Object.fromEntries(
  Object.entries(DOCUMENTS).map(([operation, document]) => {
    const body = `# The benchmark's ${operation}, sent by its id.\n${document}`;
    return [operation, { id: createHash("sha256").update(body).digest("hex"), name: /query (\w+)/.exec(document)[1], type: "query", body }];
  }),
);

/** The manifest of the benchmark's trusted operations (Apollo's format). */
export function oursManifest() {
  return { format: "apollo-persisted-query-manifest", version: 1, operations: Object.values(PERSISTED) };
}

/** The HTTP request of an operation sent by its id (Apollo's persisted-query extension), as the web explorer sends its own. */
export function oursPersistedRequest(operation, fixtures) {
  return {
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ variables: variables[operation](fixtures), extensions: { persistedQuery: { version: 1, sha256Hash: PERSISTED[operation].id } } }),
  };
}

const quote = (node) => ({
  text: node.text,
  spanStart: node.span.start,
  spanEnd: node.span.end,
  section: node.section,
  speaker: named(node.speaker),
  source: { slug: node.source.slug, title: node.source.title },
  topics: node.topics.map(named),
});

const page = (connection) => ({ hasNextPage: connection.pageInfo.hasNextPage, quotes: connection.edges.map((edge) => quote(edge.node)) });
const date = (d) => (d === null ? null : fuzzy(d.edtf, d.earliest, d.latest));

const normalisers = {
  timeline: ({ person }) => ({
    slug: person.slug,
    name: person.name,
    steps: person.careerTimeline.map((step) => ({
      title: step.title,
      company: named(step.company),
      start: date(step.start),
      end: date(step.end),
      isCurrent: step.isCurrent,
      evidence: step.evidence && {
        text: step.evidence.text,
        start: step.evidence.span.start,
        end: step.evidence.span.end,
        source: { slug: step.evidence.source.slug, title: step.evidence.source.title },
      },
    })),
  }),
  firstPage: ({ quotes }) => page(quotes),
  deepPage: ({ quotes }) => page(quotes),
  dashboard: ({ quotes, quoteStats }) => ({
    totalCount: quotes.totalCount,
    hasNextPage: quotes.pageInfo.hasNextPage,
    quotes: quotes.edges.map(({ node }) => ({
      text: node.text,
      spanStart: node.span.start,
      spanEnd: node.span.end,
      speaker: named(node.speaker),
      companies: node.companies.map(named),
    })),
    byCompany: quoteStats.byCompany.map(({ company, count }) => ({ ...named(company), count })),
    bySpeaker: quoteStats.bySpeaker.map(({ person, count }) => ({ ...named(person), count })),
  }),
  search: ({ quotes }) => ({
    totalCount: quotes.totalCount,
    hasNextPage: quotes.pageInfo.hasNextPage,
    quotes: quotes.edges.map(({ node, highlight }) => ({
      text: node.text,
      highlight,
      speaker: named(node.speaker),
      source: { slug: node.source.slug, title: node.source.title },
    })),
  }),
  people: ({ people }) => ({
    totalCount: people.totalCount,
    hasNextPage: people.pageInfo.hasNextPage,
    people: people.edges.map(({ node }) => ({
      slug: node.slug,
      name: node.name,
      headline: node.headline,
      steps: node.careerTimeline.map((step) => ({
        title: step.title,
        company: named(step.company),
        start: step.start?.edtf ?? null,
        end: step.end?.edtf ?? null,
        isCurrent: step.isCurrent,
      })),
    })),
  }),
  during: ({ careerSteps }) => ({
    totalCount: careerSteps.totalCount,
    hasNextPage: careerSteps.pageInfo.hasNextPage,
    steps: careerSteps.edges.map(({ node }) => ({
      title: node.title,
      person: named(node.person),
      company: named(node.company),
      start: date(node.start),
      end: date(node.end),
      isCurrent: node.isCurrent,
    })),
  }),
};

/** The normalised answer of a GraphQL response body; throws on GraphQL errors. */
export function oursNormalise(operation, body) {
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 1000)}`);
  return normalisers[operation](body.data);
}
