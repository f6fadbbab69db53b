/**
 * Relay: relay-compiler compiles relay/src/ against the gateway's schema (schema/schema.graphql
 * of GATEWAY_ROOT), then relay-runtime (no React) runs what it generated: a @connection paged
 * with its generated pagination query, and a @refetchable fragment refetched through node(id:).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { commitLocalUpdate, ConnectionHandler, createOperationDescriptor, fetchQuery, getSelector } from "relay-runtime";
import { createRelayEnvironment } from "../snippets/relay-environment.mjs";
import { CLIENTS_DIR, GATEWAY_ROOT, recordingFetch } from "../support/gateway.mjs";
import { gateway as sharedGateway } from "../support/gateways.mjs";

const RELAY_DIR = join(CLIENTS_DIR, "relay");
const GENERATED = join(RELAY_DIR, "__generated__");

/** An artifact relay-compiler wrote. */
async function artifact(name) {
  return (await import(pathToFileURL(join(GENERATED, `${name}.graphql.js`)).href)).default;
}

/** What a component would get for this fragment of this operation's data (or of this fragment reference). */
function readFragment(environment, fragment, reference) {
  const snapshot = environment.lookup(getSelector(fragment, reference));
  assert.equal(snapshot.isMissingData, false, `${fragment.name} has all its data`);
  return snapshot.data;
}

describe("Relay", () => {
  let gateway;

  before(async () => {
    gateway = await sharedGateway("normal");
  });

  it("relay-compiler compiles relay/src/ against the gateway's schema", async () => {
    rmSync(GENERATED, { recursive: true, force: true });
    mkdirSync(GENERATED);
    const compiler = join(CLIENTS_DIR, "node_modules", "relay-compiler", "cli.js");
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [compiler, "--output", "quiet-with-errors"], {
      cwd: RELAY_DIR,
      env: { ...process.env, GATEWAY_ROOT },
      timeout: 60_000,
    });
    assert.doesNotMatch(`${stdout}${stderr}`, /error/i);
    assert.deepEqual(readdirSync(GENERATED).sort(), [
      "PersonCardQuery.graphql.js",
      "PersonCardRefetchQuery.graphql.js",
      "PersonCard_person.graphql.js",
      "QuoteListPaginationQuery.graphql.js",
      "QuoteListQuery.graphql.js",
      "QuoteList_query.graphql.js",
    ]);
  });

  it("pages a @connection with the generated pagination query to its end: the store's connection holds every quote once, in order", async () => {
    const [QuoteListQuery, QuoteListPaginationQuery, QuoteList_query] = await Promise.all(["QuoteListQuery", "QuoteListPaginationQuery", "QuoteList_query"].map(artifact));
    const { fetch, requests } = recordingFetch();
    const environment = createRelayEnvironment(gateway.url, { fetch });
    const operation = createOperationDescriptor(QuoteListQuery, { count: 7 });
    const retained = environment.retain(operation);
    try {
      await fetchQuery(environment, QuoteListQuery, { count: 7 }).toPromise();
      const list = () => readFragment(environment, QuoteList_query, environment.lookup(operation.fragment).data).quotes;
      let pages = 1;
      while (list().pageInfo.hasNextPage) {
        assert.equal(list().edges.length, pages * 7);
        assert.ok(pages < 50, "the pages end");
        await fetchQuery(environment, QuoteListPaginationQuery, { count: 7, cursor: list().pageInfo.endCursor }).toPromise();
        pages += 1;
      }
      const paged = list().edges.map((edge) => edge.node.id);

      // The store's own connection record, as ConnectionHandler keeps it.
      let stored;
      commitLocalUpdate(environment, (store) => {
        const connection = ConnectionHandler.getConnection(store.getRoot(), "QuoteList_quotes");
        stored = connection.getLinkedRecords("edges").map((edge) => edge.getLinkedRecord("node").getDataID());
      });

      // One big page, in an environment of its own.
      const fresh = createRelayEnvironment(gateway.url);
      const big = createOperationDescriptor(QuoteListQuery, { count: 100 });
      fresh.retain(big);
      await fetchQuery(fresh, QuoteListQuery, { count: 100 }).toPromise();
      const whole = readFragment(fresh, QuoteList_query, fresh.lookup(big.fragment).data).quotes;
      const all = whole.edges.map((edge) => edge.node.id);
      assert.equal(whole.pageInfo.hasNextPage, false);
      assert.ok(all.length > 14, `enough quotes for three pages of 7 (${all.length})`);
      assert.equal(whole.totalCount, all.length);

      assert.deepEqual(paged, all, "every quote, in order");
      assert.deepEqual(stored, all, "the store's connection: every quote once, in order");
      assert.equal(new Set(stored).size, stored.length);
      assert.equal(pages, Math.ceil(all.length / 7));

      assert.ok(requests.every((request) => request.method === "POST" && request.status === 200));
      const sent = requests.map((request) => JSON.parse(request.body));
      assert.equal(sent[0].operationName, "QuoteListQuery");
      assert.deepEqual(sent.slice(1).map((body) => body.operationName), Array(pages - 1).fill("QuoteListPaginationQuery"));
      assert.match(sent[1].query, /quotes\(first: \$count, after: \$cursor\)/);
      for (const request of requests) assert.equal(JSON.parse(request.answer).errors, undefined);
    } finally {
      retained.dispose();
    }
  });

  it("refetches a @refetchable fragment through node(id:) with the generated query", async () => {
    const [PersonCardQuery, PersonCardRefetchQuery, PersonCard_person] = await Promise.all(["PersonCardQuery", "PersonCardRefetchQuery", "PersonCard_person"].map(artifact));
    const first = createRelayEnvironment(gateway.url);
    const data = await fetchQuery(first, PersonCardQuery, { slug: "jigar-bhati" }).toPromise();
    const person = readFragment(first, PersonCard_person, data.person);
    assert.equal(person.name, "Jigar Bhati");
    assert.ok(person.careerTimeline.length >= 2);

    // A fresh environment knows nothing but the id: the refetch query fills the fragment.
    const { fetch, requests } = recordingFetch();
    const second = createRelayEnvironment(gateway.url, { fetch });
    const refetched = await fetchQuery(second, PersonCardRefetchQuery, { id: person.id }).toPromise();
    assert.deepEqual(readFragment(second, PersonCard_person, refetched.node), person);
    assert.equal(requests.length, 1);
    const sent = JSON.parse(requests[0].body);
    assert.equal(sent.operationName, "PersonCardRefetchQuery");
    assert.match(sent.query, /node\(id: \$id\)/);
    assert.deepEqual(sent.variables, { id: person.id });
  });
});
