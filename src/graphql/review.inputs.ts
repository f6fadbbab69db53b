import { Field, ID, InputType, Int } from "type-graphql";
import { IsText, IsVersion, Optional } from "./input-rules";
import { ReviewStatus } from "./review.type";

/** Longest review note. */
export const MAX_REVIEW_NOTE_LENGTH = 2_000;

@InputType("ReviewInput", { description: "An editor's review of a quote or a career step against its source." })
export class ReviewInput {
  @Field(() => ID, { description: "The quote's or the career step's id." })
  id: string;

  @Field(() => ReviewStatus, { description: "CONFIRMED, DISPUTED, or UNREVIEWED to take a review back." })
  status: ReviewStatus;

  @Field(() => String, { nullable: true, description: `Why (at most ${MAX_REVIEW_NOTE_LENGTH} characters); null for none.` })
  @Optional()
  @IsText(MAX_REVIEW_NOTE_LENGTH)
  note?: string | null;

  @Field(() => Int, { nullable: true, description: "The version you read; if it has changed since, the review is refused with CONFLICT." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;
}
