import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { lexicographicSortSchema, printSchema } from "graphql";
import { PROJECT_ROOT } from "../project";
import { createSchema } from "../schema";

/** The committed SDL: clients and reviewers read it; CI fails when the code drifts from it. */
export const SCHEMA_FILE = join(PROJECT_ROOT, "schema", "schema.graphql");

export async function printCurrentSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}

/** `npm run schema:emit` writes schema/schema.graphql; `npm run schema:check` fails when it is stale. */
async function main(mode: string | undefined): Promise<number> {
  const current = await printCurrentSchema();
  if (mode === "emit") {
    await writeFile(SCHEMA_FILE, current);
    console.log(`wrote ${SCHEMA_FILE}`);
    return 0;
  }
  const committed = await readFile(SCHEMA_FILE, "utf8").catch(() => "");
  if (committed === current) {
    console.log("schema/schema.graphql is up to date");
    return 0;
  }
  console.error("schema/schema.graphql differs from the code: run npm run schema:emit and commit the result");
  return 1;
}

if (require.main === module) {
  main(process.argv[2]).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
