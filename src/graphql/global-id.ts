import { BadUserInputError } from "../errors";

/** The GraphQL types that are nodes, i.e. can be fetched by a global id with `node(id:)`. */
export const NODE_TYPES = ["Person", "Company", "Topic", "Source", "CareerStep", "Quote"] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Every type with an opaque id: the nodes, and the admin-only API keys and audit events. */
export type IdType = NodeType | "ApiKey" | "AuditEvent";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the database key of each type looks like. */
const KEY_SHAPE: Record<IdType, RegExp> = {
  Person: UUID,
  Company: UUID,
  Topic: UUID,
  Source: UUID,
  CareerStep: UUID,
  Quote: UUID,
  ApiKey: UUID,
  // A bigint identity.
  AuditEvent: /^[1-9][0-9]{0,17}$/,
};

/** Global ids are opaque: base64url of "Type:key", so clients never build or parse them. */
export function toGlobalId(type: IdType, id: string): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64url");
}

/** The type and database key of a global id, or null when it is not one of ours. */
export function fromGlobalId(globalId: string): { type: IdType; id: string } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, "base64url").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator < 0) return null;
  const type = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (!Object.hasOwn(KEY_SHAPE, type) || !KEY_SHAPE[type as IdType].test(id)) return null;
  return { type: type as IdType, id };
}

export function isNodeType(type: IdType): type is NodeType {
  return (NODE_TYPES as readonly string[]).includes(type);
}

/** The database key of an argument that must be the id of a `type`; else BAD_USER_INPUT naming it. */
export function keyOf(globalId: string, type: IdType, argumentPath: string): string {
  const parsed = fromGlobalId(globalId);
  if (parsed === null || parsed.type !== type) throw new BadUserInputError(`${argumentPath}: not the id of a ${type}`, argumentPath);
  return parsed.id;
}
