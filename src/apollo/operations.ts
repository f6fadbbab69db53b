import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../project";

/**
 * The operations clients send, one per file (`schema/operations/<name>.graphql`): the reads anyone
 * may send at the top, and the editor's workspace's (queries and mutations sent with an API key)
 * in `editor/`.
 */
export const OPERATIONS_DIR = join(PROJECT_ROOT, "schema", "operations");

/** The operation files of a directory and its folders, by name relative to it without `.graphql` (`person-timeline`, `editor/update-quote`), sorted. */
export function operationFiles(directory = OPERATIONS_DIR): string[] {
  return readdirSync(directory, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".graphql"))
    .map((file) => file.replace(/\.graphql$/, "").split("\\").join("/"))
    .sort();
}

/** The text of a named operation file (`person-timeline`, `editor/update-quote`). */
export function readOperation(name: string, directory = OPERATIONS_DIR): string {
  return readFileSync(join(directory, `${name}.graphql`), "utf8");
}

/** What Apollo Sandbox opens with: a person's timeline, ready to run on the shipped essay. */
export const SANDBOX_EXAMPLE = { operation: "person-timeline", variables: { slug: "jigar-bhati" } };
