import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type KeyValueCache, type KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import { type ASTNode, GraphQLError, Kind, type OperationDefinitionNode, parse, print, type SelectionSetNode, visit } from "graphql";
import { LRUCache } from "lru-cache";
import { ErrorCode } from "../errors";
import { OPERATIONS_DIR, operationFiles, readOperation } from "./operations";
import { PROJECT_ROOT } from "../project";

/** Apollo keeps persisted queries under this prefix in the cache it is given. */
const APQ_PREFIX = "apq:";

/** The project's own trusted operations, compiled from schema/operations/ by `npm run operations:manifest`. */
export const PROJECT_MANIFEST = join(PROJECT_ROOT, "schema", "persisted-query-manifest.json");

/** A trusted operation: the id clients send for it (a hash, as their tool computed it), its operation's name, and its text. */
export interface TrustedOperation {
  id: string;
  name: string;
  body: string;
}

/** The trusted operations, by the id clients send, and the set of their texts (for clients that send the text whole). */
export interface TrustedOperations {
  byId: ReadonlyMap<string, TrustedOperation>;
  bodies: ReadonlySet<string>;
}

/** Apollo's persisted-query manifest (`@apollo/generate-persisted-query-manifest`), the format the project's own is in. */
export interface ApolloManifest {
  format: "apollo-persisted-query-manifest";
  version: 1;
  operations: Array<{ id: string; name: string; type: "query" | "mutation" | "subscription"; body: string }>;
}

/** A manifest that cannot be read: which file, and why. */
export class ManifestError extends Error {
  constructor(path: string, why: string) {
    super(`${path}: ${why}`);
    this.name = "ManifestError";
  }
}

/**
 * Reads a manifest of trusted operations in either format clients' tools write:
 * - Apollo's persisted-query manifest: `{ format: "apollo-persisted-query-manifest", version: 1,
 *   operations: [{ id, name, type, body }] }` (the ids Apollo Client's persisted-query link sends);
 * - GraphQL Code Generator's `persisted-documents.json`: `{ "<hash>": "<document>" }` (the
 *   hashes its client preset puts on each document, sha1 or sha256 as configured).
 */
export function readManifest(path: string): TrustedOperation[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ManifestError(path, `not a readable JSON file (${(error as Error).message})`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new ManifestError(path, "expected a JSON object");
  const entries: Array<[id: unknown, body: unknown, name: unknown]> =
    "format" in json
      ? apolloEntries(path, json)
      : Object.entries(json).map(([id, body]) => [id, body, undefined]);
  return entries.map(([id, body, name], index) => {
    if (typeof id !== "string" || id.length === 0 || id.length > 200) throw new ManifestError(path, `operation ${index}: its id must be a string of 1 to 200 characters`);
    if (typeof body !== "string") throw new ManifestError(path, `operation ${id}: its body must be a GraphQL document`);
    let operation: OperationDefinitionNode | undefined;
    try {
      operation = parse(body).definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    } catch (error) {
      throw new ManifestError(path, `operation ${id}: ${(error as Error).message}`);
    }
    if (!operation) throw new ManifestError(path, `operation ${id}: the document holds no operation`);
    return { id, name: typeof name === "string" ? name : (operation.name?.value ?? "anonymous"), body };
  });
}

function apolloEntries(path: string, json: object): Array<[unknown, unknown, unknown]> {
  const { format, version, operations } = json as Record<string, unknown>;
  if (format !== "apollo-persisted-query-manifest" || version !== 1 || !Array.isArray(operations)) {
    throw new ManifestError(path, 'expected an Apollo persisted-query manifest ({ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [...] }) or a map of hashes to documents');
  }
  return (operations as unknown[]).map((operation) => {
    const { id, body, name } = (operation ?? {}) as Record<string, unknown>;
    return [id, body, name];
  });
}

/** The trusted operations: the project's manifest, then those of the manifests given (PERSISTED_QUERIES_MANIFESTS). An id given twice for two texts is refused. */
export function loadTrustedOperations(manifests: readonly string[] = []): TrustedOperations {
  const byId = new Map<string, TrustedOperation>();
  for (const path of [PROJECT_MANIFEST, ...manifests]) {
    for (const operation of readManifest(path)) {
      const known = byId.get(operation.id);
      if (known && known.body !== operation.body) throw new ManifestError(path, `the id ${operation.id} is given to two different documents`);
      byId.set(operation.id, operation);
    }
  }
  return { byId, bodies: new Set([...byId.values()].map((operation) => operation.body)) };
}

/** The names of the trusted operations (metrics label them by name; any other is `other`). */
export function operationNames(operations: TrustedOperations): Set<string> {
  return new Set([...operations.byId.values()].map((operation) => operation.name));
}

/**
 * An operation file's text as clients send it: printed by graphql-js (comments and layout
 * gone) with `__typename` in every selection set below the root, as Apollo Client's cache
 * asks for it and Apollo's manifest generator writes it.
 */
export function manifestBody(text: string): string {
  return print(withTypename(parse(text)));
}

/** Adds `__typename` to every selection set but the operation's own (Apollo's addTypenameToDocument). */
function withTypename<T extends ASTNode>(document: T): T {
  return visit(document, {
    SelectionSet(node: SelectionSetNode, _key, parent) {
      if (parent && !Array.isArray(parent) && (parent as ASTNode).kind === Kind.OPERATION_DEFINITION) return undefined;
      if (node.selections.some((selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith("__"))) return undefined;
      return { ...node, selections: [...node.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } }] };
    },
  });
}

/** The manifest of schema/operations/ (`npm run operations:manifest`): each file's operation, its id the SHA-256 of its body. */
export function buildProjectManifest(directory = OPERATIONS_DIR): ApolloManifest {
  const operations = operationFiles(directory).map((file) => {
    const body = manifestBody(readOperation(file, directory));
    const operation = parse(body).definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    if (!operation?.name) throw new ManifestError(join(directory, `${file}.graphql`), "a trusted operation must be one named operation");
    return { id: sha256(body), name: operation.name.value, type: operation.operation, body };
  });
  return { format: "apollo-persisted-query-manifest", version: 1, operations };
}

/** The manifest as its file holds it. */
export function manifestText(manifest: ApolloManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The persisted-query store of trusted-documents mode: the trusted operations, read-only, so
 * that no client can register another.
 */
export class TrustedDocumentsCache implements KeyValueCache<string> {
  constructor(private readonly operations: TrustedOperations) {}

  async get(key: string): Promise<string | undefined> {
    return this.operations.byId.get(key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key)?.body;
  }

  async set(): Promise<void> {
    // Trusted documents come from manifests: nothing is registered at run time.
  }

  async delete(): Promise<void> {
    // Nor removed.
  }
}

/**
 * The persisted-query store of the usual mode: the trusted operations are there from the start
 * (so a client such as the web explorer can send their ids alone, on a fresh copy), and
 * clients may register others, kept in the shared store.
 */
export class TrustedFirstCache implements KeyValueCache<string> {
  private readonly trusted: TrustedDocumentsCache;

  constructor(
    operations: TrustedOperations,
    private readonly registered: KeyValueCache<string>,
  ) {
    this.trusted = new TrustedDocumentsCache(operations);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.trusted.get(key)) ?? this.registered.get(key);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if ((await this.trusted.get(key)) === undefined) await this.registered.set(key, value, options);
  }

  async delete(key: string): Promise<void> {
    await this.registered.delete(key);
  }
}

/** How many texts that are not a trusted body verbatim keep their verdict. */
const VERDICTS_KEPT = 500;

/**
 * Trusted-documents mode: an operation runs only if it is a trusted one, sent by its id, or as
 * its text: the manifest's body, or a text that prints as it does (the operation file itself,
 * comments and layout aside, with or without the `__typename`s the manifest adds). Anything
 * else is refused with PERSISTED_QUERY_NOT_FOUND, saying why. Checked as the request arrives.
 */
export function untrustedChecker(operations: TrustedOperations): (query: string) => GraphQLError | null {
  const verdicts = new LRUCache<string, boolean>({ max: VERDICTS_KEPT });
  const isTrusted = (query: string): boolean => {
    if (operations.bodies.has(query)) return true;
    let trusted = verdicts.get(query);
    if (trusted === undefined) {
      try {
        trusted = operations.bodies.has(print(parse(query))) || operations.bodies.has(manifestBody(query));
      } catch {
        trusted = false;
      }
      verdicts.set(query, trusted);
    }
    return trusted;
  };
  return (query) => (isTrusted(query) ? null : untrusted());
}

function untrusted(): GraphQLError {
  return new GraphQLError("this server runs only its trusted operations (its persisted-query manifests): send one of them by its id (Apollo persisted queries), or its text exactly", {
    extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, http: { status: 400 } },
  });
}
