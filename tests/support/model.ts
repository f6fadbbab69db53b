import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CONTENT_DIR } from "../../src/project";
import { type Corpus } from "./corpus";
import { ESSAY_BUNDLE } from "./api";

/** A quote as the bundles give it: what the API's answers are checked against. */
export interface ModelQuote {
  source: string;
  speaker: string;
  text: string;
  topics: string[];
  companies: string[];
}

export const ESSAY_SOURCE = "openai-engineer-as-told-to";

/** The essay's quotes as its bundle lists them, in the order they stand in the body. */
export function essayQuotes(): ModelQuote[] {
  const bundle = parse(readFileSync(ESSAY_BUNDLE, "utf8")) as { quotes: Array<{ speaker: string; text: string; topics?: string[]; companies?: string[] }> };
  const body = readFileSync(join(CONTENT_DIR, `${ESSAY_SOURCE}.txt`), "utf8");
  return bundle.quotes
    .map((quote) => ({ source: ESSAY_SOURCE, speaker: quote.speaker, text: quote.text, topics: [...(quote.topics ?? [])].sort(), companies: [...(quote.companies ?? [])].sort() }))
    .sort((a, b) => body.indexOf(a.text) - body.indexOf(b.text));
}

/** The essay's quotes, then a corpus's (whose slugs must sort after the essay's). */
export function essayAndCorpus(corpus: Corpus): ModelQuote[] {
  return [...essayQuotes(), ...corpus.quotes.map(({ source, speaker, text, topics, companies }) => ({ source, speaker, text, topics, companies }))];
}

/** Counts of the quotes by a key of each, most first, then by slug: how quoteStats lists them. */
export function countBy(quotes: ModelQuote[], keys: (quote: ModelQuote) => string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const quote of quotes) for (const key of keys(quote)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0));
}
