import { PAGE_SIZE } from "./catalog.js";
import { bySlug, fuzzy, named } from "./shapes.js";

/**
 * The same operations over PostGraphile's generated schema (plus the bench_pg view and functions
 * of peers/postgraphile-schema.sql), and how each answer maps to the normalised shape.
 */

const SOURCE_ORDER = "[SOURCE_SLUG_ASC, SPAN_START_ASC, SPAN_END_ASC]";
const TIMELINE_ORDER = "[START_MIDDLE_ASC, START_EARLIEST_ASC, ID_ASC]";
const QUOTE_FIELDS = `text spanStart spanEnd section
  personBySpeakerId { slug name }
  sourceBySourceId { slug title }
  quoteTopicsByQuoteId { nodes { topicByTopicId { slug name } } }`;

const DOCUMENTS = {
  timeline: `query Timeline($slug: String!) {
  personBySlug(slug: $slug) {
    slug name
    careerStepsByPersonId(orderBy: ${TIMELINE_ORDER}) {
      nodes {
        title endOpen
        companyByCompanyId { slug name }
        startEdtf startEarliest startLatest endEdtf endEarliest endLatest
        evidenceStart evidenceEnd evidenceText
        sourceBySourceId { slug title }
      }
    }
  }
}`,
  firstPage: `query FirstPage($first: Int!) {
  allQuoteFeeds(first: $first, orderBy: ${SOURCE_ORDER}) { nodes { ${QUOTE_FIELDS} } pageInfo { hasNextPage endCursor } }
}`,
  deepPage: `query DeepPage($first: Int!, $after: Cursor!) {
  allQuoteFeeds(first: $first, after: $after, orderBy: ${SOURCE_ORDER}) { nodes { ${QUOTE_FIELDS} } pageInfo { hasNextPage endCursor } }
}`,
  dashboard: `query Dashboard($topic: String!, $first: Int!) {
  allQuoteFeeds(first: $first, orderBy: ${SOURCE_ORDER}, filter: { quoteTopicsByQuoteId: { some: { topicByTopicId: { slug: { equalTo: $topic } } } } }) {
    totalCount
    nodes { text spanStart spanEnd personBySpeakerId { slug name } quoteCompaniesByQuoteId { nodes { companyByCompanyId { slug name } } } }
    pageInfo { hasNextPage endCursor }
  }
  topicQuoteCountsByCompany(topicSlug: $topic) { nodes { slug name count } }
  topicQuoteCountsBySpeaker(topicSlug: $topic) { nodes { slug name count } }
}`,
  search: `query Search($search: String!, $first: Int!) {
  searchQuotes(query: $search, first: $first) {
    totalCount
    nodes { text highlight(query: $search) personBySpeakerId { slug name } sourceBySourceId { slug title } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  people: `query People($first: Int!) {
  allPeople(first: $first, orderBy: SLUG_ASC) {
    totalCount
    nodes {
      slug name headline
      careerStepsByPersonId(orderBy: ${TIMELINE_ORDER}) { nodes { title endOpen startEdtf endEdtf companyByCompanyId { slug name } } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
  during: `query During($from: Date!, $to: Date!, $first: Int!) {
  careerStepsCertainlyDuring(periodFrom: $from, periodTo: $to, first: $first) {
    totalCount
    nodes {
      title endOpen startEdtf startEarliest startLatest endEdtf endEarliest endLatest
      personByPersonId { slug name }
      companyByCompanyId { slug name }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
  /** Setup only: PostGraphile's own cursor of the row before the deep page (offset paging). */
  cursorAt: `query CursorAt($offset: Int!) {
  allQuoteFeeds(first: 1, offset: $offset, orderBy: ${SOURCE_ORDER}) { edges { cursor } }
}`,
};

const variables = {
  timeline: (fx) => ({ slug: fx.person }),
  firstPage: () => ({ first: PAGE_SIZE }),
  deepPage: (fx) => ({ first: PAGE_SIZE, after: fx.postgraphileDeepCursor }),
  dashboard: (fx) => ({ topic: fx.topic, first: PAGE_SIZE }),
  search: (fx) => ({ search: fx.search, first: PAGE_SIZE }),
  people: () => ({ first: PAGE_SIZE }),
  during: (fx) => ({ from: fx.during.from, to: fx.during.to, first: PAGE_SIZE }),
  cursorAt: (fx) => ({ offset: fx.deepOffset }),
};

export function postgraphileRequest(operation, fixtures) {
  return {
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: DOCUMENTS[operation], variables: variables[operation](fixtures) }),
  };
}

/** PostGraphile's cursor of the last row before the deep page: read once, with offset paging. */
export function postgraphileDeepCursor(body) {
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 1000)}`);
  return body.data.allQuoteFeeds.edges[0].cursor;
}

const quote = (node) => ({
  text: node.text,
  spanStart: node.spanStart,
  spanEnd: node.spanEnd,
  section: node.section,
  speaker: named(node.personBySpeakerId),
  source: { slug: node.sourceBySourceId.slug, title: node.sourceBySourceId.title },
  // A many-to-many through quote_topics: PostGraphile cannot order it by the topic's slug.
  topics: bySlug(node.quoteTopicsByQuoteId.nodes.map((link) => named(link.topicByTopicId))),
});

const page = (connection) => ({ hasNextPage: connection.pageInfo.hasNextPage, quotes: connection.nodes.map(quote) });

const normalisers = {
  timeline: ({ personBySlug: person }) => ({
    slug: person.slug,
    name: person.name,
    steps: person.careerStepsByPersonId.nodes.map((step) => ({
      title: step.title,
      company: named(step.companyByCompanyId),
      start: fuzzy(step.startEdtf, step.startEarliest, step.startLatest),
      end: fuzzy(step.endEdtf, step.endEarliest, step.endLatest),
      isCurrent: step.endOpen,
      evidence:
        step.evidenceStart === null
          ? null
          : { text: step.evidenceText, start: step.evidenceStart, end: step.evidenceEnd, source: { slug: step.sourceBySourceId.slug, title: step.sourceBySourceId.title } },
    })),
  }),
  firstPage: ({ allQuoteFeeds }) => page(allQuoteFeeds),
  deepPage: ({ allQuoteFeeds }) => page(allQuoteFeeds),
  dashboard: ({ allQuoteFeeds, topicQuoteCountsByCompany, topicQuoteCountsBySpeaker }) => ({
    totalCount: allQuoteFeeds.totalCount,
    hasNextPage: allQuoteFeeds.pageInfo.hasNextPage,
    quotes: allQuoteFeeds.nodes.map((node) => ({
      text: node.text,
      spanStart: node.spanStart,
      spanEnd: node.spanEnd,
      speaker: named(node.personBySpeakerId),
      companies: bySlug(node.quoteCompaniesByQuoteId.nodes.map((link) => named(link.companyByCompanyId))),
    })),
    byCompany: topicQuoteCountsByCompany.nodes.map(({ slug, name, count }) => ({ slug, name, count })),
    bySpeaker: topicQuoteCountsBySpeaker.nodes.map(({ slug, name, count }) => ({ slug, name, count })),
  }),
  search: ({ searchQuotes }) => ({
    totalCount: searchQuotes.totalCount,
    hasNextPage: searchQuotes.pageInfo.hasNextPage,
    quotes: searchQuotes.nodes.map((node) => ({
      text: node.text,
      highlight: node.highlight,
      speaker: named(node.personBySpeakerId),
      source: { slug: node.sourceBySourceId.slug, title: node.sourceBySourceId.title },
    })),
  }),
  people: ({ allPeople }) => ({
    totalCount: allPeople.totalCount,
    hasNextPage: allPeople.pageInfo.hasNextPage,
    people: allPeople.nodes.map((node) => ({
      slug: node.slug,
      name: node.name,
      headline: node.headline,
      steps: node.careerStepsByPersonId.nodes.map((step) => ({
        title: step.title,
        company: named(step.companyByCompanyId),
        start: step.startEdtf,
        end: step.endEdtf,
        isCurrent: step.endOpen,
      })),
    })),
  }),
  during: ({ careerStepsCertainlyDuring: steps }) => ({
    totalCount: steps.totalCount,
    hasNextPage: steps.pageInfo.hasNextPage,
    steps: steps.nodes.map((step) => ({
      title: step.title,
      person: named(step.personByPersonId),
      company: named(step.companyByCompanyId),
      start: fuzzy(step.startEdtf, step.startEarliest, step.startLatest),
      end: fuzzy(step.endEdtf, step.endEarliest, step.endLatest),
      isCurrent: step.endOpen,
    })),
  }),
};

export function postgraphileNormalise(operation, body) {
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 1000)}`);
  return normalisers[operation](body.data);
}
