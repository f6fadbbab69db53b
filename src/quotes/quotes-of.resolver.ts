import { type GraphQLResolveInfo } from "graphql";
import { Args, Ctx, Extensions, FieldResolver, Info, Int, Resolver, Root } from "type-graphql";
import { Company } from "../companies/company.entity";
import { PageArgs, toConnection } from "../graphql/connection";
import { type Context } from "../graphql/context";
import { scanOf } from "../graphql/scan";
import { Person } from "../people/person.entity";
import { Source } from "../sources/source.entity";
import { Topic } from "../topics/topic.entity";
import { QuoteConnection } from "./quote-connection.type";
import { Quote } from "./quote.entity";
import { FilteredQuotesArgs } from "./quote.inputs";
import { quoteService } from "./quote.service";

/** The quotes of a person, a company, a topic and a source: fields of their types that the quotes feature answers. */
@Resolver(() => Person)
export class PersonQuotesResolver {
  @FieldResolver(() => QuoteConnection, { description: "What the person said, a page at a time, in source order." })
  @Extensions(scanOf("quotes", { when: "filter.search" }))
  async quotes(@Root() person: Person, @Ctx() context: Context, @Args() args: FilteredQuotesArgs, @Info() info: GraphQLResolveInfo): Promise<QuoteConnection> {
    return toConnection(QuoteConnection, await quoteService.list(context, { scope: "speaker", parentId: person.id }, args, context.prefetch.forConnection(Quote, info)));
  }
}

@Resolver(() => Company)
export class CompanyQuotesResolver {
  @FieldResolver(() => QuoteConnection, { description: "The quotes that mention the company, a page at a time, in source order." })
  @Extensions(scanOf("quotes", { when: "filter.search" }))
  async quotes(@Root() company: Company, @Ctx() context: Context, @Args() args: FilteredQuotesArgs, @Info() info: GraphQLResolveInfo): Promise<QuoteConnection> {
    return toConnection(QuoteConnection, await quoteService.list(context, { scope: "company", parentId: company.id }, args, context.prefetch.forConnection(Quote, info)));
  }
}

@Resolver(() => Topic)
export class TopicQuotesResolver {
  @FieldResolver(() => Int, { description: "How many quotes of the current texts carry the topic (ORPHANED ones left out, as in quote lists)." })
  quoteCount(@Root() topic: Topic, @Ctx() context: Context): Promise<number> {
    return quoteService.countOf(context, { scope: "topic", parentId: topic.id });
  }

  @FieldResolver(() => QuoteConnection, { description: "The quotes tagged with the topic, a page at a time, in source order." })
  async quotes(@Root() topic: Topic, @Ctx() context: Context, @Args() args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<QuoteConnection> {
    return toConnection(QuoteConnection, await quoteService.list(context, { scope: "topic", parentId: topic.id }, { ...args, filter: null }, context.prefetch.forConnection(Quote, info)));
  }
}

@Resolver(() => Source)
export class SourceQuotesResolver {
  @FieldResolver(() => QuoteConnection, { description: "The source's quotes, a page at a time, in the order they stand in the body." })
  async quotes(@Root() source: Source, @Ctx() context: Context, @Args() args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<QuoteConnection> {
    return toConnection(QuoteConnection, await quoteService.list(context, { scope: "source", parentId: source.id }, { ...args, filter: null }, context.prefetch.forConnection(Quote, info)));
  }
}
