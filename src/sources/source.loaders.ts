import { type Reader } from "../db/reader";
import { byIdLoader, groupLoader } from "../graphql/read/loader";
import { entityColumns, keyedEntities, selectByIds } from "../db/sql";
import { revisionBodyLoader, sourceBodyLoader } from "./source-bodies";
import { Source } from "./source.entity";
import { SourceRevision } from "./source-revision.entity";

export function createSourceLoaders(reader: Reader) {
  return {
    sourceById: byIdLoader((ids) => selectByIds(reader, Source, ids)),
    /** A source's body, prepared for slicing by code point (the row is read without it). */
    sourceBody: sourceBodyLoader(reader, reader.dataSource),
    /** The body of a given revision of a source (earlier ones: ORPHANED spans, `Source.body(revision:)`). */
    revisionBody: revisionBodyLoader(reader, reader.dataSource),
    /** A source's revisions, oldest first (without their bodies). */
    revisionsBySourceId: groupLoader((sourceIds) =>
      keyedEntities(
        reader,
        SourceRevision,
        `SELECT r.source_id AS key, ${entityColumns(reader, SourceRevision, "r")} FROM source_revisions r WHERE r.source_id = ANY($1::uuid[]) ORDER BY r.source_id, r.number`,
        [sourceIds],
      ),
    ),
    /** The sources a person narrates, speaks in, or whose career steps they support; by slug. */
    sourcesByPersonId: groupLoader((personIds) =>
      keyedEntities(
        reader,
        Source,
        `SELECT x.person_id AS key, ${entityColumns(reader, Source, "s")}
           FROM sources s
           JOIN (SELECT s.narrator_id AS person_id, s.id AS source_id FROM sources s WHERE s.narrator_id = ANY($1::uuid[])
                 UNION SELECT q.speaker_id, q.source_id FROM quotes q WHERE q.speaker_id = ANY($1::uuid[])
                 UNION SELECT cs.person_id, cs.source_id FROM career_steps cs WHERE cs.person_id = ANY($1::uuid[]) AND cs.source_id IS NOT NULL) x
             ON x.source_id = s.id
          ORDER BY x.person_id, s.slug`,
        [personIds],
      ),
    ),
  };
}

/** The sources feature's loaders, by name. */
type SourceLoaders = ReturnType<typeof createSourceLoaders>;

declare module "../graphql/read/loaders" {
  // Merged into every request's Loaders (graphql/read/loaders.ts).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends SourceLoaders {}
}
