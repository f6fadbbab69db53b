import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { createPersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { generatePersistedQueryIdsFromManifest } from "@apollo/persisted-query-lists";
import { typePolicies } from "./apollo-client.mjs";

/**
 * For a gateway with PERSISTED_QUERIES_ONLY=true: each operation is sent by the id the manifest
 * (schema/persisted-query-manifest.json) gives its name, over GET, never as text.
 */
export function createTrustedApolloClient(uri, loadManifest, { fetch = globalThis.fetch } = {}) {
  const ids = generatePersistedQueryIdsFromManifest({ loadManifest });
  return new ApolloClient({
    link: createPersistedQueryLink({ ...ids, useGETForHashedQueries: true }).concat(new HttpLink({ uri, fetch })),
    cache: new InMemoryCache({ typePolicies }),
  });
}
