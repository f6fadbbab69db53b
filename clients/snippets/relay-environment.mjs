import { Environment, Network, RecordSource, Store } from "relay-runtime";

/** Relay's network layer: each operation POSTed as JSON, its text as relay-compiler wrote it. */
export function createRelayEnvironment(url, { fetch = globalThis.fetch } = {}) {
  const network = Network.create(async (params, variables) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query: params.text, operationName: params.name, variables }),
    });
    return response.json();
  });
  return new Environment({ network, store: new Store(new RecordSource()) });
}
