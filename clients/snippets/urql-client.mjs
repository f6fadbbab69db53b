import { cacheExchange, Client, fetchExchange } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";

/** urql with its document cache, and queries sent by hash over GET (APQ: an unknown hash is sent once more with the text). */
export function createUrqlClient(url, { fetch = globalThis.fetch } = {}) {
  return new Client({
    url,
    fetch,
    exchanges: [cacheExchange, persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange],
  });
}
