/**
 * Apollo Client 4 with its usual setup: InMemoryCache (relayStylePagination, the value types
 * merged), the persisted-query link over GET, and trusted documents from the project's manifest.
 */
import "../support/apollo-development.mjs";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { format } from "node:util";
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { loadDevMessages, loadErrorMessages } from "@apollo/client/dev";
import { __DEV__ } from "@apollo/client/utilities/environment";
import { firstValueFrom } from "rxjs";
import { filter } from "rxjs/operators";
import { createApolloClient, sha256, typePolicies } from "../snippets/apollo-client.mjs";
import { createTrustedApolloClient } from "../snippets/apollo-trusted-documents.mjs";
import { editorOperationNames, nonce, PROJECT_MANIFEST, persistedQueryOf, projectManifest, projectOperations, recordingFetch } from "../support/gateway.mjs";
import { gateway as sharedGateway } from "../support/gateways.mjs";

loadDevMessages();
loadErrorMessages();

/** What Apollo Client says on the console while `run` runs. */
async function consoleDuring(run) {
  const said = [];
  const saved = { warn: console.warn, error: console.error, log: console.log, info: console.info, debug: console.debug };
  for (const level of Object.keys(saved)) console[level] = (...args) => said.push(`${level}: ${format(...args)}`);
  try {
    await run();
  } finally {
    Object.assign(console, saved);
  }
  return said;
}

describe("Apollo Client 4", () => {
  let gateway;
  let trusted;

  before(async () => {
    gateway = await sharedGateway("normal");
    trusted = await sharedGateway("trusted");
  });

  it("runs in development mode, where Apollo Client warns", () => {
    assert.equal(__DEV__, true);
  });

  describe("InMemoryCache", () => {
    const QUOTE_PAGES = gql`
      query QuotePages($first: Int!, $after: String) {
        quotes(first: $first, after: $after) {
          edges { cursor node { id text } }
          pageInfo { hasNextPage endCursor }
        }
      }
    `;

    it("pages through every quote with fetchMore (first: 7) and relayStylePagination, as one big page has them", async () => {
      const said = await consoleDuring(async () => {
        const client = createApolloClient(gateway.url);
        const observable = client.watchQuery({ query: QUOTE_PAGES, variables: { first: 7 } });
        const shown = [];
        const subscription = observable.subscribe((result) => shown.push(result));
        try {
          await firstValueFrom(observable.pipe(filter((result) => result.dataState === "complete")));
          let pages = 1;
          for (;;) {
            const { quotes } = client.readQuery({ query: QUOTE_PAGES, variables: { first: 7 } });
            if (!quotes.pageInfo.hasNextPage) break;
            assert.equal(quotes.edges.length, pages * 7, "each page but the last adds 7");
            assert.ok(pages < 50, "the pages end");
            await observable.fetchMore({ variables: { after: quotes.pageInfo.endCursor } });
            pages += 1;
          }
          const paged = client.readQuery({ query: QUOTE_PAGES, variables: { first: 7 } }).quotes;

          const plain = new ApolloClient({ link: new HttpLink({ uri: gateway.url }), cache: new InMemoryCache() });
          const { data } = await plain.query({ query: QUOTE_PAGES, variables: { first: 100 } });
          const all = data.quotes.edges.map((edge) => edge.node.id);
          assert.equal(data.quotes.pageInfo.hasNextPage, false, "one page of 100 holds every quote of the test database");
          assert.ok(all.length > 14, `enough quotes for three pages of 7 (${all.length})`);
          assert.equal(new Set(all).size, all.length);

          assert.deepEqual(paged.edges.map((edge) => edge.node.id), all, "the same quotes in the same order");
          assert.equal(paged.pageInfo.hasNextPage, false);
          assert.equal(pages, Math.ceil(all.length / 7));
          // What a component watching the query shows last: every quote.
          assert.deepEqual(observable.getCurrentResult().data.quotes.edges.map((edge) => edge.node.id), all);
          assert.deepEqual(shown.at(-1).data.quotes.edges.map((edge) => edge.node.id), all);
        } finally {
          subscription.unsubscribe();
        }
      });
      assert.deepEqual(said, []);
    });

    // Two queries that select different fields of the same id-less objects: without a policy,
    // the second replaces what the first wrote (and Apollo warns); with merge: true, both stay.
    const TIMELINE_A = gql`
      query TimelineA {
        person(slug: "jigar-bhati") {
          id
          careerTimeline { id start { edtf } end { edtf } evidence { text span { start } } }
          sources { id publishedOn { edtf } }
          quotes(first: 5) { edges { cursor node { id span { start } context { before } } } pageInfo { hasNextPage endCursor } }
        }
        quoteStats(filter: { topics: ["hiring"] }) { total }
      }
    `;
    const TIMELINE_B = gql`
      query TimelineB {
        person(slug: "jigar-bhati") {
          id
          careerTimeline { id start { earliest latest approximate } end { earliest latest } evidence { span { end } source { id } } }
          sources { id publishedOn { earliest precision } }
          quotes(first: 5) { edges { cursor node { id span { end } context { after } } } pageInfo { hasNextPage endCursor } }
        }
        quoteStats(filter: { topics: ["hiring"] }) { byTopic { topic { id slug } count } }
      }
    `;

    it("without the value types' policies, Apollo Client warns that cache data may be lost", async () => {
      const said = await consoleDuring(async () => {
        const client = new ApolloClient({ link: new HttpLink({ uri: gateway.url }), cache: new InMemoryCache() });
        await client.query({ query: TIMELINE_A });
        await client.query({ query: TIMELINE_B });
        assert.equal(client.readQuery({ query: TIMELINE_A }), null, "the first query's fields were lost");
      });
      for (const [field, type] of [["start", "CareerStep"], ["end", "CareerStep"], ["evidence", "CareerStep"], ["publishedOn", "Source"], ["span", "Quote"], ["context", "Quote"], ["quoteStats", "Query"]]) {
        assert.ok(
          said.some((line) => line.startsWith("warn: ") && line.includes(`Cache data may be lost when replacing the ${field} field of a ${type} object`)),
          `a warning for ${type}.${field} in:\n${said.join("\n")}`,
        );
      }
    });

    it("with them, it says nothing and keeps what both queries selected", async () => {
      const said = await consoleDuring(async () => {
        const client = new ApolloClient({ link: new HttpLink({ uri: gateway.url }), cache: new InMemoryCache({ typePolicies }) });
        const a = await client.query({ query: TIMELINE_A });
        const b = await client.query({ query: TIMELINE_B });
        assert.deepEqual(client.readQuery({ query: TIMELINE_A }), a.data);
        assert.deepEqual(client.readQuery({ query: TIMELINE_B }), b.data);
        const twitter = a.data.person.careerTimeline.find((step) => step.start?.edtf === "2016~");
        assert.ok(twitter, "the step that began about 2016");
      });
      assert.deepEqual(said, []);
    });

    it("runs every operation of the project into one cache without a warning", async () => {
      const said = await consoleDuring(async () => {
        const client = createApolloClient(gateway.url);
        for (const operation of projectOperations()) {
          const { data } = await client.query({ query: gql(operation.text), variables: operation.variables });
          assert.ok(data && Object.values(data).every((value) => value !== null), `${operation.name} answered`);
        }
      });
      assert.deepEqual(said, []);
    });
  });

  describe("the persisted-query link over GET", () => {
    it("registers an ad-hoc query (APQ): hash alone over GET, then the text once, then the hash alone", async () => {
      const { fetch, requests } = recordingFetch();
      const query = gql`query AdHocTopics { topics { id slug name } ${nonce()}: __typename }`;
      const first = await createApolloClient(gateway.url, { fetch }).query({ query });
      assert.ok(first.data.topics.length > 0);
      assert.equal(requests.length, 2);
      const [hashOnly, withText] = requests.map(persistedQueryOf);
      assert.equal(requests[0].method, "GET");
      assert.equal(hashOnly.query, undefined, "no text on the first try");
      assert.match(hashOnly.hash, /^[0-9a-f]{64}$/);
      assert.equal(JSON.parse(requests[0].answer).errors[0].extensions.code, "PERSISTED_QUERY_NOT_FOUND");
      assert.equal(requests[0].status, 200, "APQ's miss is a 200");
      assert.equal(requests[1].method, "POST");
      assert.equal(withText.hash, hashOnly.hash);
      assert.equal(await sha256(withText.query), hashOnly.hash, "the hash is the SHA-256 of the text sent");

      const second = await createApolloClient(gateway.url, { fetch }).query({ query });
      assert.deepEqual(second.data, first.data);
      assert.equal(requests.length, 3);
      assert.equal(requests[2].method, "GET");
      assert.deepEqual(Object.keys(persistedQueryOf(requests[2]).fields).sort(), ["extensions", "operationName", "variables"]);
      assert.equal(persistedQueryOf(requests[2]).hash, hashOnly.hash);
      assert.equal(requests[2].status, 200);
      assert.match(requests[2].headers.get("accept") ?? "", /application\/graphql-response\+json/);
    });

    it("runs each operation of schema/operations/ on a PERSISTED_QUERIES_ONLY gateway: the hash Apollo Client computes is the manifest's id", async () => {
      const ids = new Map(projectManifest().operations.map((operation) => [operation.name, operation.id]));
      const operations = projectOperations();
      // Every read operation of the manifest, and only those (six today): the others are the editor's, sent with a key.
      const editor = editorOperationNames();
      assert.deepEqual(operations.map((operation) => operation.name).sort(), [...ids.keys()].filter((name) => !editor.has(name)).sort());
      assert.ok(operations.length >= 6);
      const { fetch, requests } = recordingFetch();
      const said = await consoleDuring(async () => {
        const client = createApolloClient(trusted.url, { fetch });
        for (const operation of operations) {
          const sent = requests.length;
          const { data } = await client.query({ query: gql(operation.text), variables: operation.variables });
          assert.ok(data && Object.values(data).every((value) => value !== null), `${operation.name} answered with data`);
          assert.equal(requests.length, sent + 1, `${operation.name}: one request, no retry with the text`);
          const request = requests.at(-1);
          assert.equal(request.method, "GET");
          assert.equal(persistedQueryOf(request).query, undefined);
          assert.equal(persistedQueryOf(request).hash, ids.get(operation.name), `${operation.name}: the manifest's id`);
          assert.equal(request.status, 200);
          assert.doesNotMatch(request.answer, /PERSISTED_QUERY_NOT_FOUND/);
        }
      });
      assert.deepEqual(said, []);
    });

    it("on that gateway, an operation of no manifest is refused, by hash and as text", async () => {
      const { fetch, requests } = recordingFetch();
      const query = gql`query NotTrusted { topics { id slug } }`;
      const error = await createApolloClient(trusted.url, { fetch }).query({ query }).then(() => assert.fail("refused"), (refusal) => refusal);
      assert.match(CombinedGraphQLErrors.is(error) ? JSON.stringify(error.errors) : error.bodyText, /PERSISTED_QUERY_NOT_FOUND/);
      assert.deepEqual(requests.map((request) => request.method), ["GET", "POST"]);
      for (const request of requests) assert.equal(JSON.parse(request.answer).errors[0].extensions.code, "PERSISTED_QUERY_NOT_FOUND");
    });

    it(
      "gets the gateway's refusals in the media type it asked for, so that they read as GraphQL errors with their code",
      async () => {
        const { fetch, requests } = recordingFetch();
        const untrusted = await createApolloClient(trusted.url, { fetch }).query({ query: gql`query NotTrusted { topics { id slug } }` }).catch((refusal) => refusal);
        let deep = "name";
        for (let i = 0; i < 5; i += 1) deep = `quotes(first: 1) { edges { node { speaker { ${deep} } } } }`;
        const tooDeep = await new ApolloClient({ link: new HttpLink({ uri: gateway.url, fetch }), cache: new InMemoryCache() })
          .query({ query: gql`query TooDeep { person(slug: "jigar-bhati") { ${deep} } }` })
          .catch((refusal) => refusal);
        for (const request of requests) assert.match(request.headers.get("accept"), /application\/graphql-response\+json/);
        assert.ok(CombinedGraphQLErrors.is(untrusted), `a CombinedGraphQLErrors, not ${untrusted?.name}: ${untrusted?.message}`);
        assert.equal(untrusted.errors[0].extensions.code, "PERSISTED_QUERY_NOT_FOUND");
        assert.ok(CombinedGraphQLErrors.is(tooDeep), `a CombinedGraphQLErrors, not ${tooDeep?.name}: ${tooDeep?.message}`);
        assert.equal(tooDeep.errors[0].extensions.code, "QUERY_TOO_COMPLEX");
      },
    );

    it("sends the manifest's ids with @apollo/persisted-query-lists (generatePersistedQueryIdsFromManifest)", async () => {
      const { fetch, requests } = recordingFetch();
      const client = createTrustedApolloClient(trusted.url, () => JSON.parse(readFileSync(PROJECT_MANIFEST, "utf8")), { fetch });
      const ids = new Map(projectManifest().operations.map((operation) => [operation.name, operation.id]));
      for (const operation of projectOperations()) {
        const { data } = await client.query({ query: gql(operation.text), variables: operation.variables });
        assert.ok(data && Object.values(data).every((value) => value !== null), `${operation.name} answered with data`);
        assert.equal(persistedQueryOf(requests.at(-1)).hash, ids.get(operation.name));
        assert.equal(requests.at(-1).method, "GET");
      }
      assert.equal(requests.length, projectOperations().length);
    });
  });
});
