import { type EntityManager } from "typeorm";
import { BadUserInputError, ConflictError, ConflictReason, NotFoundError } from "../errors";
import { type ProblemList } from "../domain/problems";
import { toGlobalId } from "../domain/global-id";

/**
 * Refuses an input with every error the checks found, as one BAD_USER_INPUT whose argument
 * paths are the problems' paths; otherwise returns the warnings, for the payload.
 */
export function acceptOrRefuse(problems: ProblemList): string[] {
  const [first, ...rest] = problems.errors.map((problem) => ({ argumentPath: problem.path, message: `${problem.path}: ${problem.message}` }));
  if (first) throw BadUserInputError.of([first, ...rest]);
  return problems.warnings.map((problem) => `${problem.path}: ${problem.message}`);
}

/** The tables of versioned nodes. */
export type VersionedTable = "people" | "companies" | "topics" | "sources" | "career_steps" | "quotes";

/**
 * Locks a node's row for the rest of the transaction and checks the version the client saw.
 * The lock makes racing edits take turns: the second sees the first's version and, if it
 * expected the old one, is refused with CONFLICT rather than silently overwriting.
 */
export async function lockVersioned(
  manager: EntityManager,
  table: VersionedTable,
  type: string,
  id: string,
  expectedVersion: number | null | undefined,
): Promise<{ version: number }> {
  const [row] = await manager.query<Array<{ version: number }>>(`SELECT version FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  if (row === undefined) throw new NotFoundError(type, toGlobalId(type, id));
  checkVersion(type, id, row.version, expectedVersion);
  return row;
}

/** CONFLICT when the client expected another version than the row's. */
export function checkVersion(type: string, id: string, actualVersion: number, expectedVersion: number | null | undefined): void {
  if (expectedVersion != null && expectedVersion !== actualVersion) {
    throw new ConflictError(
      `${type} ${toGlobalId(type, id)} is at version ${actualVersion}, not ${expectedVersion}: it changed since you read it; read it again and redo your edit`,
      ConflictReason.STALE_VERSION,
      { expectedVersion, actualVersion },
    );
  }
}

/** The ids of the slugs that exist in a table, by slug. */
export async function idsBySlug(manager: EntityManager, table: "people" | "companies" | "topics" | "sources", slugs: string[]): Promise<Map<string, string>> {
  if (slugs.length === 0) return new Map();
  const rows = await manager.query<Array<{ id: string; slug: string }>>(`SELECT id, slug FROM ${table} WHERE slug = ANY($1::text[])`, [slugs]);
  return new Map(rows.map((row) => [row.slug, row.id]));
}

/** Each of `slugs` that names nothing is a problem at `path[i]` (or `path` for one slug). */
export function reportUnknown(problems: ProblemList, known: Map<string, string>, noun: string, slugs: string[] | string, path: string): void {
  const list = typeof slugs === "string" ? [slugs] : slugs;
  list.forEach((slug, index) => {
    if (!known.has(slug)) problems.error(typeof slugs === "string" ? path : `${path}[${index}]`, `unknown ${noun} "${slug}"`);
  });
}
