import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from "type-graphql";
import { PageArgs } from "../graphql/connection";
import { IsOccurrence, IsSlug, IsSlugList, IsText, IsVersion, MAX_FILTER_SLUGS, MAX_PASSAGE_LENGTH, Optional } from "../graphql/input-rules";
import { type Quote } from "./quote.entity";
import { AnchorStatus } from "../graphql/anchor.type";
import { ReviewStatus } from "../graphql/review.type";


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

  @Field(() => [AnchorStatus], {
    nullable: true,
    description: "How the quote's span followed its source's corrections: any of these. Null or [] keeps EXACT, SHIFTED and FUZZY, leaving out ORPHANED quotes (their words are no longer in the current text); ask for ORPHANED to see them.",
  })
  @IsOptional()
  @ArrayMaxSize(4, { message: "takes at most the 4 statuses" })
  anchorStatus?: AnchorStatus[] | null;

  @Field(() => [ReviewStatus], { nullable: true, description: "What an editor said of the quote: any of these. Null or [] does not filter." })
  @IsOptional()
  @ArrayMaxSize(3, { message: "takes at most the 3 statuses" })
  review?: ReviewStatus[] | null;
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

/** Most topics or companies one quote takes. */
export const MAX_QUOTE_LINKS = 50;


@InputType("AddQuoteInput", { description: "A new quote: the server finds its span in the source's body, its section, prefix and suffix." })
export class AddQuoteInput implements Partial<Pick<Quote, "text">> {
  @Field({ description: "The source it stands in, by slug." })
  @IsSlug()
  source: string;

  @Field({ description: "Who said it, by slug." })
  @IsSlug()
  speaker: string;

  @Field({ description: "The words, as they stand in the body (typography may differ: curly quotes, dashes, white space are matched, with a warning)." })
  @IsText(MAX_PASSAGE_LENGTH)
  text: string;

  @Field(() => Int, { nullable: true, description: "Which match, when the text stands in the body more than once (from 1)." })
  @Optional()
  @IsOccurrence()
  occurrence?: number | null;

  @Field(() => [String], { nullable: true, description: "Its topics, by slug." })
  @IsSlugList(MAX_QUOTE_LINKS)
  topics?: string[] | null;

  @Field(() => [String], { nullable: true, description: "The companies it mentions, by slug." })
  @IsSlugList(MAX_QUOTE_LINKS)
  companies?: string[] | null;
}

@InputType("UpdateQuoteInput", { description: "Changes to a quote; a field left out stays as it is. A new text is anchored again in the same source." })
export class UpdateQuoteInput implements Partial<Pick<Quote, "text" | "version">> {
  @Field(() => ID, { description: "The quote's id." })
  id: string;

  @Field(() => Int, { nullable: true, description: "The version you read; if the quote has changed since, the edit is refused with CONFLICT." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;

  @Field({ nullable: true, description: "New words, anchored again in the quote's source." })
  @Optional()
  @IsText(MAX_PASSAGE_LENGTH)
  text?: string;

  @Field(() => Int, { nullable: true, description: "Which match of the text, when it stands in the body more than once (from 1)." })
  @Optional()
  @IsOccurrence()
  occurrence?: number | null;

  @Field({ nullable: true, description: "Who said it, by slug." })
  @Optional()
  @IsSlug()
  speaker?: string;

  @Field(() => [String], { nullable: true, description: "Its topics, by slug: the whole new list." })
  @IsSlugList(MAX_QUOTE_LINKS)
  topics?: string[] | null;

  @Field(() => [String], { nullable: true, description: "The companies it mentions, by slug: the whole new list." })
  @IsSlugList(MAX_QUOTE_LINKS)
  companies?: string[] | null;
}

@InputType("RemoveQuoteInput", { description: "The quote to remove. Its audit event keeps it whole, so it can be restored (revertAuditEvent)." })
export class RemoveQuoteInput {
  @Field(() => ID, { description: "The quote's id." })
  id: string;

  @Field(() => Int, { nullable: true, description: "The version you read; if the quote has changed since, the removal is refused with CONFLICT." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;
}
