import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { CareerStep } from "../career-steps/career-step.entity";
import { toConnection } from "../common/connection";
import { SearchablePageArgs } from "../common/slug-list";
import { type Context } from "../context";
import { Person } from "../people/person.entity";
import { QuoteConnection } from "../quotes/quote-connection.type";
import { FilteredQuotesArgs } from "../quotes/quote.inputs";
import { quoteService } from "../quotes/quote.service";
import { CompanyConnection } from "./company-connection.type";
import { Company } from "./company.entity";
import { companyService } from "./company.service";

@Resolver(() => Company)
export class CompanyResolver {
  @Query(() => Company, { nullable: true, description: "A company by slug; null when there is none." })
  company(@Ctx() context: Context, @Arg("slug", { description: "The company's slug, e.g. `openai`." }) slug: string): Promise<Company | null> {
    return companyService.findBySlug(context, slug);
  }

  @Query(() => CompanyConnection, { description: "Every company, a page at a time, in slug order." })
  async companies(@Ctx() context: Context, @Args() args: SearchablePageArgs): Promise<CompanyConnection> {
    return toConnection(CompanyConnection, await companyService.page(context, args));
  }

  @FieldResolver(() => [CareerStep], { description: "Everyone's career steps at the company, oldest first." })
  careerSteps(@Root() company: Company, @Ctx() context: Context): Promise<CareerStep[]> {
    return context.loaders.careerStepsByCompanyId.load(company.id);
  }

  @FieldResolver(() => [Person], { description: "The people with a career step at the company, by slug." })
  people(@Root() company: Company, @Ctx() context: Context): Promise<Person[]> {
    return context.loaders.peopleByCompanyId.load(company.id);
  }

  @FieldResolver(() => QuoteConnection, { description: "The quotes that mention the company, a page at a time, in source order." })
  async quotes(@Root() company: Company, @Ctx() context: Context, @Args() args: FilteredQuotesArgs): Promise<QuoteConnection> {
    return toConnection(QuoteConnection, await quoteService.list(context, { scope: "company", parentId: company.id }, args));
  }
}
