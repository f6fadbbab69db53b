import { join } from "node:path";
import { type ApolloServer } from "@apollo/server";
import { type GraphQLSchema } from "graphql";
import { CLI_INGEST, ingestFiles } from "../../src/content/ingest";
import { type Context, createContext } from "../../src/graphql/context";
import { loadTrustedOperations } from "../../src/apollo/persisted-queries";
import { createApolloServer } from "../../src/apollo/server";
import { CONTENT_DIR } from "../../src/project";
import { createSchema } from "../../src/graphql/schema";
import { type Serving, startServing } from "../../src/runtime/serving";
import { openTestDatabase, silentLogger, type TestDatabase } from "./test-database";
import { type Viewer } from "../../src/graphql/auth";
import { FEATURES } from "../../src/features";

/** The essay's bundle, as the product ships it. */
export const ESSAY_BUNDLE = join(CONTENT_DIR, "openai-engineer-as-told-to.yaml");

/** A GraphQL error as clients see it. */
export interface ReplyError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; argumentPath?: string; problems?: Array<{ argumentPath: string; message: string }>; [key: string]: unknown };
}

/** What one operation answered, and how many SQL statements it took. */
export interface Reply<T> {
  data: T | null | undefined;
  errors: ReplyError[] | undefined;
  extensions: Record<string, unknown> | undefined;
  statements: number;
}

/** Who runs an operation: anonymous by default. */
export interface RunOptions {
  viewer?: Viewer | null;
}

/** The API over a database of a test file's own: operations run through Apollo Server's executeOperation, answered by the resolvers. */
export interface TestApi {
  db: TestDatabase;
  /** The store, limits and tables' sizes the API serves with. */
  serving: Serving;
  /** Runs an operation with a fresh context (new loaders), as a request would; as `viewer` when given. */
  run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: RunOptions): Promise<Reply<T>>;
  /** Runs an operation that must succeed, and returns its data. */
  data<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: RunOptions): Promise<T>;
  /** Imports bundle files; fails the test when they are rejected. */
  ingest(...files: string[]): Promise<void>;
  close(): Promise<void>;
}

let schema: Promise<GraphQLSchema> | undefined;

/** Opens a migrated database of the test file's own and the API over it; loads `bundles` first. */
export async function openTestApi(...bundles: string[]): Promise<TestApi> {
  const db = await openTestDatabase();
  schema ??= createSchema(FEATURES);
  const serving = await startServing(db.config, db.dataSource, silentLogger);
  // The resolvers answer every query here (no text is planned into one statement): the statement
  // counts tests read are theirs. tests/api/planned-texts.test.ts compares the plans with them.
  const server: ApolloServer<Context> = createApolloServer({ config: { ...db.config, plannedQueryTexts: 0 }, schema: await schema, logger: silentLogger, serving, features: FEATURES, trustedOperations: loadTrustedOperations(db.config.persistedQueryManifests) });
  await server.start();

  const run = async <T>(query: string, variables: Record<string, unknown> = {}, options: RunOptions = {}): Promise<Reply<T>> => {
    const contextValue = createContext(db.dataSource, silentLogger, FEATURES, { viewer: options.viewer ?? null });
    const response = await server.executeOperation<T>({ query, variables }, { contextValue });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    const result = response.body.singleResult;
    return { data: result.data, errors: result.errors as ReplyError[] | undefined, extensions: result.extensions, statements: contextValue.sqlStats.statements };
  };

  const api: TestApi = {
    db,
    serving,
    run,
    async data<T>(query: string, variables: Record<string, unknown> = {}, options: RunOptions = {}) {
      const reply = await run<T>(query, variables, options);
      if (reply.errors !== undefined || reply.data == null) throw new Error(`the operation failed: ${JSON.stringify(reply.errors)}`);
      return reply.data;
    },
    async ingest(...files: string[]) {
      const result = await ingestFiles(db.dataSource, files, CLI_INGEST);
      if (result.errors.length > 0) throw new Error(`the bundles were rejected: ${JSON.stringify(result.errors)}`);
    },
    async close() {
      await server.stop();
      await serving.close();
      await db.close();
    },
  };
  try {
    await api.ingest(...bundles);
  } catch (error) {
    await api.close();
    throw error;
  }
  return api;
}

/** Expects exactly one BAD_USER_INPUT error naming `argumentPath`, and no data. */
export function expectBadUserInput(reply: Reply<unknown>, argumentPath: string): void {
  expect(reply.errors?.map((error) => ({ code: error.extensions?.code, argumentPath: error.extensions?.argumentPath }))).toEqual([
    { code: "BAD_USER_INPUT", argumentPath },
  ]);
  expect(reply.errors?.[0]?.message).toContain(argumentPath);
}

/** `[...body].slice(start, end).join('')`: spans count code points. */
export function at(body: string, span: { start: number; end: number }): string {
  return [...body].slice(span.start, span.end).join("");
}
