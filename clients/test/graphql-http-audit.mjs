/** graphql-http's audit of GraphQL over HTTP (the spec's MUSTs and SHOULDs), against the gateway as it ships. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { auditServer } from "graphql-http";
import { gateway as sharedGateway } from "../support/gateways.mjs";

/**
 * The recommendations the gateway does not follow, each for a reason: with `Accept:
 * application/json` alone (legacy clients), Apollo Server answers a document that does not
 * parse or validate, or variables that do not coerce, with 400 rather than the 200 the spec
 * recommends for that media type. With application/graphql-response+json, 400 is the spec's rule.
 */
const KNOWN_WARNINGS = new Map([
  ["572B", "SHOULD use 200 status code on document parsing failure when accepting application/json"],
  ["FDE2", "SHOULD use 200 status code on document validation failure when accepting application/json"],
  ["7B9B", "SHOULD use a status code of 200 on variable coercion failure when accepting application/json"],
]);

describe("graphql-http's auditServer", () => {
  let gateway;

  before(async () => {
    gateway = await sharedGateway("normal");
  });

  it("finds no error, and no warning but the known ones", async (t) => {
    const results = await auditServer({ url: gateway.url });
    assert.ok(results.length > 50, `the whole audit ran (${results.length})`);
    const errors = results.filter((result) => result.status === "error");
    assert.deepEqual(errors.map((result) => `${result.id} ${result.name}: ${result.reason}`), []);
    const warnings = results.filter((result) => result.status === "warn");
    t.diagnostic(`${results.filter((result) => result.status === "ok").length} ok, ${warnings.length} warn, ${results.length - warnings.length - results.filter((result) => result.status === "ok").length} other`);
    for (const warning of warnings) t.diagnostic(`warn ${warning.id} ${warning.name}: ${warning.reason}`);
    for (const warning of warnings) assert.ok(KNOWN_WARNINGS.has(warning.id), `a new warning: ${warning.id} ${warning.name}: ${warning.reason}`);
  });
});
