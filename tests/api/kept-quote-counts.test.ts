/**
 * Quote counts kept at write time (issue 18): `quote_counts` always equals counting the quotes
 * again, after every kind of write (imports, mutations, corrections, reverts, SQL run beside the
 * gateway, TRUNCATE) and under concurrent transactions; and quoteStats, totalCount and
 * Topic.quoteCount read it, answering what counting at read time answers.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import { Client } from "pg";
import { type DataSource } from "typeorm";
import { writeCorpus, type Corpus } from "../support/corpus";
import { SAMPLE_BODY, sampleBundle } from "../support/bundles";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";
import { ApiKeyRole, createKey } from "../support/keys";
import { propertyRuns } from "../support/properties";
import { type Viewer } from "../../src/graphql/auth";

let api: TestApi;
let corpus: Corpus;
let editor: Viewer;
let admin: Viewer;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
  corpus = await writeCorpus({ prefix: "kc", sources: 6, people: 5, companies: 4, topics: 6, quotesPerSource: 8 });
  await api.ingest(...corpus.files);
  editor = (await createKey(api.db.dataSource, ApiKeyRole.EDITOR, "cms")).viewer;
  admin = (await createKey(api.db.dataSource, ApiKeyRole.ADMIN, "ops")).viewer;
});

afterAll(async () => {
  await api.close();
});

/**
 * The cells that disagree with counting every quote again now: each row is a cell with the count
 * kept and the count it should hold. Also checks that every quote, and only quotes, are recorded
 * as counted, in the state they are in.
 */
async function disagreements(dataSource: DataSource): Promise<unknown[]> {
  const state = `
    SELECT q.id, q.speaker_id, q.anchor_status, q.review_status,
           ARRAY(SELECT qt.topic_id FROM quote_topics qt WHERE qt.quote_id = q.id ORDER BY 1) AS topic_ids,
           ARRAY(SELECT qc.company_id FROM quote_companies qc WHERE qc.quote_id = q.id ORDER BY 1) AS company_ids
      FROM quotes q`;
  const cells = await dataSource.query<unknown[]>(`
    WITH expected AS (
      SELECT cell.topic_id, cell.company_id, cell.facet, cell.facet_id, cell.anchor_status, cell.review_status, count(*)::int AS n
        FROM (${state}) s, quote_count_cells(s.speaker_id, s.anchor_status, s.review_status, s.topic_ids, s.company_ids) cell
       GROUP BY 1, 2, 3, 4, 5, 6
    )
    SELECT coalesce(e.facet, k.facet) AS facet, k.n AS kept, coalesce(e.n, 0) AS expected
      FROM expected e FULL JOIN (SELECT * FROM quote_counts WHERE n <> 0) k
        ON (k.topic_id, k.company_id, k.facet, k.facet_id, k.anchor_status, k.review_status) = (e.topic_id, e.company_id, e.facet, e.facet_id, e.anchor_status, e.review_status)
     WHERE k.n IS DISTINCT FROM e.n`);
  const records = await dataSource.query<unknown[]>(`
    SELECT s.id, a.quote_id FROM (${state}) s FULL JOIN quote_counted_as a ON a.quote_id = s.id
     WHERE (s.speaker_id, s.anchor_status, s.review_status, s.topic_ids, s.company_ids)
           IS DISTINCT FROM (a.speaker_id, a.anchor_status, a.review_status, a.topic_ids, a.company_ids)`);
  return [...cells, ...records];
}

async function expectCountsAgree(): Promise<void> {
  expect(await disagreements(api.db.dataSource)).toEqual([]);
}

/** Counts of every quote, by SQL written here, independently of the gateway's. */
async function countedNow(filter: { topic?: string; company?: string; speakers?: string[]; anchorStatus?: string[]; review?: string[] }) {
  const conditions = ["CASE WHEN $4::text[] IS NULL THEN q.anchor_status <> 'ORPHANED' ELSE q.anchor_status = ANY($4::text[]) END", "($5::text[] IS NULL OR q.review_status = ANY($5::text[]))"];
  if (filter.topic) conditions.push("EXISTS (SELECT 1 FROM quote_topics qt JOIN topics t ON t.id = qt.topic_id WHERE qt.quote_id = q.id AND t.slug = $1)");
  if (filter.company) conditions.push("EXISTS (SELECT 1 FROM quote_companies qc JOIN companies c ON c.id = qc.company_id WHERE qc.quote_id = q.id AND c.slug = $2)");
  if (filter.speakers) conditions.push("q.speaker_id IN (SELECT p.id FROM people p WHERE p.slug = ANY($3))");
  const kept = `SELECT q.* FROM quotes q WHERE ${conditions.join(" AND ")} AND $1::text IS NOT DISTINCT FROM $1 AND $2::text IS NOT DISTINCT FROM $2 AND $3::text[] IS NOT DISTINCT FROM $3`;
  const values = [filter.topic ?? null, filter.company ?? null, filter.speakers ?? null, filter.anchorStatus ?? null, filter.review ?? null];
  const by = async (sql: string) =>
    (await api.db.dataSource.query<Array<{ slug: string; count: number }>>(sql, values)).map(({ slug, count }) => ({ slug, count }));
  const [{ total }] = await api.db.dataSource.query<[{ total: number }]>(`SELECT count(*)::int AS total FROM (${kept}) k`, values);
  return {
    total,
    byTopic: await by(`SELECT t.slug, count(*)::int AS count FROM (${kept}) k JOIN quote_topics qt ON qt.quote_id = k.id JOIN topics t ON t.id = qt.topic_id GROUP BY t.slug ORDER BY count DESC, t.slug`),
    byCompany: await by(`SELECT c.slug, count(*)::int AS count FROM (${kept}) k JOIN quote_companies qc ON qc.quote_id = k.id JOIN companies c ON c.id = qc.company_id GROUP BY c.slug ORDER BY count DESC, c.slug`),
    bySpeaker: await by(`SELECT p.slug, count(*)::int AS count FROM (${kept}) k JOIN people p ON p.id = k.speaker_id GROUP BY p.slug ORDER BY count DESC, p.slug`),
  };
}

const STATS = `query ($filter: QuoteFilter) {
  quotes(first: 1, filter: $filter) { totalCount }
  quoteStats(filter: $filter) {
    total
    byTopic { topic { slug } count }
    byCompany { company { slug } count }
    bySpeaker { person { slug } count }
  }
}`;

interface StatsReply {
  quotes: { totalCount: number };
  quoteStats: {
    total: number;
    byTopic: Array<{ topic: { slug: string }; count: number }>;
    byCompany: Array<{ company: { slug: string }; count: number }>;
    bySpeaker: Array<{ person: { slug: string }; count: number }>;
  };
}

async function statsOf(filter: { topic?: string; company?: string; speakers?: string[]; anchorStatus?: string[]; review?: string[] }) {
  const { quotes, quoteStats } = await api.data<StatsReply>(STATS, {
    filter: {
      topics: filter.topic ? [filter.topic] : null,
      companies: filter.company ? [filter.company] : null,
      speakers: filter.speakers ?? null,
      anchorStatus: filter.anchorStatus ?? null,
      review: filter.review ?? null,
    },
  });
  expect(quotes.totalCount).toBe(quoteStats.total);
  return {
    total: quoteStats.total,
    byTopic: quoteStats.byTopic.map(({ topic, count }) => ({ slug: topic.slug, count })),
    byCompany: quoteStats.byCompany.map(({ company, count }) => ({ slug: company.slug, count })),
    bySpeaker: quoteStats.bySpeaker.map(({ person, count }) => ({ slug: person.slug, count })),
  };
}

/** Every filter the kept counts hold, over the corpus's slugs (and one unknown slug of each kind). */
function keptFilters(): Array<Parameters<typeof statsOf>[0]> {
  const topics = [undefined, ...corpus.topics, "no-such-topic"];
  const companies = [undefined, ...corpus.companies.slice(0, 2), "no-such-company"];
  const filters: Array<Parameters<typeof statsOf>[0]> = [];
  for (const topic of topics) for (const company of companies) filters.push({ topic, company });
  filters.push({ anchorStatus: ["ORPHANED"] }, { anchorStatus: ["EXACT", "ORPHANED"], topic: corpus.topics[0] }, { review: ["CONFIRMED"] }, { review: ["UNREVIEWED"], company: corpus.companies[0] });
  return filters;
}

describe("kept quote counts", () => {
  it("equal counting again after an import", async () => {
    const [{ cells }] = await api.db.dataSource.query<[{ cells: number }]>(`SELECT count(*)::int AS cells FROM quote_counts WHERE n > 0`);
    expect(cells).toBeGreaterThan(100);
    await expectCountsAgree();
  });

  it("answer quoteStats, totalCount and Topic.quoteCount as counting at read time does, for every filter they hold", async () => {
    for (const filter of keptFilters()) expect({ filter, stats: await statsOf(filter) }).toEqual({ filter, stats: await countedNow(filter) });
    // With speakers: the total and the counts by speaker from the kept counts, by topic and company counted now.
    const speakers = corpus.people.slice(0, 2);
    expect(await statsOf({ speakers, topic: corpus.topics[1] })).toEqual(await countedNow({ speakers, topic: corpus.topics[1] }));
    const { topics } = await api.data<{ topics: Array<{ slug: string; quoteCount: number }> }>(`{ topics { slug quoteCount } }`);
    for (const { slug, quoteCount } of topics) expect(quoteCount).toBe((await countedNow({ topic: slug })).total);
  });

  it("are what those fields read: a cell changed by hand shows in their answers (and is put back)", async () => {
    // A filter not asked for before, so that no answer to it is cached.
    const filter = { topic: corpus.topics[0] ?? "", review: ["UNREVIEWED"] };
    const counted = await countedNow(filter);
    const cells = `WHERE topic_id = (SELECT id FROM topics WHERE slug = $1) AND company_id = '00000000-0000-0000-0000-000000000000' AND anchor_status = 'EXACT' AND review_status = 'UNREVIEWED'`;
    await api.db.dataSource.query(`UPDATE quote_counts SET n = n + 1000 ${cells} AND facet IN ('all', 'speaker')`, [filter.topic]);
    try {
      const stats = await statsOf(filter);
      expect(stats.total).toBe(counted.total + 1000);
      expect(stats.bySpeaker.map((speaker) => speaker.count - 1000).sort()).toEqual(counted.bySpeaker.map((speaker) => speaker.count).sort());
      expect(await disagreements(api.db.dataSource)).not.toEqual([]);
    } finally {
      await api.db.dataSource.query(`UPDATE quote_counts SET n = n - 1000 ${cells} AND facet IN ('all', 'speaker')`, [filter.topic]);
    }
    await expectCountsAgree();
  });

  it("follow the gateway's writes: quote mutations, reviews, a correction that orphans a quote, reverts and imports", async () => {
    const essay = "openai-engineer-as-told-to";
    const added = await api.data<{ addQuote: { quote: { id: string } } }>(
      `mutation ($input: AddQuoteInput!) { addQuote(input: $input) { quote { id } } }`,
      { input: { source: essay, speaker: "jigar-bhati", text: "OpenAI", occurrence: 2, topics: ["impact"], companies: ["openai"] } },
      { viewer: editor },
    );
    await expectCountsAgree();
    const id = added.addQuote.quote.id;
    const updated = await api.data<{ updateQuote: { auditEventId: string } }>(
      `mutation ($input: UpdateQuoteInput!) { updateQuote(input: $input) { auditEventId } }`,
      { input: { id, topics: ["product", "impact"], companies: [] } },
      { viewer: editor },
    );
    await expectCountsAgree();
    await api.data(`mutation ($input: ReviewInput!) { reviewQuote(input: $input) { quote { id } } }`, { input: { id, status: "CONFIRMED" } }, { viewer: editor });
    await expectCountsAgree();
    await api.data(`mutation ($input: RevertAuditEventInput!) { revertAuditEvent(input: $input) { auditEventId } }`, { input: { id: updated.updateQuote.auditEventId } }, { viewer: admin });
    await expectCountsAgree();
    const removed = await api.data<{ removeQuote: { auditEventId: string } }>(`mutation ($input: RemoveQuoteInput!) { removeQuote(input: $input) { auditEventId } }`, { input: { id } }, { viewer: editor });
    await expectCountsAgree();
    await api.data(`mutation ($input: RevertAuditEventInput!) { revertAuditEvent(input: $input) { auditEventId } }`, { input: { id: removed.removeQuote.auditEventId } }, { viewer: admin });
    await expectCountsAgree();

    // A correction that cuts a quote's words: the quote is ORPHANED, out of the default counts.
    const [quote] = await api.db.dataSource.query<[{ text: string }]>(`SELECT q.text FROM quotes q JOIN sources s ON s.id = q.source_id WHERE s.slug = $1 AND q.anchor_status <> 'ORPHANED' ORDER BY length(q.text) DESC LIMIT 1`, [essay]);
    const [{ body }] = await api.db.dataSource.query<[{ body: string }]>(`SELECT body FROM sources WHERE slug = $1`, [essay]);
    const totalBefore = (await statsOf({})).total;
    const revised = await api.data<{ reviseSource: { auditEventId: string; anchors: Array<{ status: string }> } }>(
      `mutation ($input: ReviseSourceInput!) { reviseSource(input: $input) { auditEventId anchors { status } } }`,
      { input: { source: essay, body: body.replace(quote.text, "") } },
      { viewer: editor },
    );
    const orphaned = revised.reviseSource.anchors.filter((anchor) => anchor.status === "ORPHANED").length;
    expect(orphaned).toBeGreaterThan(0);
    expect((await statsOf({})).total).toBe(totalBefore - orphaned);
    await expectCountsAgree();
    await api.data(`mutation ($input: RevertAuditEventInput!) { revertAuditEvent(input: $input) { auditEventId } }`, { input: { id: revised.reviseSource.auditEventId } }, { viewer: admin });
    expect((await statsOf({})).total).toBe(totalBefore);
    await expectCountsAgree();

    // importInterview, then the same bundle with a quote less (the import removes it).
    const IMPORT = `mutation ($bundle: String!) { importInterview(bundle: $bundle) { counts { kind created removed } } }`;
    const sample = sampleBundle("kc-sample-interview");
    const bundle = { ...sample, source: { ...sample.source, bodyFile: undefined, body: SAMPLE_BODY } };
    await api.data(IMPORT, { bundle: stringify(bundle) }, { viewer: editor });
    await expectCountsAgree();
    await api.data(IMPORT, { bundle: stringify({ ...bundle, quotes: bundle.quotes?.slice(1) }) }, { viewer: editor });
    await expectCountsAgree();
  });

  it("follow SQL run beside the gateway, TRUNCATE included", async () => {
    const db = api.db.dataSource;
    await db.query(`DELETE FROM quote_topics WHERE topic_id = (SELECT id FROM topics WHERE slug = $1)`, [corpus.topics[2]]);
    await expectCountsAgree();
    await db.query(`UPDATE quotes SET speaker_id = (SELECT id FROM people ORDER BY slug LIMIT 1) WHERE id IN (SELECT id FROM quotes ORDER BY id LIMIT 5)`);
    await expectCountsAgree();
    await db.query(`DELETE FROM topics WHERE slug = $1`, [corpus.topics[2]]);
    await expectCountsAgree();
    await db.query(`TRUNCATE quote_companies`);
    await expectCountsAgree();
    expect((await statsOf({})).byCompany).toEqual([]);
    await api.ingest(...corpus.files.slice(0, 2));
    await expectCountsAgree();
  });
});

/** One statement of a random write, over the quotes, people, topics and companies there are when it runs. */
type Write =
  | { kind: "link" | "unlink"; table: "quote_topics" | "quote_companies"; quote: number; other: number }
  | { kind: "speaker"; quote: number; other: number }
  | { kind: "review"; quote: number; status: "UNREVIEWED" | "CONFIRMED" | "DISPUTED" }
  | { kind: "remove"; quote: number };

const nth = (table: string, k: number) => `(SELECT id FROM ${table} ORDER BY id OFFSET (${k} % greatest((SELECT count(*) FROM ${table}), 1)) LIMIT 1)`;

function sqlOf(write: Write): string {
  const quote = nth("quotes", write.quote);
  switch (write.kind) {
    case "link": {
      const other = write.table === "quote_topics" ? ["topic_id", nth("topics", write.other)] : ["company_id", nth("companies", write.other)];
      return `INSERT INTO ${write.table} (quote_id, ${other[0]}) SELECT ${quote}, ${other[1]} ON CONFLICT DO NOTHING`;
    }
    case "unlink":
      return `DELETE FROM ${write.table} WHERE quote_id = ${quote}`;
    case "speaker":
      return `UPDATE quotes SET speaker_id = ${nth("people", write.other)} WHERE id = ${quote}`;
    case "review":
      return write.status === "UNREVIEWED"
        ? `UPDATE quotes SET review_status = 'UNREVIEWED', reviewed_at = NULL, reviewed_by = NULL WHERE id = ${quote}`
        : `UPDATE quotes SET review_status = '${write.status}', reviewed_at = now(), reviewed_by = 'property test' WHERE id = ${quote}`;
    case "remove":
      return `DELETE FROM quotes WHERE id = ${quote}`;
  }
}

/** Mostly a few quotes, so that concurrent transactions often change the same one. */
const quoteIndex = fc.oneof({ weight: 3, arbitrary: fc.nat(3) }, { weight: 1, arbitrary: fc.nat(200) });

const writeArbitrary: fc.Arbitrary<Write> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom("link" as const, "unlink" as const), table: fc.constantFrom("quote_topics" as const, "quote_companies" as const), quote: quoteIndex, other: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("speaker" as const), quote: quoteIndex, other: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("review" as const), quote: quoteIndex, status: fc.constantFrom("UNREVIEWED" as const, "CONFIRMED" as const, "DISPUTED" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), quote: quoteIndex }) },
);

/** A transaction of 1–4 writes, committed or rolled back, at one isolation level. */
const transactionArbitrary = fc.record({
  writes: fc.array(writeArbitrary, { minLength: 1, maxLength: 4 }),
  commit: fc.boolean(),
  isolation: fc.constantFrom("READ COMMITTED", "REPEATABLE READ"),
});
type Transaction = typeof transactionArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** What PostgreSQL may refuse a transaction for when others run beside it: it then changes nothing. */
const CONCURRENCY_FAILURES = new Set(["40001", "40P01", "23503"]);

describe("kept quote counts under concurrent transactions", () => {
  const { seed, runs } = propertyRuns(12);

  it("never disagree with the quotes, whatever commits, rolls back or fails", async () => {
    const url = api.db.config.databaseUrl;
    // The embedded database is one session: its transactions run one after the other.
    const sessions = url === undefined ? 1 : 8;
    const clients = url === undefined ? [] : await Promise.all(Array.from({ length: sessions }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }));
    const run = async (session: number, transaction: Transaction): Promise<"committed" | "rolled back" | "failed"> => {
      const query = clients[session] ? (sql: string) => clients[session]?.query(sql) : (sql: string) => api.db.dataSource.query(sql);
      await query(`BEGIN ISOLATION LEVEL ${transaction.isolation}`);
      try {
        for (const write of transaction.writes) await query(sqlOf(write));
        await query(transaction.commit ? "COMMIT" : "ROLLBACK");
        return transaction.commit ? "committed" : "rolled back";
      } catch (error) {
        await query("ROLLBACK");
        if (!CONCURRENCY_FAILURES.has((error as { code?: string }).code ?? "")) throw error;
        return "failed";
      }
    };
    const outcomes = new Map<string, number>();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(transactionArbitrary, { minLength: sessions, maxLength: sessions * 4 }), async (transactions) => {
          const queues = Array.from({ length: sessions }, (_, session) => transactions.filter((_, k) => k % sessions === session));
          await Promise.all(
            queues.map(async (queue, session) => {
              for (const transaction of queue) {
                const outcome = await run(session, transaction);
                outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
              }
            }),
          );
          expect(await disagreements(api.db.dataSource)).toEqual([]);
        }),
        { seed, numRuns: runs, endOnFailure: true },
      );
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    expect(outcomes.get("committed")).toBeGreaterThan(0);
    const [{ quotes }] = await api.db.dataSource.query<[{ quotes: number }]>(`SELECT count(*)::int AS quotes FROM quotes`);
    expect(quotes).toBeGreaterThan(0);
  });
});
