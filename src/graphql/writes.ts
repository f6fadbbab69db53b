import { type EntityManager, QueryFailedError } from "typeorm";
import { type Actor, auditedTransaction, type WriteOutcome } from "../db/transaction";
import { BadUserInputError, ConflictError, ConflictReason } from "../errors";
import { type Context } from "./context";
import { type ConstraintMeaning } from "./feature";

/** The actor of a request: its API key's holder. Mutations are only reached with a key. */
export function actorOf(context: Context): Actor {
  if (!context.viewer) throw new Error("internal: a write without a viewer passed the auth check");
  return { kind: "API_KEY", apiKeyId: context.viewer.apiKeyId };
}

/**
 * A mutation's write: one audited transaction as the request's key holder. After it commits,
 * the request's loaders are emptied, so nothing the request reads next is older than the write.
 * A constraint the service did not check first becomes a coded error, not an internal one.
 */
export async function writeAs<T>(context: Context, operation: string, work: (manager: EntityManager) => Promise<T>, options: { dryRun?: boolean } = {}): Promise<WriteOutcome<T>> {
  // Whether or not it commits, the request reads from the primary from now on: it reads its writes.
  context.reader.markWrote();
  try {
    return await auditedTransaction(context.dataSource, actorOf(context), operation, work, { ...options, sqlStats: context.sqlStats });
  } catch (error) {
    throw translateDatabaseError(error, context.features.constraints);
  } finally {
    context.loaders.clearAll();
  }
}

/**
 * A refusal by the database, in the API's terms, without its own words (constraint names, ids,
 * the row's values): what each constraint a race can meet means is the features' to say
 * (`constraints` in their declarations); other errors pass unchanged.
 */
function translateDatabaseError(error: unknown, constraints: Readonly<Record<string, ConstraintMeaning>>): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  const known = constraint === undefined ? undefined : constraints[constraint];
  // A unique key, or an exclusion constraint that acts as one (quotes_span_key).
  if (code === "23505" || code === "23P01") {
    const { argumentPath, message } = known ?? { argumentPath: "input", message: "this already exists (written at the same moment by another request)" };
    return new ConflictError(`${argumentPath}: ${message}`, ConflictReason.ALREADY_EXISTS, { argumentPath });
  }
  // A delete of a row others still reference; an insert referencing a missing row is bad input.
  if (code === "23503" && error.message.startsWith("update or delete")) return new ConflictError("input: still referenced by other rows", ConflictReason.STILL_REFERENCED, {});
  if (code?.startsWith("23") || code?.startsWith("22")) {
    const { argumentPath, message } = known ?? { argumentPath: "input", message: "the database refused a value of this input" };
    return new BadUserInputError(`${argumentPath}: ${message}`, argumentPath);
  }
  return error;
}
