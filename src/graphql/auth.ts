import { type AuthChecker, registerEnumType } from "type-graphql";
import { ForbiddenError, UnauthenticatedError } from "../errors";

/** The roles a key can carry. ADMIN can do all that EDITOR can. */
export enum ApiKeyRole {
  EDITOR = "EDITOR",
  ADMIN = "ADMIN",
}

registerEnumType(ApiKeyRole, {
  name: "ApiKeyRole",
  description: "What an API key may do. Reads need no key (unless the server requires one).",
  valuesConfig: {
    EDITOR: { description: "Content mutations: interviews, quotes, people, companies, topics, career steps." },
    ADMIN: { description: "All an EDITOR may do, plus API keys and the audit trail." },
  },
});

/** Who sends a request: the holder of a valid API key (api-keys/auth.ts finds it). */
export interface Viewer {
  apiKeyId: string;
  role: ApiKeyRole;
  label: string;
  prefix: string;
}

/** Whether a key of role `held` may do what `needed` may: ADMIN may do all an EDITOR may. */
function grants(held: ApiKeyRole, needed: ApiKeyRole): boolean {
  return held === needed || held === ApiKeyRole.ADMIN;
}

/** TypeGraphQL's check of `@Authorized(role)`: no key is UNAUTHENTICATED, the wrong role FORBIDDEN. */
export const authChecker: AuthChecker<{ viewer: Viewer | null }, ApiKeyRole> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (viewer === null) throw new UnauthenticatedError("this operation needs an API key: send `Authorization: Bearer <key>`");
  if (roles.length > 0 && !roles.some((role) => grants(viewer.role, role))) {
    throw new ForbiddenError(`this operation needs a key with the role ${roles.join(" or ")}; this key's role is ${viewer.role}`);
  }
  return true;
};
