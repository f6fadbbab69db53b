import { BadUserInputError } from "../errors";
import { fromGlobalId, UUID_KEY } from "../domain/global-id";

/**
 * The database key of an argument that must be the id of a `type` (whose keys look like
 * `keyShape`, a UUID by default); else BAD_USER_INPUT naming the argument.
 */
export function keyOf(globalId: string, type: string, argumentPath: string, keyShape: RegExp = UUID_KEY): string {
  const parsed = fromGlobalId(globalId);
  if (parsed === null || parsed.type !== type || !keyShape.test(parsed.id)) throw new BadUserInputError(`${argumentPath}: not the id of a ${type}`, argumentPath);
  return parsed.id;
}
