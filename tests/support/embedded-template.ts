import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A new embedded data folder at `path` (created, or filled if it is an empty folder), holding a
 * new, empty database: a copy of the one that the tests' global setup made with initdb, so each
 * test database does not pay initdb again. Without that template (a test run without the
 * global setup) the folder is left for PGlite to initialise, as in production.
 */
export async function newEmbeddedDataFolder(path: string): Promise<void> {
  const template = process.env.PGLITE_TEMPLATE_DIR;
  if (template) await cp(template, path, { recursive: true, errorOnExist: true, force: false });
}

/** A new embedded data folder in a temporary directory of its own, and how to remove it. */
export async function temporaryEmbeddedDataFolder(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  const path = join(folder, "pglite");
  await newEmbeddedDataFolder(path);
  return { path, remove: () => rm(folder, { recursive: true, force: true }) };
}
