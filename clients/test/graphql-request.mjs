/** graphql-request, as it comes: POST by default, GET when asked, variables, and errors. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ClientError, gql } from "graphql-request";
import { createGraphQLRequestClients } from "../snippets/graphql-request.mjs";
import { recordingFetch } from "../support/gateway.mjs";
import { gateway as sharedGateway } from "../support/gateways.mjs";

/** Headers that only some clients send to get past CSRF prevention: the gateway needs none. */
const CEREMONY = ["apollo-require-preflight", "x-apollo-operation-name", "graphql-preflight"];

describe("graphql-request", () => {
  let gateway;

  before(async () => {
    gateway = await sharedGateway("normal");
  });

  const TOPICS = gql`query Topics { topics { slug name quoteCount } }`;
  const PERSON = gql`
    query Person($slug: String!, $quotes: Int) {
      person(slug: $slug) { name careerTimeline { title start { edtf } end { edtf } isCurrent } quotes(first: $quotes) { edges { node { text } } } }
    }
  `;

  it("POSTs a query", async () => {
    const { fetch, requests } = recordingFetch();
    const { post } = createGraphQLRequestClients(gateway.url, { fetch });
    const data = await post.request(TOPICS);
    assert.ok(data.topics.some((topic) => topic.slug === "hiring"));
    assert.equal(requests[0].method, "POST");
    assert.equal(requests[0].status, 200);
    for (const header of CEREMONY) assert.equal(requests[0].headers.get(header), null);
  });

  it("GETs a query (method: GET)", async () => {
    const { fetch, requests } = recordingFetch();
    const { get } = createGraphQLRequestClients(gateway.url, { fetch });
    const data = await get.request(TOPICS);
    assert.ok(data.topics.some((topic) => topic.slug === "hiring"));
    assert.equal(requests[0].method, "GET");
    assert.match(requests[0].url.searchParams.get("query"), /topics/);
    assert.equal(requests[0].status, 200);
    for (const header of CEREMONY) assert.equal(requests[0].headers.get(header), null);
  });

  it("passes variables, over POST and GET alike", async () => {
    const { fetch, requests } = recordingFetch();
    const { post, get } = createGraphQLRequestClients(gateway.url, { fetch });
    const variables = { slug: "jigar-bhati", quotes: 2 };
    const posted = await post.request(PERSON, variables);
    const got = await get.request(PERSON, variables);
    assert.deepEqual(got, posted);
    assert.equal(posted.person.name, "Jigar Bhati");
    assert.equal(posted.person.quotes.edges.length, 2);
    assert.ok(posted.person.careerTimeline.some((step) => step.start?.edtf === "2016~" && step.end?.edtf === "2023~"));
    assert.deepEqual(JSON.parse(requests[0].body).variables, variables);
    assert.deepEqual(JSON.parse(requests[1].url.searchParams.get("variables")), variables);
  });

  it("reports the gateway's errors with their codes (ClientError)", async () => {
    const { post } = createGraphQLRequestClients(gateway.url);
    const error = await post.request(gql`{ quotes(first: 1000) { totalCount } }`).catch((refusal) => refusal);
    assert.ok(error instanceof ClientError, String(error));
    assert.equal(error.response.errors[0].extensions.code, "BAD_USER_INPUT");
    assert.equal(error.response.errors[0].extensions.argumentPath, "first");
  });
});
