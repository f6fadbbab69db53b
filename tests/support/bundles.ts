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

const TABLES = ["people", "companies", "topics", "sources", "source_revisions", "career_steps", "quotes", "quote_topics", "quote_companies", "api_keys", "audit_events", "audit_changes"];

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

/**
 * The content of a database without its ids and times: every row by its natural keys (slugs,
 * spans), so two databases that imported the same bundles compare equal.
 */
export async function contentDump(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const queries: Record<string, string> = {
    people: "SELECT slug, name, headline, version FROM people ORDER BY slug",
    companies: "SELECT slug, name, website, version FROM companies ORDER BY slug",
    topics: "SELECT slug, name, version FROM topics ORDER BY slug",
    sources: `SELECT s.slug, s.title, s.kind, s.url, s.publisher, s.published_edtf, s.published_earliest::text, s.published_latest::text, s.published_precision,
                     n.slug AS narrator, s.body_sha256, s.sections, s.version
                FROM sources s LEFT JOIN people n ON n.id = s.narrator_id ORDER BY s.slug`,
    careerSteps: `SELECT p.slug AS person, c.slug AS company, s.slug AS source, cs.title, cs.start_edtf, cs.start_earliest::text, cs.start_latest::text, cs.start_precision,
                         cs.end_edtf, cs.end_earliest::text, cs.end_latest::text, cs.end_precision, cs.end_open, cs.evidence_start, cs.evidence_end, cs.version
                    FROM career_steps cs JOIN people p ON p.id = cs.person_id JOIN companies c ON c.id = cs.company_id LEFT JOIN sources s ON s.id = cs.source_id
                   ORDER BY p.slug, c.slug, cs.start_earliest, cs.evidence_start`,
    quotes: `SELECT s.slug AS source, q.span_start, q.span_end, p.slug AS speaker, q.text, q.prefix, q.suffix, q.section, q.version,
                    array(SELECT t.slug FROM quote_topics qt JOIN topics t ON t.id = qt.topic_id WHERE qt.quote_id = q.id ORDER BY 1) AS topics,
                    array(SELECT c.slug FROM quote_companies qc JOIN companies c ON c.id = qc.company_id WHERE qc.quote_id = q.id ORDER BY 1) AS companies
               FROM quotes q JOIN sources s ON s.id = q.source_id JOIN people p ON p.id = q.speaker_id ORDER BY s.slug, q.span_start, q.span_end`,
    auditChanges: `SELECT c.table_name, c.node_type, (c.before IS NULL) AS inserted, (c.after IS NULL) AS deleted, count(*)::int AS count
                     FROM audit_changes c GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  };
  const dump: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(queries)) dump[name] = await dataSource.query(sql);
  return dump;
}
