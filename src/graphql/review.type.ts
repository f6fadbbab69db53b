import { Field, ObjectType, registerEnumType } from "type-graphql";

/** What an editor said of a fact. */
export enum ReviewStatus {
  UNREVIEWED = "UNREVIEWED",
  CONFIRMED = "CONFIRMED",
  DISPUTED = "DISPUTED",
}

registerEnumType(ReviewStatus, {
  name: "ReviewStatus",
  description: "What an editor said of a quote or a career step against its source.",
  valuesConfig: {
    UNREVIEWED: { description: "No editor has checked it since it was made, or since a correction changed its words (FUZZY)." },
    CONFIRMED: { description: "An editor checked it against the source and it holds." },
    DISPUTED: { description: "An editor checked it and doubts it: see the note." },
  },
});

/** An editor's review of a quote or a career step. */
@ObjectType("Review", { simpleResolvers: true, description: "An editor's review of a quote or a career step: its status, why, when and by whom." })
export class Review {
  @Field(() => ReviewStatus, { description: "UNREVIEWED, CONFIRMED or DISPUTED." })
  status: ReviewStatus;

  @Field(() => String, { nullable: true, description: "The reviewer's note, when one was given." })
  note: string | null;

  @Field(() => String, { nullable: true, description: "When it was last reviewed (ISO 8601, UTC); null when it never was or a correction reset it." })
  reviewedAt: string | null;

  @Field(() => String, { nullable: true, description: "Who reviewed it: the label of the API key (or the command) that made the review; null when unreviewed." })
  by: string | null;

  constructor(status: ReviewStatus, note: string | null, reviewedAt: Date | string | null, by: string | null) {
    this.status = status;
    this.note = note;
    this.reviewedAt = reviewedAt === null ? null : new Date(reviewedAt).toISOString();
    this.by = by;
  }
}
