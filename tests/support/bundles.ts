import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { type DataSource } from "typeorm";
import { type BundleInput } from "../../src/content/bundle.schema";
import { SourceKind } from "../../src/sources/source-kind";

/** A body with astral characters before and inside quotes, two sections and a repeated sentence. */
export const SAMPLE_BODY = [
  "Ada Example talks about music 🎵 and code. Edited for clarity.",
  "",
  "I joined Acme Corp in 2019 and stayed for about four years. We shipped 𝄞 features daily.",
  "",
  "Early days",
  "",
  "Keep shipping. Keep shipping. The “hard” part was hiring — always hiring… and 😀 morale.",
  "",
  "Now at Initech",
  "",
  "Since 2023 I lead the platform team at Initech. Small teams move fast.",
  "",
].join("\n");

/** A valid bundle over SAMPLE_BODY; tests copy and break it. */
export function sampleBundle(slug = "ada-example-interview"): BundleInput {
  return {
    source: {
      slug,
      title: "Ada Example on shipping",
      kind: SourceKind.INTERVIEW,
      url: "https://example.com/ada",
      publisher: "Example Weekly",
      publishedOn: "2024-05?",
      narrator: "ada-example",
      bodyFile: `${slug}.txt`,
      sections: ["Early days", "Now at Initech"],
    },
    people: [{ slug: "ada-example", name: "Ada Example", headline: "Platform lead at Initech" }],
    companies: [
      { slug: "acme", name: "Acme Corp", website: "https://acme.example" },
      { slug: "initech", name: "Initech" },
    ],
    topics: [
      { slug: "shipping", name: "Shipping" },
      { slug: "hiring", name: "Hiring" },
    ],
    careerSteps: [
      { person: "ada-example", company: "acme", title: "Engineer", start: "2019", end: "2023~", evidence: "I joined Acme Corp in 2019 and stayed for about four years." },
      { person: "ada-example", company: "initech", title: "Platform lead", start: "2023", end: "..", evidence: "Since 2023 I lead the platform team at Initech." },
    ],
    quotes: [
      { speaker: "ada-example", text: "We shipped 𝄞 features daily.", topics: ["shipping"], companies: ["acme"] },
      { speaker: "ada-example", text: "Keep shipping.", occurrence: 2, topics: ["shipping"] },
      { speaker: "ada-example", text: "The “hard” part was hiring — always hiring… and 😀 morale.", topics: ["hiring"] },
      { speaker: "ada-example", text: "Small teams move fast.", topics: ["shipping"], companies: ["initech"] },
    ],
  };
}

const folders: string[] = [];

// Registered in every test file that imports this module: its bundle folders go with it.
afterAll(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** Writes a bundle (YAML, or JSON for a .json name) and its body into a fresh temporary folder. */
export async function writeBundle(bundle: unknown, body: string = SAMPLE_BODY, name = "bundle.yaml", bodyName?: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "ig-bundle-"));
  folders.push(directory);
  const source = (bundle as { source?: { bodyFile?: unknown } }).source;
  const bodyFile = bodyName ?? (typeof source?.bodyFile === "string" ? source.bodyFile : "body.txt");
  await writeFile(join(directory, bodyFile), body);
  const file = join(directory, name);
  await writeFile(file, name.endsWith(".json") ? JSON.stringify(bundle, null, 2) : stringify(bundle));
  return file;
}

/** Deep copy, to break a bundle in one place. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

const TABLES = ["people", "companies", "topics", "sources", "career_steps", "quotes", "quote_topics", "quote_companies", "api_keys"];

/**
 * Every row of every table with its xmin (the transaction that last wrote it), so two snapshots
 * are equal only if no row was inserted, deleted, or rewritten, even with equal values.
 */
export async function snapshot(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    result[table] = await dataSource.query(`select xmin::text as row_version, t.* from ${table} t order by row_to_json(t)::text`);
  }
  return result;
}
