import { Field, ObjectType } from "type-graphql";

/** The body around a quote. */
@ObjectType("QuoteContext", { simpleResolvers: true, description: "The words of the source body around a quote, to show it in its setting." })
export class QuoteContext {
  @Field({ description: "The body just before the quote (up to the requested number of code points; less at the start of the body)." })
  before: string;

  @Field({ description: "The body just after the quote (up to the requested number of code points; less at the end of the body)." })
  after: string;
}
