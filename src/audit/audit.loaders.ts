import { type Reader } from "../db/reader";
import { groupLoader } from "../graphql/read/loader";
import { entityColumns, hydrate } from "../db/sql";
import { AuditChange } from "./audit-change.entity";

export function createAuditLoaders(reader: Reader) {
  return {
    /** An event's changed rows, in the order they were made. */
    auditChangesByEventId: groupLoader(async (eventIds) => {
      const rows = await reader.query<Array<Record<string, unknown>>>(
        `SELECT ${entityColumns(reader, AuditChange, "x")} FROM audit_changes x WHERE x.event_id = ANY($1::bigint[]) ORDER BY x.event_id, x.id`,
        [eventIds],
      );
      return rows.map((row): [string, AuditChange] => {
        const change = hydrate(AuditChange, row, reader);
        return [change.eventId, change];
      });
    }),
  };
}

/** The audit feature's loaders, by name. */
type AuditLoaders = ReturnType<typeof createAuditLoaders>;

declare module "../graphql/read/loaders" {
  // Merged into every request's Loaders (graphql/read/loaders.ts).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends AuditLoaders {}
}
