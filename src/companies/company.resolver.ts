import { type GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, Extensions, Info, Mutation, Query, Resolver } from "type-graphql";
import { scanOf } from "../graphql/scan";
import { existing } from "../graphql/read/loader";
import { removeUnreferenced, upsertBySlug } from "../db/slugged-writes";
import { RemovedPayload } from "../graphql/write-result.type";
import { toConnection } from "../graphql/connection";
import { SearchablePageArgs } from "../graphql/read/slug-list";
import { type Context } from "../graphql/context";
import { CompanyConnection } from "./company-connection.type";
import { Company } from "./company.entity";
import { RemoveCompanyInput, UpsertCompanyInput } from "./company.inputs";
import { CompanyPayload } from "./company-payload.type";
import { COMPANIES, companyService } from "./company.service";
import { ApiKeyRole } from "../graphql/auth";
import { keyOf } from "../graphql/ids";
import { writeAs } from "../graphql/writes";

@Resolver(() => Company)
export class CompanyResolver {
  @Query(() => Company, { nullable: true, description: "A company by slug; null when there is none." })
  company(@Ctx() context: Context, @Arg("slug", { description: "The company's slug, e.g. `openai`." }) slug: string, @Info() info: GraphQLResolveInfo): Promise<Company | null> {
    return companyService.findBySlug(context, slug, context.prefetch.forField(Company, info));
  }

  @Query(() => CompanyConnection, { description: "Every company, a page at a time, in slug order." })
  @Extensions(scanOf("companies", { when: "search" }))
  async companies(@Ctx() context: Context, @Args() args: SearchablePageArgs): Promise<CompanyConnection> {
    return toConnection(CompanyConnection, await companyService.page(context, args));
  }

  @Authorized(ApiKeyRole.EDITOR)
  @Mutation(() => CompanyPayload, { description: "Creates the company of a slug, or updates it: a field left out stays as it is (EDITOR)." })
  async upsertCompany(@Ctx() context: Context, @Arg("input", () => UpsertCompanyInput, { description: "The company." }) input: UpsertCompanyInput): Promise<CompanyPayload> {
    const { result, auditEventId } = await writeAs(context, "upsertCompany", (manager) => upsertBySlug(manager, COMPANIES, input.slug, input, input.expectedVersion));
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
