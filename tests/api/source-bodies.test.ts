/**
 * Source bodies are read apart from their rows and kept, prepared, by their SHA-256
 * (src/sources/source-bodies.ts): a body read once for a passage is not read again for the next
 * passage, context or body asked of it. (A stored body never changes in place: the importer
 * refuses that, so a new text is a new source.)
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTestApi, type TestApi } from "../support/api";

const PREAMBLE = "First words.\n\n";
const EVIDENCE = "In 2019 I joined Acme as a data engineer.";
const BODY = `${PREAMBLE}${EVIDENCE}\n\nThat was the start of it all.\n`;

async function writeBundle(dir: string): Promise<string> {
  await writeFile(join(dir, "notes.txt"), BODY, "utf8");
  const yaml = `source:
  slug: body-notes
  title: "Body notes"
  kind: INTERVIEW
  narrator: dana-body
  bodyFile: notes.txt
people:
  - slug: dana-body
    name: Dana Body
companies:
  - slug: acme
    name: Acme
careerSteps:
  - person: dana-body
    company: acme
    title: Data engineer
    start: "2019"
    evidence: "${EVIDENCE}"
quotes:
  - speaker: dana-body
    text: "That was the start of it all."
`;
  const file = join(dir, "notes.yaml");
  await writeFile(file, yaml, "utf8");
  return file;
}

const TIMELINE = `{ person(slug: "dana-body") { careerTimeline { evidence { text span { start end } } } } }`;
const SOURCE = `{ source(slug: "body-notes") { body quotes(first: 1) { nodes { context(chars: 12) { before } } } } }`;

interface Timeline {
  person: { careerTimeline: Array<{ evidence: { text: string; span: { start: number; end: number } } }> };
}

let api: TestApi;
let dir: string;

beforeAll(async () => {
  api = await openTestApi();
  dir = await mkdtemp(join(tmpdir(), "ig-bodies-"));
  await api.ingest(await writeBundle(dir));
});

afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

// Each run below is a new text (a comment), so never an answer the response cache kept.
it("reads a body once for a passage, and not again for the next passage, context or body", async () => {
  const first = await api.run<Timeline>(`${TIMELINE}\n# 1`);
  expect(first.errors).toBeUndefined();
  expect(first.data?.person.careerTimeline[0]?.evidence).toEqual({ text: EVIDENCE, span: { start: PREAMBLE.length, end: PREAMBLE.length + EVIDENCE.length } });
  // The person with steps and sources (prefetched), then the body.
  expect(first.statements).toBe(2);

  const again = await api.run<Timeline>(`${TIMELINE}\n# 2`);
  expect(again.data).toEqual(first.data);
  expect(again.statements).toBe(1);

  const source = await api.run<{ source: { body: string; quotes: { nodes: Array<{ context: { before: string } }> } } }>(`${SOURCE}\n# 3`);
  expect(source.errors).toBeUndefined();
  expect(source.data?.source.body).toBe(BODY);
  expect(source.data?.source.quotes.nodes[0]?.context.before).toBe(" engineer.\n\n");
  // The source, its page of quotes, and the quote's source row for its context: no body.
  expect(source.statements).toBe(3);
});
