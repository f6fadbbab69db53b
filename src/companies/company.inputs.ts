import { Field, ID, InputType, Int } from "type-graphql";
import { IsHttpUrl, IsSlug, IsText, IsVersion, Optional } from "../graphql/input-rules";
import { type Company } from "./company.entity";

@InputType("UpsertCompanyInput", { description: "A company by slug: created when new, else updated (a field left out stays as it is)." })
export class UpsertCompanyInput implements Partial<Pick<Company, "slug" | "name" | "website" | "version">> {
  @Field({ description: "The company's slug: lowercase words joined by -." })
  @IsSlug()
  slug: string;

  @Field({ nullable: true, description: "Its name. Needed to create a company." })
  @Optional()
  @IsText()
  name?: string;

  @Field(() => String, { nullable: true, description: "Its website (http or https URL); null clears it." })
  @Optional()
  @IsHttpUrl()
  website?: string | null;

  @Field(() => Int, { nullable: true, description: "The version you read, when updating; refused with CONFLICT if it changed since." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;
}

@InputType("RemoveCompanyInput", { description: "The company to remove; refused while anything refers to it." })
export class RemoveCompanyInput {
  @Field(() => ID, { description: "The company's id." })
  id: string;

  @Field(() => Int, { nullable: true, description: "The version you read; refused with CONFLICT if it changed since." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;
}
