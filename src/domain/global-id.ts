/**
 * Global ids are opaque: base64url of "Type:key", so clients never build or parse them. This
 * module only encodes and decodes; which types and keys exist is the schema's to say
 * (graphql/ids.ts checks a key's shape, the registry of features knows the node types).
 */

/** The global id of the row `id` of the GraphQL type `type`. */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64url");
}

/** The type and key a global id says, or null when it is not one (not base64url of "Type:key"). */
export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, "base64url").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator < 1) return null;
  return { type: decoded.slice(0, separator), id: decoded.slice(separator + 1) };
}

/** What most keys are: a UUID. */
export const UUID_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A bigint identity (audit events). */
export const BIGINT_KEY = /^[1-9][0-9]{0,17}$/;
