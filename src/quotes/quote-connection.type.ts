import { Field, ObjectType } from "type-graphql";
import { ConnectionType, EdgeType } from "../graphql/connection";
import { scanOf } from "../graphql/scan";
import { keptCountReading } from "./kept-count-reading";
import { Quote } from "./quote.entity";

@ObjectType("QuoteEdge", { simpleResolvers: true, description: "A quote on a page, with the cursor that points at it and, when searching, its highlight." })
export class QuoteEdge extends EdgeType(Quote, "quote") {
  @Field(() => String, {
    nullable: true,
    description: "When searching: the quote's text as HTML, the words the search matched in <mark>…</mark> and the rest escaped. Null when not searching.",
  })
  highlight: string | null;
}

@ObjectType("QuoteConnection", { simpleResolvers: true, description: "A page of quotes, in a stable order, with keyset cursors." })
export class QuoteConnection extends ConnectionType(Quote, QuoteEdge, "quotes", scanOf("quotes", { readsInstead: keptCountReading("all") })) {}
