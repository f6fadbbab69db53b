import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The project's root folder (where package.json is), whether running from src/ or dist/src/. */
export const PROJECT_ROOT = findRoot(__dirname);

/** The content bundles loaded into an empty database. */
export const CONTENT_DIR = join(PROJECT_ROOT, "content");

function findRoot(start: string): string {
  let directory = start;
  while (!existsSync(join(directory, "package.json"))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${start}`);
    directory = parent;
  }
  return directory;
}
