/**
 * Every answer reflects one snapshot of the database. A nested list's page and its total, or a
 * list and the statistics over it, come from different statements; while an import committed
 * between them, the attack run saw a person's `quotes.totalCount` disagree with its `nodes` (17%
 * of embedded reads, 3 in 40,701 on PostgreSQL). Now a query operation's reads share one
 * read-only, repeatable-read transaction: this test imports quotes for one speaker, bundle after
 * bundle, while it reads them, and no answer may disagree with itself.
 */
import { writeBundle } from "../support/bundles";
import { openTestApi, type TestApi } from "../support/api";

const SPEAKER = "snap-speaker";
const ROUNDS = 12;
const QUOTES_PER_ROUND = 4;

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
});

afterAll(async () => {
  await api?.close();
});

/** A bundle of its own source, with QUOTES_PER_ROUND more quotes of the speaker. */
async function bundleOfRound(round: number): Promise<string> {
  const sentences = Array.from({ length: QUOTES_PER_ROUND }, (_, i) => `Round ${round} remark ${i} stands here.`);
  return writeBundle(
    {
      source: { slug: `snap-source-${round}`, title: `Snapshot ${round}`, kind: "TRANSCRIPT", narrator: SPEAKER, bodyFile: "body.txt" },
      people: [{ slug: SPEAKER, name: "Snap Speaker" }],
      topics: [{ slug: "snap-topic", name: "Snap topic" }],
      quotes: sentences.map((text) => ({ speaker: SPEAKER, text, topics: ["snap-topic"] })),
    },
    `${sentences.join(" ")}\n`,
  );
}

interface Answer {
  person: { quotes: { totalCount: number; nodes: Array<{ id: string }> }; sources: Array<{ slug: string }> } | null;
  quotes: { totalCount: number; nodes: Array<{ id: string }> };
  quoteStats: { total: number; bySpeaker: Array<{ count: number }> };
  topics: Array<{ slug: string; quoteCount: number }>;
}

/** The read, made a new document each time (`read`), so that no answer comes from the response cache. */
const READ = (read: number) => `query ($speaker: String!) {
  read${read < 0 ? "Last" : read}: __typename
  person(slug: $speaker) { quotes(first: 100) { totalCount nodes { id } } sources { slug } }
  quotes(first: 100, filter: { speakers: [$speaker] }) { totalCount nodes { id } }
  quoteStats(filter: { speakers: [$speaker] }) { total bySpeaker { count } }
  topics { slug quoteCount }
}`;

/** What in one answer disagrees with the rest of it; empty when it is one snapshot. */
function disagreements(answer: Answer): string[] {
  const seen = answer.quotes.nodes.length;
  const problems: string[] = [];
  const expect = (what: string, value: number | undefined) => {
    if (value !== seen) problems.push(`${what} ${value} while the list holds ${seen}`);
  };
  expect("quotes.totalCount", answer.quotes.totalCount);
  expect("person.quotes.totalCount", answer.person?.quotes.totalCount ?? 0);
  expect("person.quotes.nodes", answer.person?.quotes.nodes.length ?? 0);
  expect("quoteStats.total", answer.quoteStats.total);
  expect("quoteStats.bySpeaker", answer.quoteStats.bySpeaker[0]?.count ?? 0);
  expect("topic's quoteCount", answer.topics.find((topic) => topic.slug === "snap-topic")?.quoteCount ?? 0);
  expect("sources × quotes per source", (answer.person?.sources.length ?? 0) * QUOTES_PER_ROUND);
  return problems;
}

it("answers every query from one snapshot while imports commit between its statements", async () => {
  const bundles = await Promise.all(Array.from({ length: ROUNDS }, (_, round) => bundleOfRound(round)));
  let importing = true;
  const writer = (async () => {
    for (const bundle of bundles) await api.ingest(bundle);
    importing = false;
  })();
  const seenCounts = new Set<number>();
  const problems: string[] = [];
  let reads = 0;
  while (importing) {
    const reply = await api.run<Answer>(READ(reads), { speaker: SPEAKER });
    if (reply.errors) throw new Error(JSON.stringify(reply.errors));
    reads += 1;
    if (!reply.data) continue;
    seenCounts.add(reply.data.quotes.nodes.length);
    problems.push(...disagreements(reply.data).map((problem) => `read ${reads}: ${problem}`));
    // Several statements each: the reads must really interleave with the imports.
    expect(reply.statements).toBeGreaterThan(2);
  }
  await writer;
  expect(problems).toEqual([]);
  // The reads saw the imports happen: several states, not one.
  expect(seenCounts.size).toBeGreaterThan(2);
  const final = await api.data<Answer>(READ(-1), { speaker: SPEAKER });
  expect(final.quotes.totalCount).toBe(ROUNDS * QUOTES_PER_ROUND);
  expect(disagreements(final)).toEqual([]);
});
