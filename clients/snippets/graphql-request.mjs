import { GraphQLClient } from "graphql-request";

/** graphql-request POSTs by default; with method: "GET" a query goes in the URL (cacheable), no extra header needed. */
export function createGraphQLRequestClients(url, { fetch = globalThis.fetch } = {}) {
  return {
    post: new GraphQLClient(url, { fetch }),
    get: new GraphQLClient(url, { method: "GET", fetch }),
  };
}
