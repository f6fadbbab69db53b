import { embedded, type JsonTypes, related, value } from "../graphql/json/json-fields";

/**
 * How a passage is written as JSON by PostgreSQL, over its parent's view of it (columns
 * `source_id`, `start`, `end`, `revision`): the words are the body of that revision of the
 * source at the span, in code points (PostgreSQL's `substr` counts them as BodyText does).
 */
export const PASSAGE_JSON: JsonTypes = {
  Passage: {
    text: value(
      (row) =>
        `(SELECT substr(CASE WHEN s.revision = ${row.column("revision")} THEN s.body ELSE (SELECT r.body FROM source_revisions r WHERE r.source_id = s.id AND r.number = ${row.column("revision")}) END, ${row.column("start")} + 1, ${row.column("end")} - ${row.column("start")}) FROM sources s WHERE s.id = ${row.column("source_id")})`,
    ),
    span: embedded((row) => row),
    revision: value((row) => row.column("revision")),
    source: related("sources", (row) => row.column("source_id")),
  },
};
