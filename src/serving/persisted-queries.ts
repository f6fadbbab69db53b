import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type KeyValueCache, type KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import { GraphQLError } from "graphql";
import { ErrorCode } from "../errors";
import { OPERATIONS_DIR } from "../operations";

/** Apollo keeps persisted queries under this prefix in the cache it is given. */
const APQ_PREFIX = "apq:";

/** A trusted operation: its file's name, its text, and the SHA-256 clients send for it. */
export interface TrustedOperation {
  name: string;
  sha256: string;
  document: string;
}

/**
 * The operations of schema/operations/, by the SHA-256 of their text (the hash Apollo's
 * persisted-query protocol sends). Clients may send the hash alone.
 */
export function loadTrustedOperations(directory = OPERATIONS_DIR): Map<string, TrustedOperation> {
  const operations = new Map<string, TrustedOperation>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith(".graphql")).sort()) {
    const document = readFileSync(join(directory, file), "utf8");
    const sha256 = createHash("sha256").update(document).digest("hex");
    operations.set(sha256, { name: file.replace(/\.graphql$/, ""), sha256, document });
  }
  return operations;
}

/** The names of the trusted operations' operations (for metrics labels). */
export function operationNames(operations: Map<string, TrustedOperation>): Set<string> {
  const names = new Set<string>();
  for (const { document } of operations.values()) for (const match of document.matchAll(/\b(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/g)) if (match[1]) names.add(match[1]);
  return names;
}

/**
 * The persisted-query store of trusted-documents mode: the trusted operations, read-only, so
 * that no client can register another.
 */
export class TrustedDocumentsCache implements KeyValueCache<string> {
  constructor(private readonly operations: Map<string, TrustedOperation>) {}

  async get(key: string): Promise<string | undefined> {
    return this.operations.get(key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key)?.document;
  }

  async set(): Promise<void> {
    // Trusted documents are the files of schema/operations/: nothing is registered at run time.
  }

  async delete(): Promise<void> {
    // Nor removed.
  }
}

/**
 * The persisted-query store of the usual mode: the trusted operations are there from the start
 * (so a client such as the web explorer can send their hashes alone, on a fresh copy), and
 * clients may register others, kept in the shared store.
 */
export class TrustedFirstCache implements KeyValueCache<string> {
  private readonly trusted: TrustedDocumentsCache;

  constructor(
    operations: Map<string, TrustedOperation>,
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

/**
 * Trusted-documents mode: an operation runs only if its text is one of the trusted operations
 * (sent whole, or by hash); anything else is refused with PERSISTED_QUERY_NOT_FOUND, saying why.
 * Checked on the request as it arrives.
 */
export function untrustedProblem(query: string, operations: Map<string, TrustedOperation>): GraphQLError | null {
  if (operations.has(createHash("sha256").update(query).digest("hex"))) return null;
  return new GraphQLError("this server runs only its trusted operations (schema/operations/): send one of them, by its sha256 hash (Apollo persisted queries)", {
    extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, http: { status: 400 } },
  });
}
