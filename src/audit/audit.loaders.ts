import { type DataSource, In } from "typeorm";
import { groupLoader } from "../common/loader";
import { AuditChange } from "./audit-change.entity";

export function createAuditLoaders(dataSource: DataSource) {
  return {
    /** An event's changed rows, in the order they were made. */
    auditChangesByEventId: groupLoader(async (eventIds) =>
      (await dataSource.getRepository(AuditChange).find({ where: { eventId: In([...eventIds]) }, order: { eventId: "ASC", id: "ASC" } })).map(
        (change): [string, AuditChange] => [change.eventId, change],
      ),
    ),
  };
}
