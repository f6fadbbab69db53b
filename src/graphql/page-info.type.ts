import { Field, ObjectType } from "type-graphql";

/** Relay page info: whether more pages exist, and the cursors at the page's ends. */
@ObjectType("PageInfo", { simpleResolvers: true, description: "Where a page stands in its list (Relay cursor connections)." })
export class PageInfo {
  @Field({ description: "True when more items follow this page." })
  hasNextPage: boolean;

  @Field({ description: "True when items precede this page (an `after` cursor was given)." })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first item on this page; null when the page is empty." })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last item: pass it as `after` for the next page." })
  endCursor: string | null;
}
