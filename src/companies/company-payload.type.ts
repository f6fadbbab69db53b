import { Field, ObjectType } from "type-graphql";
import { WriteResult } from "../graphql/write-result.type";
import { Company } from "./company.entity";

@ObjectType("CompanyPayload", { simpleResolvers: true, description: "The company as the change left it." })
export class CompanyPayload extends WriteResult {
  @Field(() => Company, { description: "The created or updated company." })
  company: Company;

  @Field({ description: "True when the slug was new and the company was created; false when it was updated (or already as given)." })
  created: boolean;
}
