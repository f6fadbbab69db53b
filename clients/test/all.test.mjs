/**
 * The whole suite, in one process so that the suites share their gateways (support/gateways.mjs):
 * `npm test`. One suite alone: `node --test test/relay.mjs`.
 */
import "../support/apollo-development.mjs";
import "./graphql-request.mjs";
import "./apollo-client.mjs";
import "./urql.mjs";
import "./relay.mjs";
import "./codegen.mjs";
import "./graphql-http-audit.mjs";
import "./browser.mjs";
import "./docs.mjs";
