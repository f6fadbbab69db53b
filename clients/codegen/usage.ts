// A typed use of what GraphQL Code Generator generated in ./gql/ (run by `tsc -p codegen`, never
// executed): if the generated types were loose or wrong, this would not compile.
import { executePersisted } from "../snippets/persisted-fetch";
import { PersonTimelineDocument, type PersonTimelineQuery, QuoteSearchDocument, type QuoteOrder } from "./gql/graphql";

/** "Twitter: 2016~ to 2023~" for each career step. */
export async function careerOf(url: string, slug: string): Promise<string[]> {
  const { data } = await executePersisted(url, PersonTimelineDocument, { slug });
  return (data?.person?.careerTimeline ?? []).map((step) => `${step.company.name}: ${step.start?.edtf ?? "?"} to ${step.isCurrent ? "now" : (step.end?.edtf ?? "?")}`);
}

/** The best matches of a search, with where each stands in its source. */
export async function search(url: string, words: string, orderBy: QuoteOrder = "RELEVANCE"): Promise<Array<{ text: string; start: number; speaker: string }>> {
  const { data } = await executePersisted(url, QuoteSearchDocument, { search: words, first: 3, orderBy });
  return (data?.quotes.edges ?? []).map(({ node }) => ({ text: node.text, start: node.span.start, speaker: node.speaker.name }));
}

/** Mistakes the generated types catch: each line below must be a compile error. */
export function mistakes(url: string, result: PersonTimelineQuery): void {
  // @ts-expect-error: PersonTimeline needs $slug
  void executePersisted(url, PersonTimelineDocument, {});
  // @ts-expect-error: $slug is a String
  void executePersisted(url, PersonTimelineDocument, { slug: 42 });
  // @ts-expect-error: a career step has no salary
  void result.person?.careerTimeline[0]?.salary;
  // @ts-expect-error: start may be null (an unknown start)
  void result.person?.careerTimeline[0]?.start.edtf;
  // @ts-expect-error: not an order of quotes
  const order: QuoteOrder = "NEWEST";
  void order;
}
