import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { formatIngestResult, CLI_INGEST, ingestFiles } from "../../src/content/ingest";
import { formatProblem } from "../../src/domain/problems";
import { SAMPLE_BODY, copy, sampleBundle, snapshot, writeBundle } from "../support/bundles";
import { type TestDatabase, openTestDatabase } from "../support/test-database";

let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db.close();
});

/** Each test works on sources and people of its own, so tests never see each other's rows. */
let counter = 0;
function uniqueBundle() {
  counter += 1;
  const bundle = sampleBundle(`interview-${counter}`);
  const rename = (slug: string) => `${slug}-${counter}`;
  bundle.source.narrator = rename("ada-example");
  bundle.people = bundle.people?.map((person) => ({ ...person, slug: rename(person.slug) }));
  bundle.companies = bundle.companies?.map((company) => ({ ...company, slug: rename(company.slug) }));
  bundle.topics = bundle.topics?.map((topic) => ({ ...topic, slug: rename(topic.slug) }));
  bundle.careerSteps = bundle.careerSteps?.map((step) => ({ ...step, person: rename(step.person), company: rename(step.company) }));
  bundle.quotes = bundle.quotes?.map((quote) => ({
    ...quote,
    speaker: rename(quote.speaker),
    topics: quote.topics?.map(rename),
    companies: quote.companies?.map(rename),
  }));
  return { bundle, rename };
}

async function ingest(...files: string[]) {
  return ingestFiles(db.dataSource, files, CLI_INGEST);
}

function messages(result: Awaited<ReturnType<typeof ingest>>): string[] {
  return result.errors.map((problem) => `${problem.path}: ${problem.message}`);
}

/** Ingests a bundle that must be rejected, and proves the database did not change at all. */
async function expectRejected(files: string[]): Promise<string[]> {
  const before = await snapshot(db.dataSource);
  const result = await ingest(...files);
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.reports).toEqual([]);
  expect(await snapshot(db.dataSource)).toEqual(before);
  expect(formatIngestResult(result)).toMatch(/nothing was written$/);
  return messages(result);
}

describe("importing a valid bundle", () => {
  it("creates every row and anchors spans by code point, astral characters included", async () => {
    const { bundle, rename } = uniqueBundle();
    const result = await ingest(await writeBundle(bundle));
    expect(result.errors).toEqual([]);
    expect(result.reports[0]?.counts).toMatchObject({
      sources: { created: 1 },
      people: { created: 1 },
      companies: { created: 2 },
      topics: { created: 2 },
      careerSteps: { created: 2 },
      quotes: { created: 4 },
    });

    const quotes = await db.dataSource.query<Array<{ text: string; span_start: number; span_end: number; prefix: string; suffix: string; section: string | null; body: string }>>(
      `select q.text, q.span_start, q.span_end, q.prefix, q.suffix, q.section, s.body
         from quotes q join sources s on s.id = q.source_id where s.slug = $1 order by q.span_start`,
      [bundle.source.slug],
    );
    expect(quotes).toHaveLength(4);
    for (const quote of quotes) {
      const points = [...quote.body];
      expect(points.slice(quote.span_start, quote.span_end).join("")).toBe(quote.text);
      expect(quote.prefix).toBe(points.slice(Math.max(0, quote.span_start - 32), quote.span_start).join(""));
      expect(quote.suffix).toBe(points.slice(quote.span_end, quote.span_end + 32).join(""));
    }
    // The first quote stands after "🎵" (one code point, two UTF-16 units) and contains "𝄞".
    const shipped = quotes[0];
    expect(shipped?.text).toBe("We shipped 𝄞 features daily.");
    expect(shipped?.span_start).toBe([...SAMPLE_BODY].indexOf("W", [...SAMPLE_BODY].indexOf("y", 70)));
    expect(shipped?.span_start).toBe([...SAMPLE_BODY.slice(0, SAMPLE_BODY.indexOf("We shipped"))].length);
    expect((shipped?.span_end ?? 0) - (shipped?.span_start ?? 0)).toBe([..."We shipped 𝄞 features daily."].length);
    // Sections: the last listed heading before the span.
    expect(quotes.map((quote) => quote.section)).toEqual([null, "Early days", "Early days", "Now at Initech"]);

    const steps = await db.dataSource.query<Array<Record<string, unknown>>>(
      `select c.slug as company, cs.start_edtf, to_char(cs.start_earliest, 'YYYY-MM-DD') as start_earliest,
              cs.end_edtf, to_char(cs.end_latest, 'YYYY-MM-DD') as end_latest, cs.end_open, cs.evidence_start, cs.evidence_end
         from career_steps cs join companies c on c.id = cs.company_id join sources s on s.id = cs.source_id
        where s.slug = $1 order by cs.start_earliest`,
      [bundle.source.slug],
    );
    expect(steps).toEqual([
      { company: rename("acme"), start_edtf: "2019", start_earliest: "2019-01-01", end_edtf: "2023~", end_latest: "2024-12-31", end_open: false, evidence_start: expect.any(Number) as unknown, evidence_end: expect.any(Number) as unknown },
      { company: rename("initech"), start_edtf: "2023", start_earliest: "2023-01-01", end_edtf: null, end_latest: null, end_open: true, evidence_start: expect.any(Number) as unknown, evidence_end: expect.any(Number) as unknown },
    ]);
  });

  it("picks the Nth match with occurrence", async () => {
    const { bundle } = uniqueBundle();
    await ingest(await writeBundle(bundle));
    const [row] = await db.dataSource.query<Array<{ span_start: number }>>(
      `select q.span_start from quotes q join sources s on s.id = q.source_id where s.slug = $1 and q.text = 'Keep shipping.'`,
      [bundle.source.slug],
    );
    const points = [...SAMPLE_BODY];
    const first = points.join("").indexOf("Keep shipping.");
    const second = SAMPLE_BODY.indexOf("Keep shipping.", SAMPLE_BODY.indexOf("Keep shipping.") + 1);
    expect(row?.span_start).toBe([...SAMPLE_BODY.slice(0, second)].length);
    expect(row?.span_start).not.toBe([...SAMPLE_BODY.slice(0, first)].length);
  });

  it("accepts JSON bundles and an inline body", async () => {
    const { bundle } = uniqueBundle();
    const inline = copy(bundle);
    delete inline.source.bodyFile;
    inline.source.body = SAMPLE_BODY;
    const result = await ingest(await writeBundle(inline, SAMPLE_BODY, "bundle.json"));
    expect(result.errors).toEqual([]);
    expect(result.reports[0]?.counts.quotes.created).toBe(4);
  });

  it("matches after folding typography once, with a warning, storing the body's own characters", async () => {
    const { bundle } = uniqueBundle();
    const quote = bundle.quotes?.[2];
    if (!quote) throw new Error("fixture changed");
    quote.text = 'The "hard"   part was hiring - always hiring... and 😀 morale.';
    const result = await ingest(await writeBundle(bundle));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map(formatProblem)).toEqual([expect.stringMatching(/: quotes\[2\]\.text: not found verbatim; matched after folding typography/)]);
    const [row] = await db.dataSource.query<Array<{ text: string }>>(
      `select q.text from quotes q join sources s on s.id = q.source_id where s.slug = $1 and q.text like 'The %'`,
      [bundle.source.slug],
    );
    expect(row?.text).toBe("The “hard” part was hiring — always hiring… and 😀 morale.");
  });

  it("stores a body normalized to NFC, with a warning", async () => {
    const { bundle } = uniqueBundle();
    const decomposed = SAMPLE_BODY.replace("Ada Example talks", "Ade\u0301 Example talks"); // e + combining acute
    const result = await ingest(await writeBundle(bundle, decomposed));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((warning) => warning.message)).toContain("the text was not in Unicode NFC; stored it normalized");
    const [row] = await db.dataSource.query<Array<{ body: string }>>(`select body from sources where slug = $1`, [bundle.source.slug]);
    expect(row?.body.startsWith("Adé Example")).toBe(true);
    expect(row?.body).toBe(row?.body.normalize("NFC"));
  });
});

describe("importing while others read", () => {
  it("lets reads on other connections finish (the import never waits on a second connection)", async () => {
    const { bundle } = uniqueBundle();
    const file = await writeBundle(bundle);
    // On the embedded database other connections wait for the import's transaction to end;
    // were the import to wait on one of them in turn, this would never settle.
    const [result, ...reads] = await Promise.all([
      ingest(file),
      db.dataSource.query<[{ count: string }]>("select count(*) from quotes"),
      db.dataSource.query<[{ count: string }]>("select count(*) from people"),
    ]);
    expect(result.errors).toEqual([]);
    expect(reads.map(([row]) => Number(row.count) >= 0)).toEqual([true, true]);
  });
});

describe("importing again", () => {
  it("changes no row at all when the bundle is the same", async () => {
    const { bundle } = uniqueBundle();
    const file = await writeBundle(bundle);
    await ingest(file);
    const before = await snapshot(db.dataSource);
    const again = await ingest(file);
    expect(again.errors).toEqual([]);
    const counts = again.reports[0]?.counts;
    for (const kind of ["sources", "people", "companies", "topics", "careerSteps", "quotes"] as const) {
      expect(counts?.[kind]).toMatchObject({ created: 0, updated: 0, removed: 0 });
    }
    // xmin is in the snapshot: even an update to equal values would show.
    expect(await snapshot(db.dataSource)).toEqual(before);
  });

  it("makes the database match an edited bundle and keeps the ids of what did not change", async () => {
    const { bundle, rename } = uniqueBundle();
    await ingest(await writeBundle(bundle));
    const idsBefore = await quoteIds(bundle.source.slug);
    const stepsBefore = await stepIds(bundle.source.slug);

    const edited = copy(bundle);
    edited.source.title = "Ada Example on shipping, revised";
    edited.people = edited.people?.map((person) => ({ ...person, headline: "Platform lead" }));
    // quotes[0]: topics changed; quotes[1]: removed; quotes[3]: unchanged; a new quote added.
    const quotes = edited.quotes ?? [];
    quotes[0] = { ...quotes[0]!, topics: [rename("hiring")] };
    quotes.splice(1, 1);
    quotes.push({ speaker: rename("ada-example"), text: "Small teams", topics: [] });
    // careerSteps[0]: end date changed (same person and company: same id); careerSteps[1]: removed.
    const steps = edited.careerSteps ?? [];
    steps[0] = { ...steps[0]!, end: "2023" };
    steps.splice(1, 1);

    const result = await ingest(await writeBundle(edited));
    expect(result.errors).toEqual([]);
    expect(result.reports[0]?.counts).toMatchObject({
      sources: { updated: 1 },
      people: { updated: 1 },
      quotes: { created: 1, updated: 1, unchanged: 2, removed: 1 },
      careerSteps: { updated: 1, removed: 1, created: 0 },
    });

    const idsAfter = await quoteIds(bundle.source.slug);
    expect(idsAfter.get("We shipped 𝄞 features daily.")).toBe(idsBefore.get("We shipped 𝄞 features daily."));
    expect(idsAfter.get("Small teams move fast.")).toBe(idsBefore.get("Small teams move fast."));
    expect(idsAfter.has("Keep shipping.")).toBe(false);
    expect(idsAfter.has("Small teams")).toBe(true);
    const stepsAfter = await stepIds(bundle.source.slug);
    expect(stepsAfter).toEqual([{ id: stepsBefore[0]?.id, end_edtf: "2023" }]);

    const topics = await db.dataSource.query<Array<{ slug: string }>>(
      `select t.slug from quote_topics qt join topics t on t.id = qt.topic_id join quotes q on q.id = qt.quote_id where q.id = $1`,
      [idsAfter.get("We shipped 𝄞 features daily.")],
    );
    expect(topics.map((topic) => topic.slug)).toEqual([rename("hiring")]);

    // And importing the edited bundle again is a no-op.
    const before = await snapshot(db.dataSource);
    await ingest(await writeBundle(edited));
    expect(await snapshot(db.dataSource)).toEqual(before);
  });

  it("refuses a different body for an existing source slug", async () => {
    const { bundle } = uniqueBundle();
    await ingest(await writeBundle(bundle));
    const problems = await expectRejected([await writeBundle(bundle, `${SAMPLE_BODY}One more line.\n`)]);
    expect(problems).toEqual([expect.stringMatching(/^source\.body: differs from the body already stored for source "interview-\d+"/)]);
  });

  it("lets a later bundle refer to people and companies already stored", async () => {
    const { bundle, rename } = uniqueBundle();
    await ingest(await writeBundle(bundle));
    const second = {
      source: { slug: `${bundle.source.slug}-part-two`, title: "Part two", kind: "TALK", bodyFile: "two.txt" },
      quotes: [{ speaker: rename("ada-example"), text: "Initech", companies: [rename("initech")], occurrence: 1 }],
    };
    const result = await ingest(await writeBundle(second, "We talked about Initech again.\n"));
    expect(result.errors).toEqual([]);
    expect(result.reports[0]?.counts.people).toEqual({ created: 0, updated: 0, unchanged: 0, removed: 0 });
  });
});

describe("rejecting a bundle", () => {
  it("lists every problem by path at once and writes nothing", async () => {
    const { bundle } = uniqueBundle();
    const broken = copy(bundle) as Record<string, unknown> & typeof bundle;
    (broken.source as Record<string, unknown>).colour = "blue";
    broken.quotes![3] = { ...broken.quotes![3]!, text: "Small teams move very fast." };
    broken.careerSteps![0] = { ...broken.careerSteps![0]!, company: "nowhere-inc" };
    broken.quotes![0] = { ...broken.quotes![0]!, topics: ["no-such-topic"] };
    // An unknown key is set aside after being reported, so it hides none of the other problems.
    const problems = await expectRejected([await writeBundle(broken)]);
    expect(problems).toEqual([
      "source.colour: unknown key",
      expect.stringMatching(/^quotes\[3\]\.text: not found verbatim in the body; nearest passage \[\d+, \d+\): "Small teams move fast"$/),
      `careerSteps[0].company: unknown company "nowhere-inc": declare it under companies or import it first`,
      `quotes[0].topics[0]: unknown topic "no-such-topic": declare it under topics or import it first`,
    ]);
    delete (broken.source as Record<string, unknown>).colour;
    // With the key and the span fixed, exactly the two reference problems remain.
    broken.quotes![3] = bundle.quotes![3]!;
    expect(await expectRejected([await writeBundle(broken)])).toEqual([
      `careerSteps[0].company: unknown company "nowhere-inc": declare it under companies or import it first`,
      `quotes[0].topics[0]: unknown topic "no-such-topic": declare it under topics or import it first`,
    ]);
  });

  it.each([
    ["a missing required field", (b: ReturnType<typeof sampleBundle>) => void delete (b.source as Partial<typeof b.source>).title, /^source\.title: /],
    ["an unknown kind", (b: ReturnType<typeof sampleBundle>) => void ((b.source as Record<string, unknown>).kind = "BLOG"), /^source\.kind: expected one of AS_TOLD_TO_ESSAY/],
    ["a bad slug", (b: ReturnType<typeof sampleBundle>) => void (b.people![0]!.slug = "Ada Example"), /^people\[0\]\.slug: expected a slug/],
    ["an unknown key in a quote", (b: ReturnType<typeof sampleBundle>) => void ((b.quotes![1] as Record<string, unknown>).speakr = "x"), /^quotes\[1\]\.speakr: unknown key$/],
    ["a bad EDTF date", (b: ReturnType<typeof sampleBundle>) => void (b.careerSteps![0]!.start = "2019-13"), /^careerSteps\[0\]\.start: "2019-13" is not a date we can read: month 13/],
    ["an end before the start", (b: ReturnType<typeof sampleBundle>) => void (b.careerSteps![0]!.end = "2015"), /^careerSteps\[0\]\.end: ends \(2015\) before it starts \(2019\)$/],
    ["an open start", (b: ReturnType<typeof sampleBundle>) => void (b.careerSteps![0]!.start = ".."), /^careerSteps\[0\]\.start: "\.\." means an open end/],
    ["an ambiguous quote", (b: ReturnType<typeof sampleBundle>) => void delete b.quotes![1]!.occurrence, /^quotes\[1\]\.text: found 2 times in the body; say which with occurrence: 1 to 2$/],
    ["an occurrence past the last", (b: ReturnType<typeof sampleBundle>) => void (b.quotes![1]!.occurrence = 3), /^quotes\[1\]\.occurrence: occurrence 3 asked for, but the text is found 2 time/],
    ["a duplicate slug", (b: ReturnType<typeof sampleBundle>) => void b.topics!.push({ slug: b.topics![0]!.slug, name: "Again" }), /^topics\[2\]\.slug: ".*" is already declared at topics\[0\]$/],
    ["a heading not in the body", (b: ReturnType<typeof sampleBundle>) => void b.source.sections!.push("Epilogue"), /^source\.sections\[2\]: heading "Epilogue" not found in the body/],
    ["two quotes of one passage", (b: ReturnType<typeof sampleBundle>) => void b.quotes!.push({ ...b.quotes![0]! }), /^quotes\[4\]\.text: the same passage as quotes\[0\]/],
    ["both body and bodyFile", (b: ReturnType<typeof sampleBundle>) => void (b.source.body = "x"), /^source\.bodyFile: give exactly one of bodyFile or body$/],
    ["a non-http url", (b: ReturnType<typeof sampleBundle>) => void (b.source.url = "javascript:alert(1)"), /^source\.url: expected an http\(s\) URL \(https:\/\/…\)$/],
    ["an upper-case scheme, which the database would refuse", (b: ReturnType<typeof sampleBundle>) => void (b.source.url = "HTTPS://example.com"), /^source\.url: expected an http\(s\) URL with its scheme in lower case/],
    ["a URL that does not parse", (b: ReturnType<typeof sampleBundle>) => void (b.source.url = "https://exa%mple.com"), /^source\.url: expected an http\(s\) URL that parses/],
  ])("rejects %s with its path, changing nothing", async (_name, breakIt, expected) => {
    const { bundle } = uniqueBundle();
    breakIt(bundle);
    const problems = await expectRejected([await writeBundle(bundle)]);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it("rejects a missing body file", async () => {
    const { bundle } = uniqueBundle();
    bundle.source.bodyFile = "missing.txt";
    const file = await writeBundle(bundle, SAMPLE_BODY, "bundle.yaml", "present.txt");
    expect(await expectRejected([file])).toEqual([`source.bodyFile: cannot read "missing.txt": ENOENT`]);
  });

  it("rejects YAML that does not parse, saying where", async () => {
    const file = await writeBundle(sampleBundle("broken-yaml"));
    await writeFile(file, "source:\n  slug: x\n  title: [unclosed\n");
    expect(await expectRejected([file])).toEqual([expect.stringMatching(/^: not valid YAML at line \d+, column \d+/)]);
  });

  it("rejects a body file that is not UTF-8", async () => {
    const { bundle } = uniqueBundle();
    const file = await writeBundle(bundle);
    await writeFile(join(dirname(file), bundle.source.bodyFile!), Buffer.from([0x48, 0x69, 0xff, 0xfe, 0x0a]));
    expect(await expectRejected([file])).toEqual([`source.bodyFile: cannot read "${bundle.source.bodyFile}": the file is not valid UTF-8`]);
  });

  it("treats several files as one transaction: one bad file stops the good ones", async () => {
    const good = uniqueBundle().bundle;
    const bad = uniqueBundle().bundle;
    bad.quotes![0]!.text = "Words nobody said.";
    const goodFile = await writeBundle(good);
    const badFile = await writeBundle(bad);
    const problems = await expectRejected([goodFile, badFile]);
    expect(problems).toEqual([expect.stringMatching(/^quotes\[0\]\.text: not found verbatim/)]);
    const [{ count }] = await db.dataSource.query<[{ count: string }]>(`select count(*) from sources where slug = $1`, [good.source.slug]);
    expect(count).toBe("0");
  });

  it("rejects two files declaring the same slug differently, or the same source twice", async () => {
    const first = uniqueBundle().bundle;
    const second = copy(first);
    second.people![0]!.name = "Ada Someone Else";
    const problems = await expectRejected([await writeBundle(first), await writeBundle(second)]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^source\.slug: "interview-\d+" is also the source of /),
        expect.stringMatching(/^people\[0\]: "ada-example-\d+" is declared differently in /),
      ]),
    );
  });
});

async function quoteIds(sourceSlug: string): Promise<Map<string, string>> {
  const rows = await db.dataSource.query<Array<{ id: string; text: string }>>(
    `select q.id, q.text from quotes q join sources s on s.id = q.source_id where s.slug = $1`,
    [sourceSlug],
  );
  return new Map(rows.map((row) => [row.text, row.id]));
}

async function stepIds(sourceSlug: string): Promise<Array<{ id: string; end_edtf: string | null }>> {
  return db.dataSource.query(
    `select cs.id, cs.end_edtf from career_steps cs join sources s on s.id = cs.source_id where s.slug = $1 order by cs.start_earliest`,
    [sourceSlug],
  );
}
