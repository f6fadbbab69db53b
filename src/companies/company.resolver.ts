import { type GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { scanOf } from "../graphql/scan";
import { ApiKeyRole } from "../api-keys/api-key.entity";
import { writeAs } from "../db/transaction";
import { keyOf } from "../graphql/global-id";
import { existing, type Now } from "../graphql/read/loader";
import { removeUnreferenced, upsertBySlug } from "../db/slugged-writes";
import { RemovedPayload } from "../graphql/write-result.type";
import { CareerStep } from "../career-steps/career-step.entity";
import { toConnection } from "../graphql/connection";
import { SearchablePageArgs } from "../graphql/read/slug-list";
import { type Context } from "../graphql/context";
import { Quote } from "../quotes/quote.entity";
import { Person } from "../people/person.entity";
import { QuoteConnection } from "../quotes/quote-connection.type";
import { FilteredQuotesArgs } from "../quotes/quote.inputs";
import { quoteService } from "../quotes/quote.service";
import { CompanyConnection } from "./company-connection.type";
import { Company } from "./company.entity";
import { RemoveCompanyInput, UpsertCompanyInput } from "./company.inputs";
import { CompanyPayload } from "./company-payload.type";
import { COMPANIES, companyService } from "./company.service";

@Resolver(() => Company)
export class CompanyResolver {
  @Query(() => Company, { nullable: true, description: "A company by slug; null when there is none." })
  company(@Ctx() context: Context, @Arg("slug", { description: "The company's slug, e.g. `openai`." }) slug: string): Promise<Company | null> {
    return companyService.findBySlug(context, slug);
  }

  @Query(() => CompanyConnection, { description: "Every company, a page at a time, in slug order." })
  @Extensions(scanOf("companies", "search"))
  async companies(@Ctx() context: Context, @Args() args: SearchablePageArgs): Promise<CompanyConnection> {
    return toConnection(CompanyConnection, await companyService.page(context, args));
  }

  @FieldResolver(() => [CareerStep], { description: "Everyone's career steps at the company, oldest first." })
  careerSteps(@Root() company: Company, @Ctx() context: Context): Now<CareerStep[]> {
    return context.loaders.careerStepsByCompanyId.get(company.id);
  }

  @FieldResolver(() => [Person], { description: "The people with a career step at the company, by slug." })
  people(@Root() company: Company, @Ctx() context: Context): Now<Person[]> {
    return context.loaders.peopleByCompanyId.get(company.id);
  }

  @FieldResolver(() => QuoteConnection, { description: "The quotes that mention the company, a page at a time, in source order." })
  @Extensions(scanOf("quotes", "filter.search"))
  async quotes(@Root() company: Company, @Ctx() context: Context, @Args() args: FilteredQuotesArgs, @Info() info: GraphQLResolveInfo): Promise<QuoteConnection> {
    return toConnection(QuoteConnection, await quoteService.list(context, { scope: "company", parentId: company.id }, args, context.prefetch.forConnection(Quote, info)));
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => CompanyPayload, { description: "Creates the company of a slug, or updates it: a field left out stays as it is (EDITOR)." })
  async upsertCompany(@Ctx() context: Context, @Arg("input", () => UpsertCompanyInput, { description: "The company." }) input: UpsertCompanyInput): Promise<CompanyPayload> {
    const { result, auditEventId } = await writeAs(context, "upsertCompany", (manager) => upsertBySlug(manager, COMPANIES, input.slug, { name: input.name, website: input.website }, input.expectedVersion));
    const company = await existing(context.loaders.companyById, result.id, "company");
    return Object.assign(new CompanyPayload(), { company, created: result.created, auditEventId, warnings: [] });
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => RemovedPayload, { description: "Removes a company; refused with CONFLICT, naming them, while anything refers to it (EDITOR)." })
  async removeCompany(@Ctx() context: Context, @Arg("input", () => RemoveCompanyInput, { description: "The company to remove." }) input: RemoveCompanyInput): Promise<RemovedPayload> {
    const id = keyOf(input.id, "Company", "input.id");
    const { auditEventId } = await writeAs(context, "removeCompany", (manager) => removeUnreferenced(manager, COMPANIES, id, input.expectedVersion));
    return Object.assign(new RemovedPayload(), { removedId: input.id, auditEventId, warnings: [] });
  }
}
