import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../common/page-info.type";
import { Quote } from "./quote.entity";

/** One quote on a page, with its cursor. */
@ObjectType("QuoteEdge", { description: "A quote on a page, with the cursor that points at it." })
export class QuoteEdge {
  @Field({ description: "Opaque position of this quote in the list: pass it as `after` to continue from here." })
  cursor: string;

  @Field(() => Quote, { description: "The quote." })
  node: Quote;

  @Field(() => String, { nullable: true, description: "The text with search matches in <mark>…</mark>, the rest HTML-escaped; null when not searching." })
  highlight: string | null;
}

/** A page of quotes (Relay connection). */
@ObjectType("QuoteConnection", { description: "A page of quotes, in a stable order, with keyset cursors." })
export class QuoteConnection {
  @Field(() => [QuoteEdge], { description: "The quotes on this page with their cursors." })
  edges: QuoteEdge[];

  @Field(() => [Quote], { description: "The quotes on this page, without cursors." })
  nodes: Quote[];

  @Field(() => PageInfo, { description: "Whether more pages exist, and the cursors to reach them." })
  pageInfo: PageInfo;

  /** Counted only when a client asks for it (the resolver reads the count lazily). */
  count: () => Promise<number>;

  @Field(() => Int, { description: "How many quotes the whole list holds (counted only when asked for)." })
  totalCount(): Promise<number> {
    return this.count();
  }
}
