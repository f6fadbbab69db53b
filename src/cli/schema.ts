import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { lexicographicSortSchema, printSchema } from "graphql";
import { PROJECT_ROOT } from "../project";
import { FEATURES } from "../features";
import { createSchema } from "../graphql/schema";
import { buildProjectManifest, manifestText, PROJECT_MANIFEST } from "../apollo/persisted-queries";

/** The committed SDL: clients and reviewers read it; CI fails when the code drifts from it. */
export const SCHEMA_FILE = join(PROJECT_ROOT, "schema", "schema.graphql");

export async function printCurrentSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema(FEATURES)))}\n`;
}

/** A committed file made from the code, how to make it now, and the command that writes it. */
interface Generated {
  file: string;
  make(): Promise<string>;
  command: string;
}

const SCHEMA: Generated = { file: SCHEMA_FILE, make: printCurrentSchema, command: "npm run schema:emit" };
const MANIFEST: Generated = { file: PROJECT_MANIFEST, make: async () => manifestText(buildProjectManifest()), command: "npm run operations:manifest" };

/**
 * `npm run schema:emit` writes schema/schema.graphql and the trusted operations' manifest
 * (schema/persisted-query-manifest.json); `npm run operations:manifest` the manifest alone;
 * `npm run schema:check` fails when either is stale.
 */
async function main(mode: string | undefined): Promise<number> {
  const targets = mode === "manifest" ? [MANIFEST] : [SCHEMA, MANIFEST];
  let stale = 0;
  for (const target of targets) {
    const current = await target.make();
    if (mode === "emit" || mode === "manifest") {
      await writeFile(target.file, current);
      console.log(`wrote ${target.file}`);
      continue;
    }
    const committed = await readFile(target.file, "utf8").catch(() => "");
    if (committed === current) {
      console.log(`${target.file} is up to date`);
    } else {
      console.error(`${target.file} differs from the code: run ${target.command} and commit the result`);
      stale += 1;
    }
  }
  return stale === 0 ? 0 : 1;
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
