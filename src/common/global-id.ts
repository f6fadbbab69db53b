/** The GraphQL types that are nodes, i.e. can be fetched by a global id. */
export const NODE_TYPES = ["Person", "Company", "Topic", "Source", "CareerStep", "Quote"] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Global ids are opaque: base64url of "Type:uuid", so clients never build or parse them. */
export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64url");
}

/** The type and database id of a global id, or null when it is not one of ours. */
export function fromGlobalId(globalId: string): { type: NodeType; id: string } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, "base64url").toString("utf8");
  const separator = decoded.indexOf(":");
  const type = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 0 || !(NODE_TYPES as readonly string[]).includes(type) || !UUID.test(id)) return null;
  return { type: type as NodeType, id };
}
