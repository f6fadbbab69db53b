import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CLI_INGEST, ingestFiles } from "../../src/content/ingest";
import { CONTENT_DIR, PROJECT_ROOT } from "../../src/project";
import { type TestDatabase, openTestDatabase } from "../support/test-database";

/** The first content the product ships: the as-told-to essay with Jigar Bhati. */
const BUNDLE = join(CONTENT_DIR, "openai-engineer-as-told-to.yaml");
const BODY = readFileSync(join(CONTENT_DIR, "openai-engineer-as-told-to.txt"), "utf8");
const SEED = join(PROJECT_ROOT, "..", "shared", "seeds", "000_e74d7b8c2833527c.txt");

interface EssayBundle {
  source: { sections: string[] };
  topics: Array<{ slug: string }>;
  quotes: Array<{ text: string; topics?: string[]; companies?: string[] }>;
}
const bundle = parse(readFileSync(BUNDLE, "utf8")) as EssayBundle;

let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db.close();
});

describe("the essay's text", () => {
  it("is the essay alone, in NFC: no site chrome before or after", () => {
    expect(BODY).toBe(BODY.normalize("NFC"));
    expect(BODY.startsWith("This is an as-told-to essay based on a conversation with Jigar Bhati")).toBe(true);
    expect(BODY.endsWith("speaks to the kind of impact you can make as part of the company.\n")).toBe(true);
    for (const chrome of ["Join Us Saturday", "Read the full article here", "Share.", "Leave A Reply", "Exit mobile version"]) {
      expect(BODY).not.toContain(chrome);
    }
  });

  // The seed lives beside the repository (shared/), not in it: compare where it is present.
  (existsSync(SEED) ? it : it.skip)("keeps every character of the seed between the chrome", () => {
    const seed = readFileSync(SEED, "utf8");
    expect(seed).toContain(BODY.trimEnd());
    expect(seed.indexOf(BODY.trimEnd())).toBe(seed.indexOf("This is an as-told-to essay"));
  });
});

describe("the essay's bundle", () => {
  it("imports without an error or a warning, and again without a change", async () => {
    const first = await ingestFiles(db.dataSource, [BUNDLE], CLI_INGEST);
    expect(first.errors).toEqual([]);
    expect(first.warnings).toEqual([]);
    const again = await ingestFiles(db.dataSource, [BUNDLE], CLI_INGEST);
    expect(again.reports[0]?.counts.quotes).toEqual({ created: 0, updated: 0, unchanged: first.reports[0]?.counts.quotes.created, removed: 0 });
  });

  it("anchors at least 24 quotes whose spans slice the body to their text", async () => {
    const quotes = await db.dataSource.query<Array<{ text: string; span_start: number; span_end: number; body: string }>>(
      `select q.text, q.span_start, q.span_end, s.body from quotes q join sources s on s.id = q.source_id
        where s.slug = 'openai-engineer-as-told-to' order by q.span_start`,
    );
    expect(quotes.length).toBeGreaterThanOrEqual(24);
    for (const quote of quotes) expect([...quote.body].slice(quote.span_start, quote.span_end).join("")).toBe(quote.text);
  });

  it("covers every paragraph in which he speaks", () => {
    const headings = new Set(bundle.source.sections);
    const paragraphs = BODY.split("\n\n").map((paragraph) => paragraph.trim()).filter((paragraph) => paragraph !== "");
    // The first paragraph is the editor's introduction, not his words.
    const his = paragraphs.slice(1).filter((paragraph) => !headings.has(paragraph));
    expect(his.length).toBeGreaterThan(10);
    const uncovered = his.filter((paragraph) => !bundle.quotes.some((quote) => paragraph.includes(quote.text)));
    expect(uncovered).toEqual([]);
  });

  it("tags every quote with a topic, uses every topic, and names the companies a quote names", () => {
    const used = new Set(bundle.quotes.flatMap((quote) => quote.topics ?? []));
    expect(bundle.quotes.filter((quote) => (quote.topics ?? []).length === 0)).toEqual([]);
    expect(bundle.topics.map((topic) => topic.slug).filter((slug) => !used.has(slug))).toEqual([]);
    for (const quote of bundle.quotes) {
      if (quote.text.includes("Twitter")) expect(quote.companies).toContain("twitter");
      if (quote.text.includes("OpenAI")) expect(quote.companies).toContain("openai");
    }
  });

  it("dates his two steps honestly: about 2016 to about 2023 at Twitter, 2023 onwards at OpenAI", async () => {
    await ingestFiles(db.dataSource, [BUNDLE], CLI_INGEST);
    const steps = await db.dataSource.query<Array<Record<string, unknown>>>(
      `select c.slug as company, cs.start_edtf, cs.end_edtf, cs.end_open
         from career_steps cs join companies c on c.id = cs.company_id join people p on p.id = cs.person_id
        where p.slug = 'jigar-bhati' order by cs.start_earliest, cs.id`,
    );
    expect(steps).toEqual([
      { company: "twitter", start_edtf: "2016~", end_edtf: "2023~", end_open: false },
      { company: "openai", start_edtf: "2023", end_edtf: null, end_open: true },
    ]);
  });
});
