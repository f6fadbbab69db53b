import { In } from "typeorm";
import { type Reader } from "../reader";
import { groupLoader } from "../common/loader";
import { AuditChange } from "./audit-change.entity";

export function createAuditLoaders(reader: Reader) {
  return {
    /** An event's changed rows, in the order they were made. */
    auditChangesByEventId: groupLoader(async (eventIds) =>
      (await reader.run((manager) => manager.getRepository(AuditChange).find({ where: { eventId: In([...eventIds]) }, order: { eventId: "ASC", id: "ASC" } }))).map(
        (change): [string, AuditChange] => [change.eventId, change],
      ),
    ),
  };
}
