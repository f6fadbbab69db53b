import { Random } from "../random.js";
import {
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  FIRST_NAMES,
  LAST_NAMES,
  SEARCH_TERM,
  TITLES,
  TOPIC_QUALIFIERS,
  TOPIC_WORDS,
  WORDS,
} from "./words.js";

/**
 * A deterministic corpus of interviews: the same quote count always gives the same bundles.
 *
 * Proportions, per source (an interview or as-told-to essay): 20 quotes, most by its narrator
 * and some by an interviewer; 0.8 people per source (so some people tell their story twice);
 * about 3 career steps per person, stated in the first source they narrate, each with its
 * evidence sentence; one company per 100 quotes (at least 20); a topic vocabulary that grows
 * with the logarithm of the corpus; 1 to 3 topics and 0 to 2 companies per quote, Zipf-skewed
 * so that a few topics are large, as in real content.
 */

export const SCALES = { "1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000 };

export const QUOTES_PER_SOURCE = 20;
/** The share of quotes holding the search term. */
export const SEARCH_TERM_RATE = 0.02;

const SEED = 20_251_201;
const KINDS = ["AS_TOLD_TO_ESSAY", "INTERVIEW", "ARTICLE", "TRANSCRIPT", "PODCAST", "TALK"];

/** How many of each kind of row a corpus of `quotes` quotes holds (before deduplication). */
export function plan(quotes) {
  const sources = Math.ceil(quotes / QUOTES_PER_SOURCE);
  return {
    quotes,
    sources,
    people: Math.max(2, Math.round(sources * 0.8)),
    companies: Math.max(20, Math.ceil(quotes / 100)),
    topics: Math.round(20 * Math.log10(quotes)),
  };
}

const slugify = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const pad = (n, width = 5) => String(n).padStart(width, "0");

function people(count) {
  return Array.from({ length: count }, (_, i) => {
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`;
    return { slug: `${slugify(name)}-${pad(i)}`, name, headline: `${TITLES[i % TITLES.length]}, speaker number ${i}` };
  });
}

function companies(count) {
  return Array.from({ length: count }, (_, i) => {
    const name = `${COMPANY_STEMS[i % COMPANY_STEMS.length]} ${COMPANY_SUFFIXES[Math.floor(i / COMPANY_STEMS.length) % COMPANY_SUFFIXES.length]} ${i}`;
    return { slug: slugify(name), name, website: `https://${slugify(name)}.example.com` };
  });
}

function topics(count) {
  return Array.from({ length: count }, (_, i) => {
    const base = TOPIC_WORDS[i % TOPIC_WORDS.length];
    const name = i < TOPIC_WORDS.length ? base : `${base} ${TOPIC_QUALIFIERS[Math.floor(i / TOPIC_WORDS.length - 1) % TOPIC_QUALIFIERS.length]}`;
    return { slug: slugify(name), name };
  });
}

/** A sentence of `min` to `max` words, capitalised, ending with a full stop. */
function sentence(random, min, max, extra = []) {
  const words = Array.from({ length: random.int(min, max) }, () => random.pick(WORDS));
  for (const word of extra) words.splice(random.int(0, words.length), 0, word);
  const text = words.join(" ");
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** EDTF for a year, sometimes approximate, sometimes to the month. */
function edtf(random, year) {
  const roll = random.next();
  if (roll < 0.5) return String(year);
  if (roll < 0.8) return `${year}~`;
  return `${year}-${pad(random.int(1, 12), 2)}`;
}

/** A person's career: consecutive steps, the last one still going on most of the time. */
function career(random, person, allCompanies) {
  const steps = [];
  let year = random.int(1998, 2018);
  const count = random.int(1, 5);
  for (let i = 0; i < count; i++) {
    const company = allCompanies[random.zipf(allCompanies.length)];
    const title = random.pick(TITLES);
    const length = random.int(1, 6);
    const last = i === count - 1;
    const ongoing = last && random.chance(0.7);
    // A month-precise start and a year-only end in the same year could cross; a step lasts a year at least.
    const start = edtf(random, year);
    const end = ongoing ? ".." : edtf(random, year + length);
    const evidence = ongoing
      ? `I have worked at ${company.name} as ${title.toLowerCase()} since ${year}.`
      : `From ${year} to ${year + length} I worked at ${company.name} as ${title.toLowerCase()}.`;
    steps.push({ person: person.slug, company: company.slug, title, start, end, evidence });
    year += length;
  }
  return steps;
}

/**
 * The bundles of a corpus, one per source, in order: `{ name, bundle, body }` where `bundle` is
 * the content bundle (JSON form, its body in the file `${name}.txt`).
 */
export function* generateCorpus(quoteCount) {
  const random = new Random(SEED);
  const size = plan(quoteCount);
  const allPeople = people(size.people);
  const allCompanies = companies(size.companies);
  const allTopics = topics(size.topics);
  const careers = allPeople.map((person) => career(random, person, allCompanies));

  let quotesLeft = quoteCount;
  for (let s = 0; s < size.sources; s++) {
    const quotes = Math.min(QUOTES_PER_SOURCE, quotesLeft);
    quotesLeft -= quotes;
    yield generateSource(random, s, quotes, { allPeople, allCompanies, allTopics, careers });
  }
}

function generateSource(random, index, quoteCount, { allPeople, allCompanies, allTopics, careers }) {
  const narratorIndex = index % allPeople.length;
  const narrator = allPeople[narratorIndex];
  // The interviewer: someone else, chosen by a fixed stride so that everyone gets a turn.
  const stride = (index * 7 + 3) % allPeople.length;
  const interviewer = allPeople[stride === narratorIndex ? (stride + 1) % allPeople.length : stride];
  // A person's career is told in the first source they narrate.
  const steps = index < allPeople.length ? careers[narratorIndex] : [];
  const kind = KINDS[index % KINDS.length];
  const slug = `${slugify(narrator.name)}-${kind.toLowerCase().replace(/_/g, "-")}-${pad(index)}`;
  const sectionCount = Math.min(4, Math.max(1, Math.ceil(quoteCount / 5)));
  const sections = Array.from({ length: sectionCount }, (_, i) => `Part ${i + 1}: ${random.pick(TOPIC_WORDS)}`);

  const paragraphs = [sentence(random, 20, 40), ...steps.map((step) => `${sentence(random, 8, 16)} ${step.evidence} ${sentence(random, 8, 16)}`)];
  const quotes = [];
  const mentioned = new Map(steps.map((step) => [step.company, allCompanies.find((c) => c.slug === step.company)]));
  const usedTopics = new Map();
  for (let q = 0; q < quoteCount; q++) {
    const section = Math.floor((q * sectionCount) / quoteCount);
    if (q === 0 || Math.floor(((q - 1) * sectionCount) / quoteCount) !== section) paragraphs.push(sections[section]);
    const extra = random.chance(SEARCH_TERM_RATE) ? (random.chance(0.3) ? [SEARCH_TERM, SEARCH_TERM] : [SEARCH_TERM]) : [];
    // The quote's index in the text makes it unique in its body, as a real quote is.
    const text = sentence(random, 12, 30, extra).replace(/\.$/, ` in year ${q + 1}.`);
    paragraphs.push(`${sentence(random, 6, 18)} ${text} ${sentence(random, 6, 18)}`);
    const quoteTopics = new Set(Array.from({ length: random.int(1, 3) }, () => allTopics[random.zipf(allTopics.length)]));
    const quoteCompanies = new Set(Array.from({ length: random.int(0, 2) }, () => allCompanies[random.zipf(allCompanies.length)]));
    for (const topic of quoteTopics) usedTopics.set(topic.slug, topic);
    for (const company of quoteCompanies) mentioned.set(company.slug, company);
    quotes.push({
      speaker: random.chance(0.8) ? narrator.slug : interviewer.slug,
      text,
      topics: [...quoteTopics].map((t) => t.slug),
      companies: [...quoteCompanies].map((c) => c.slug),
    });
  }
  const body = `${paragraphs.join("\n\n")}\n`;
  const speakers = new Map([narrator, interviewer].map((person) => [person.slug, person]));
  const year = 2010 + (index % 15);
  return {
    name: slug,
    body,
    bundle: {
      source: {
        slug,
        title: `${narrator.name} on work and careers, part ${index}`,
        kind,
        url: `https://interviews.example.com/${slug}`,
        publisher: `${COMPANY_STEMS[index % COMPANY_STEMS.length]} Weekly`,
        publishedOn: index % 3 === 0 ? `${year}-${pad((index % 12) + 1, 2)}` : `${year}`,
        narrator: narrator.slug,
        bodyFile: `${slug}.txt`,
        sections,
      },
      people: [...speakers.values()],
      companies: [...mentioned.values()],
      topics: [...usedTopics.values()],
      careerSteps: steps,
      quotes,
    },
  };
}
