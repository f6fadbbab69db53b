import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { DEFAULT_PAGE_SIZE } from "../common/cursor";
import { type Context } from "../context";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";
import { Quote } from "./quote.entity";
import { QuoteConnection } from "./quote-connection.type";
import { quoteService } from "./quote.service";

@Resolver(() => Quote)
export class QuoteResolver {
  @Query(() => QuoteConnection, { description: "Every quote, a page at a time, in source order (source, then position in it)." })
  quotes(
    @Ctx() context: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: "How many quotes to return (0 to 100; 20 when omitted or null)." })
    first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Return the quotes after this cursor (an edge's `cursor` or `pageInfo.endCursor`)." })
    after: string | null,
  ): Promise<QuoteConnection> {
    return quoteService.page(context, first ?? DEFAULT_PAGE_SIZE, after ?? null);
  }

  @FieldResolver(() => Person, { description: "Who said it." })
  async speaker(@Root() quote: Quote, @Ctx() context: Context): Promise<Person> {
    const speaker = await context.loaders.personById.load(quote.speakerId);
    if (speaker === null) throw new Error(`quote ${quote.id} has no speaker`);
    return speaker;
  }

  @FieldResolver(() => Source, { description: "The source the quote stands in." })
  async source(@Root() quote: Quote, @Ctx() context: Context): Promise<Source> {
    const source = await context.loaders.sourceById.load(quote.sourceId);
    if (source === null) throw new Error(`quote ${quote.id} has no source`);
    return source;
  }
}
