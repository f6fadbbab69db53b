/**
 * urql (@urql/core) with its document cache and @urql/exchange-persisted: queries by hash over
 * GET (APQ), and urql's own default of GET for queries.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cacheExchange, Client, fetchExchange, gql } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";
import { createUrqlClient } from "../snippets/urql-client.mjs";
import { nonce, persistedQueryOf, projectManifest, projectOperations, recordingFetch } from "../support/gateway.mjs";
import { gateway as sharedGateway } from "../support/gateways.mjs";
import { sha256 } from "../snippets/apollo-client.mjs";

describe("urql", () => {
  let gateway;
  let trusted;

  before(async () => {
    gateway = await sharedGateway("normal");
    trusted = await sharedGateway("trusted");
  });

  it("sends a query by hash over GET: unknown at first (then once with its text), then by hash alone", async () => {
    const query = gql`query UrqlTopics { topics { id slug name } ${nonce()}: __typename }`;
    const { fetch, requests } = recordingFetch();
    const first = await createUrqlClient(gateway.url, { fetch }).query(query, {}).toPromise();
    assert.equal(first.error, undefined);
    assert.ok(first.data.topics.length > 0);
    assert.equal(requests.length, 2);
    const [hashOnly, withText] = requests.map(persistedQueryOf);
    assert.equal(requests[0].method, "GET");
    assert.equal(hashOnly.query, undefined);
    assert.match(hashOnly.hash, /^[0-9a-f]{64}$/);
    assert.equal(JSON.parse(requests[0].answer).errors[0].extensions.code, "PERSISTED_QUERY_NOT_FOUND");
    // The retry carries the text, still over GET (preferGetForPersistedQueries), and registers it.
    assert.equal(requests[1].method, "GET");
    assert.equal(withText.hash, hashOnly.hash);
    assert.equal(await sha256(withText.query), hashOnly.hash);

    const second = await createUrqlClient(gateway.url, { fetch }).query(query, {}).toPromise();
    assert.equal(second.error, undefined);
    assert.deepEqual(second.data, first.data);
    assert.equal(requests.length, 3);
    assert.equal(requests[2].method, "GET");
    assert.equal(persistedQueryOf(requests[2]).query, undefined);
    assert.equal(persistedQueryOf(requests[2]).hash, hashOnly.hash);
    assert.match(requests[2].answer, /^\{"data":/);
  });

  it("sends the project's operations by the manifest's ids to a PERSISTED_QUERIES_ONLY gateway (enforcePersistedQueries)", async () => {
    const ids = new Map(projectManifest().operations.map((operation) => [operation.name, operation.id]));
    const { fetch, requests } = recordingFetch();
    // The document cache adds __typename as Apollo Client does: urql's hash is the manifest's id.
    const client = new Client({
      url: trusted.url,
      fetch,
      exchanges: [cacheExchange, persistedExchange({ preferGetForPersistedQueries: true, enforcePersistedQueries: true }), fetchExchange],
    });
    for (const operation of projectOperations()) {
      const result = await client.query(gql(operation.text), operation.variables).toPromise();
      assert.equal(result.error, undefined, operation.name);
      assert.ok(Object.values(result.data).every((value) => value !== null), `${operation.name} answered with data`);
      assert.equal(requests.at(-1).method, "GET");
      assert.equal(persistedQueryOf(requests.at(-1)).hash, ids.get(operation.name), `${operation.name}: the manifest's id`);
    }
    assert.equal(requests.length, projectOperations().length, "one request each");
  });

  it("sends queries over GET by default (preferGetMethod: within-url-limit), and a long one over POST", async () => {
    const { fetch, requests } = recordingFetch();
    const client = new Client({ url: gateway.url, fetch, exchanges: [cacheExchange, fetchExchange] });
    const short = await client.query(gql`query UrqlPerson($slug: String!) { person(slug: $slug) { id name } }`, { slug: "jigar-bhati" }).toPromise();
    assert.equal(short.error, undefined);
    assert.equal(short.data.person.name, "Jigar Bhati");
    assert.equal(requests[0].method, "GET");
    assert.match(requests[0].url.searchParams.get("query"), /person\(slug: \$slug\)/);
    assert.deepEqual(JSON.parse(requests[0].url.searchParams.get("variables")), { slug: "jigar-bhati" });
    assert.equal(requests[0].headers.get("apollo-require-preflight"), null);

    const aliases = Array.from({ length: 120 }, (_, i) => `topic${i}: topics { slug }`).join(" ");
    const long = await client.query(gql`query UrqlLong { ${aliases} }`, {}).toPromise();
    assert.equal(long.error, undefined);
    assert.equal(requests[1].method, "POST");
  });
});
