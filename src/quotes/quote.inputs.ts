import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from "class-validator";
import { ArgsType, Field, InputType, Int, registerEnumType } from "type-graphql";
import { PageArgs } from "../common/connection";

/** Most slugs one filter field takes: a facet selection, not a bulk export. */
export const MAX_FILTER_SLUGS = 100;

/** Longest search text: websearch syntax needs no more, and longer costs the planner. */
export const MAX_SEARCH_LENGTH = 256;

/** Most characters of context either side of a quote. */
export const MAX_CONTEXT_CHARS = 500;

const slugs = (what: string) => `${what}, by slug. A quote matches when it has any of them; an unknown slug matches nothing; null or [] does not filter.`;
const tooMany = { message: `takes at most ${MAX_FILTER_SLUGS} slugs` };

/**
 * Which quotes to keep. Fields combine with AND, the slugs within a field with OR, so
 * `{ topics: [hiring, ai], speakers: [jigar-bhati] }` is "by Jigar Bhati, about hiring or AI".
 */
@InputType("QuoteFilter", {
  description:
    "Which quotes to keep. Fields combine with AND; the slugs within one field combine with OR. Unknown slugs match nothing; a null or empty field does not filter.",
})
export class QuoteFilter {
  @Field(() => [String], { nullable: true, description: slugs("Who said it") })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_SLUGS, tooMany)
  speakers?: string[] | null;

  @Field(() => [String], { nullable: true, description: slugs("Companies the quote mentions") })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_SLUGS, tooMany)
  companies?: string[] | null;

  @Field(() => [String], { nullable: true, description: slugs("Topics the quote is tagged with") })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_SLUGS, tooMany)
  topics?: string[] | null;

  @Field(() => [String], { nullable: true, description: slugs("Sources the quote stands in") })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_SLUGS, tooMany)
  sources?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: `Full-text search in PostgreSQL websearch syntax (English stemming): words, "quoted phrases", OR, -excluded. Matching edges carry a \`highlight\`. Blank does not filter; at most ${MAX_SEARCH_LENGTH} characters.`,
  })
  @IsOptional()
  @MaxLength(MAX_SEARCH_LENGTH, { message: `is longer than ${MAX_SEARCH_LENGTH} characters` })
  search?: string | null;
}

/** The orders a list of quotes can come in. */
export enum QuoteOrder {
  SOURCE_ORDER = "SOURCE_ORDER",
  RELEVANCE = "RELEVANCE",
}

registerEnumType(QuoteOrder, {
  name: "QuoteOrder",
  description: "The order of a list of quotes.",
  valuesConfig: {
    SOURCE_ORDER: { description: "By source (slug), then by position in the source's body. The default." },
    RELEVANCE: { description: "Best search match first (PostgreSQL ts_rank), then source order. Without a search, the same as SOURCE_ORDER." },
  },
});

/** The arguments of a list of quotes inside another object (`Person.quotes`, `Company.quotes`). */
@ArgsType()
export class FilteredQuotesArgs extends PageArgs {
  @Field(() => QuoteFilter, { nullable: true, description: "Keep only the quotes that match." })
  @IsOptional()
  @ValidateNested()
  filter: QuoteFilter | null;
}

/** The arguments of `Query.quotes`. */
@ArgsType()
export class QuotesArgs extends FilteredQuotesArgs {
  @Field(() => QuoteOrder, { nullable: true, defaultValue: QuoteOrder.SOURCE_ORDER, description: "The order of the list (SOURCE_ORDER when omitted or null)." })
  orderBy: QuoteOrder | null;
}

/** The arguments of `Query.quoteStats`. */
@ArgsType()
export class QuoteStatsArgs {
  @Field(() => QuoteFilter, { nullable: true, description: "Count only the quotes that match." })
  @IsOptional()
  @ValidateNested()
  filter: QuoteFilter | null;
}

/** Characters of context either side when a client names none. */
export const DEFAULT_CONTEXT_CHARS = 80;

/** The arguments of `Quote.context`. */
@ArgsType()
export class QuoteContextArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_CONTEXT_CHARS,
    description: `How many characters (code points) of the body to show on each side: 0 to ${MAX_CONTEXT_CHARS} (${DEFAULT_CONTEXT_CHARS} when omitted or null).`,
  })
  @IsOptional()
  @Min(0, { message: `must be between 0 and ${MAX_CONTEXT_CHARS}, got $value` })
  @Max(MAX_CONTEXT_CHARS, { message: `must be between 0 and ${MAX_CONTEXT_CHARS}, got $value` })
  chars: number | null;
}
