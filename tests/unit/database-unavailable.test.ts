/**
 * Which errors count as a database outage (answered 503 SERVICE_UNAVAILABLE, not an internal
 * error): the driver's and TypeORM's own error objects, as a resolver would see them. The outage
 * under load is proven end to end in tests/system/faults/postgres-outage.test.ts; this pins down each
 * kind of error it has met, since an outage under load only sometimes produces each of them.
 */
import { GraphQLError } from "graphql";
import { Client } from "pg";
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from "typeorm";
import { isDatabaseUnavailable } from "../../src/apollo/server";

/** What graphql-js hands formatError: the thrown error wrapped in a GraphQLError. */
const asResolverError = (error: Error) => new GraphQLError(error.message, { originalError: error, path: ["upsertPerson"] });

describe("a database outage", () => {
  it.each<[string, Error]>([
    ["a transaction's COMMIT after TypeORM let its failed connection go", new QueryRunnerAlreadyReleasedError()],
    ["a query on a released query runner", new QueryRunnerProviderAlreadyReleasedError()],
    ["the server shutting down (57P01)", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
  ])("is %s", (_, error) => {
    expect(isDatabaseUnavailable(asResolverError(error))).toBe(true);
  });

  it("is a refused connection, as pg reports it", async () => {
    // A port nothing listens on: the real error of a stopped server.
    const client = new Client({ host: "127.0.0.1", port: 1, connectionTimeoutMillis: 2_000 });
    const error = await client.connect().then(
      () => null,
      (failure: Error) => failure,
    );
    expect(error).not.toBeNull();
    expect(isDatabaseUnavailable(asResolverError(error as Error))).toBe(true);
  });
});

describe("not an outage", () => {
  it.each<[string, Error]>([
    ["a failed query (a bug, or bad data)", new QueryFailedError("select 1/0", [], Object.assign(new Error("division by zero"), { code: "22012" }))],
    ["any other error", new Error("something else")],
  ])("is %s", (_, error) => {
    expect(isDatabaseUnavailable(asResolverError(error))).toBe(false);
  });
});
