import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { createPersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { relayStylePagination } from "@apollo/client/utilities";

/**
 * The cache. Lists are Relay connections: relayStylePagination appends the pages fetchMore
 * brings (select `edges`, not `nodes`, under them). The value types have no id: merge: true
 * keeps the fields two queries select on them instead of replacing one with the other.
 */
export const typePolicies = {
  Query: {
    fields: {
      quotes: relayStylePagination(["filter", "orderBy"]),
      people: relayStylePagination(["search"]),
      companies: relayStylePagination(["search"]),
      sources: relayStylePagination(),
      auditEvents: relayStylePagination(["nodeId"]),
    },
  },
  Person: { fields: { quotes: relayStylePagination() } },
  Company: { fields: { quotes: relayStylePagination() } },
  Topic: { fields: { quotes: relayStylePagination() } },
  Source: { fields: { quotes: relayStylePagination() } },
  FuzzyDate: { merge: true },
  TextSpan: { merge: true },
  Passage: { merge: true },
  QuoteContext: { merge: true },
  QuoteStats: { merge: true },
  MonthRange: { merge: true },
  Anchor: { merge: true },
  Review: { merge: true },
};

/** SHA-256 in hex with the Web Crypto API (browsers, Node 20+): what the persisted-query link needs. */
export async function sha256(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Queries go by hash over GET (cacheable); an unknown hash is sent once more with its text (APQ). */
export function createApolloClient(uri, { fetch = globalThis.fetch } = {}) {
  return new ApolloClient({
    link: createPersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(new HttpLink({ uri, fetch })),
    cache: new InMemoryCache({ typePolicies }),
  });
}
