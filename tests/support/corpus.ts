import { writeBundle } from "./bundles";
import { type BundleInput } from "../../src/content/bundle.schema";
import { SourceKind } from "../../src/sources/source-kind";

/**
 * A deterministic corpus of interviews written as content bundles, with the answers a test can
 * compute from it directly: who said what, with which topics and companies, in which section,
 * and which search words each quote holds.
 *
 * Quote texts are built from the NATO alphabet, words the English stemmer keeps as they are,
 * so a test can tell which quotes a search matches without PostgreSQL.
 */
export const SEARCH_WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "kilo", "lima", "mike", "oscar"];

export interface CorpusOptions {
  /** Prefix of every slug, so that corpora in one database never collide. */
  prefix: string;
  sources: number;
  people: number;
  companies: number;
  topics: number;
  quotesPerSource: number;
  /** Career steps per person (default 2). */
  stepsPerPerson?: number;
}

export interface CorpusQuote {
  source: string;
  speaker: string;
  text: string;
  /** The search words of the text, in order. */
  words: string[];
  topics: string[];
  companies: string[];
  section: string | null;
}

export interface CorpusStep {
  person: string;
  company: string;
  source: string;
  title: string;
  start: string;
  end: string | null;
  evidence: string;
}

export interface Corpus {
  files: string[];
  sources: string[];
  people: string[];
  companies: string[];
  topics: string[];
  /** In source order: by source slug, then position in the body. */
  quotes: CorpusQuote[];
  steps: CorpusStep[];
}

const SECTIONS = ["Part one", "Part two"];

/** The start and end of a person's k-th step: every kind of fuzzy date, the last one ongoing. */
function stepDates(k: number, last: boolean): { start: string; end: string | null } {
  const year = 1990 + k * 2;
  const start = [`${year}~`, `${year}-03`, `${year}-05-10`, `${year}?`][k % 4] ?? `${year}`;
  if (last) return { start, end: ".." };
  return { start, end: k % 5 === 4 ? null : `${year + 1}` };
}

export async function writeCorpus(options: CorpusOptions): Promise<Corpus> {
  const { prefix } = options;
  const pad = (n: number) => String(n).padStart(3, "0");
  const people = Array.from({ length: options.people }, (_, i) => `${prefix}-person-${pad(i)}`);
  const companies = Array.from({ length: options.companies }, (_, i) => `${prefix}-company-${pad(i)}`);
  const topics = Array.from({ length: options.topics }, (_, i) => `${prefix}-topic-${pad(i)}`);
  const sources = Array.from({ length: options.sources }, (_, i) => `${prefix}-source-${pad(i)}`);
  const stepsPerPerson = options.stepsPerPerson ?? 2;
  const nameOf = (slug: string) => slug.replace(/-/g, " ");

  const quotes: CorpusQuote[] = [];
  const steps: CorpusStep[] = [];
  const files: string[] = [];
  for (const [s, source] of sources.entries()) {
    const paragraphs: string[] = [`${SECTIONS[0]}`];
    const sourceQuotes: CorpusQuote[] = [];
    for (let i = 0; i < options.quotesPerSource; i += 1) {
      if (i === Math.ceil(options.quotesPerSource / 2)) paragraphs.push(`${SECTIONS[1]}`);
      const words = [SEARCH_WORDS[(i * 3 + s) % SEARCH_WORDS.length] ?? "alpha", SEARCH_WORDS[(i * 5 + s + 1) % SEARCH_WORDS.length] ?? "bravo"];
      const text = `Remark ${s} ${i} says ${words.join(" ")} matters.`;
      paragraphs.push(`${text} Filler after remark ${s} ${i}.`);
      sourceQuotes.push({
        source,
        speaker: people[(s + i) % people.length] ?? "",
        text,
        words,
        topics: [...new Set([topics[i % topics.length], topics[(i * 7 + s) % topics.length]])].filter((t): t is string => t !== undefined).sort(),
        companies: i % 3 === 2 ? [] : [companies[(i + s) % companies.length] ?? ""],
        section: i < Math.ceil(options.quotesPerSource / 2) ? (SECTIONS[0] ?? null) : (SECTIONS[1] ?? null),
      });
    }
    const sourceSteps: CorpusStep[] = [];
    people.forEach((person, p) => {
      if (p % sources.length !== s) return;
      for (let k = 0; k < stepsPerPerson; k += 1) {
        const evidence = `${nameOf(person)} held role ${k} at ${nameOf(companies[(p + k) % companies.length] ?? "")}.`;
        paragraphs.push(evidence);
        sourceSteps.push({
          person,
          company: companies[(p + k) % companies.length] ?? "",
          source,
          title: `Role ${k}`,
          ...stepDates(k, k === stepsPerPerson - 1),
          evidence,
        });
      }
    });
    const bundle: BundleInput = {
      source: {
        slug: source,
        title: `Interview ${s}`,
        kind: SourceKind.INTERVIEW,
        narrator: people[s % people.length],
        bodyFile: `${source}.txt`,
        sections: SECTIONS,
      },
      people: people.map((slug) => ({ slug, name: nameOf(slug) })),
      companies: companies.map((slug) => ({ slug, name: nameOf(slug) })),
      topics: topics.map((slug) => ({ slug, name: nameOf(slug) })),
      careerSteps: sourceSteps.map(({ person, company, title, start, end, evidence }) => ({ person, company, title, start, ...(end === null ? {} : { end }), evidence })),
      quotes: sourceQuotes.map(({ speaker, text, topics: quoteTopics, companies: quoteCompanies }) => ({
        speaker,
        text,
        topics: quoteTopics,
        companies: quoteCompanies,
      })),
    };
    files.push(await writeBundle(bundle, `${paragraphs.join("\n\n")}\n`, `${source}.yaml`));
    quotes.push(...sourceQuotes);
    steps.push(...sourceSteps);
  }
  return { files, sources, people, companies, topics, quotes, steps };
}
