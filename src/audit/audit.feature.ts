import { type Feature } from "../graphql/feature";
import { AuditChange } from "./audit-change.entity";
import { AuditEvent } from "./audit-event.entity";
import { createAuditLoaders } from "./audit.loaders";
import { AuditResolver } from "./audit.resolver";

/** The audit trail: every change, who made it, and how to undo it. */
export const auditFeature: Feature = {
  name: "audit",
  entities: [AuditEvent, AuditChange],
  resolvers: [AuditResolver],
  loaders: createAuditLoaders,
};
