import { Field, ObjectType } from "type-graphql";
import { Column } from "typeorm";
import { KeptApart } from "../db/entity-columns";
import { Review, ReviewStatus } from "./review.type";
import { VersionedNode } from "./versioned-node";

/**
 * A fact an editor reviews against its source (a quote, a career step): its review's columns,
 * kept apart from what bundles and inputs state (only `reviewQuote`, `reviewCareerStep` and a
 * FUZZY re-anchoring change them). Each entity names its own `<table>_review_*` checks.
 */
@ObjectType({ simpleResolvers: true })
export abstract class ReviewedNode extends VersionedNode {
  @KeptApart()
  @Column({ name: "review_status", type: "text", default: ReviewStatus.UNREVIEWED })
  reviewStatus: ReviewStatus;

  @KeptApart()
  @Column({ name: "review_note", type: "text", nullable: true })
  reviewNote: string | null;

  @KeptApart()
  @Column({ name: "reviewed_at", type: "timestamptz", nullable: true })
  reviewedAt: Date | null;

  @KeptApart()
  @Column({ name: "reviewed_by", type: "text", nullable: true })
  reviewedBy: string | null;

  @Field(() => Review, { description: "What an editor said of it against its source; UNREVIEWED until one does, and again after a correction changed its words." })
  get review(): Review {
    return new Review(this.reviewStatus, this.reviewNote, this.reviewedAt, this.reviewedBy);
  }
}
