import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../project";

/** The operations clients send, one per file (`schema/operations/<name>.graphql`). */
export const OPERATIONS_DIR = join(PROJECT_ROOT, "schema", "operations");

/** The text of a named operation file. */
export function readOperation(name: string): string {
  return readFileSync(join(OPERATIONS_DIR, `${name}.graphql`), "utf8");
}

/** What Apollo Sandbox opens with: a person's timeline, ready to run on the shipped essay. */
export const SANDBOX_EXAMPLE = { operation: "person-timeline", variables: { slug: "jigar-bhati" } };
