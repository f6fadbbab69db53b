import { Field, ObjectType } from "type-graphql";
import { WriteResult } from "../graphql/write-result.type";
import { Quote } from "./quote.entity";

@ObjectType("QuotePayload", { simpleResolvers: true, description: "The quote as the change left it." })
export class QuotePayload extends WriteResult {
  @Field(() => Quote, { description: "The added or updated quote." })
  quote: Quote;
}
