import { LRUCache } from "lru-cache";
import { BodyText } from "../domain/body-text";
import { type Now, ReadyLoader } from "../graphql/read/loader";
import { type ReadSource } from "../db/sql";
import { type Source } from "./source.entity";

/** Bytes a prepared body takes, per code unit: the string (2) and its two offset tables (4 + 4). */
const BYTES_PER_CHARACTER = 10;

/** The most memory the prepared bodies of all requests take together. */
const PREPARED_BODIES_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Source bodies prepared for slicing by code point, shared by every request on a database and
 * kept by their SHA-256 (a column of the source row and of each revision): a body never changes
 * in place (a correction is a new revision, with its own hash), so an entry is never stale. A
 * source row is read without its body (often tens of kilobytes); the body is read once, when a
 * passage, a quote's context or the body itself is asked for, and again only after the cache let
 * it go.
 */
const preparedByDatabase = new WeakMap<object, LRUCache<string, BodyText>>();

function preparedBodies(database: object): LRUCache<string, BodyText> {
  let prepared = preparedByDatabase.get(database);
  if (!prepared) {
    prepared = new LRUCache<string, BodyText>({ maxSize: PREPARED_BODIES_MAX_BYTES, sizeCalculation: (text) => Math.max(1, text.body.length * BYTES_PER_CHARACTER) });
    preparedByDatabase.set(database, prepared);
  }
  return prepared;
}

/**
 * A request's loader of source bodies: from the database's cache, else one statement for the
 * batch's missing bodies. Keyed by the source row the request holds.
 */
export function sourceBodyLoader(reader: ReadSource, database: object): ReadyLoader<Source, BodyText> {
  const prepared = preparedBodies(database);
  return new SourceBodyLoader(
    prepared,
    async (sources) => {
      const missing = sources.filter((source) => !prepared.has(source.bodySha256));
      const read = new Map<string, BodyText>();
      if (missing.length > 0) {
        const rows = await reader.query<Array<{ id: string; body: string; sha256: string }>>(
          `SELECT s.id, s.body, s.body_sha256 AS sha256 FROM sources s WHERE s.id = ANY($1::uuid[])`,
          [missing.map((source) => source.id)],
        );
        for (const row of rows) {
          const text = new BodyText(row.body);
          read.set(row.id, text);
          prepared.set(row.sha256, text);
        }
      }
      // A body edited since the row was read comes back with its new hash: the request gets the body as it is now.
      return sources.map((source) => read.get(source.id) ?? prepared.get(source.bodySha256) ?? new Error(`internal: source ${source.id} does not exist`));
    },
    (source) => source.id,
  );
}

/** A loader of bodies that answers at once from the database's cache what it holds. */
class SourceBodyLoader extends ReadyLoader<Source, BodyText> {
  constructor(
    private readonly prepared: LRUCache<string, BodyText>,
    batch: ConstructorParameters<typeof ReadyLoader<Source, BodyText>>[0],
    keyOf: (source: Source) => string,
  ) {
    super(batch, keyOf);
  }

  override get(source: Source): Now<BodyText> {
    return this.prepared.get(source.bodySha256) ?? super.get(source);
  }
}

/** A revision of a source: which body a span of an ORPHANED quote or step refers to. */
export interface RevisionKey {
  sourceId: string;
  revision: number;
}

/**
 * A request's loader of the bodies of given revisions (null when the source has no such
 * revision): one statement for a batch, the same cache of prepared bodies as the current ones.
 * The source's current body is {@link sourceBodyLoader}'s: this one serves earlier revisions.
 */
export function revisionBodyLoader(reader: ReadSource, database: object): ReadyLoader<RevisionKey, BodyText | null> {
  const prepared = preparedBodies(database);
  return new ReadyLoader<RevisionKey, BodyText | null>(
    async (keys) => {
      const rows = await reader.query<Array<{ key: string; sha256: string; body: string }>>(
        `SELECT r.source_id || ':' || r.number AS key, r.body_sha256 AS sha256, r.body
           FROM source_revisions r JOIN unnest($1::uuid[], $2::int[]) AS k(source_id, number) ON (r.source_id, r.number) = (k.source_id, k.number)`,
        [keys.map((key) => key.sourceId), keys.map((key) => key.revision)],
      );
      const byKey = new Map<string, BodyText>();
      for (const row of rows) {
        const text = prepared.get(row.sha256) ?? new BodyText(row.body);
        prepared.set(row.sha256, text);
        byKey.set(row.key, text);
      }
      return keys.map((key) => byKey.get(revisionKey(key)) ?? null);
    },
    revisionKey,
  );
}

const revisionKey = (key: RevisionKey): string => `${key.sourceId}:${key.revision}`;

/** The body of a source's revision: its current one from the source's row, an earlier one by number; null when there is none. */
export function bodyOfRevision(context: { loaders: { sourceBody: ReadyLoader<Source, BodyText>; revisionBody: ReadyLoader<RevisionKey, BodyText | null> } }, source: Source, revision: number): Now<BodyText | null> {
  if (revision === source.revision) return context.loaders.sourceBody.get(source);
  return context.loaders.revisionBody.get({ sourceId: source.id, revision });
}
