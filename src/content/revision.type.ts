import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { AnchorStatus } from "../graphql/anchor.type";
import { TextSpan } from "../graphql/text-span.type";
import { WriteResult } from "../graphql/write-result.type";
import { Source } from "../sources/source.entity";
import { SourceRevision } from "../sources/source-revision.entity";
import { toGlobalId } from "../domain/global-id";
import { type RevisedAnchor } from "./revise-source";

/** What a correction did to one quote or career step. */
@ObjectType("AnchorOutcome", { simpleResolvers: true, description: "What a correction of a source did to one quote or career step: how its span was carried over, and where to." })
export class AnchorOutcome {
  @Field(() => ID, { description: "The quote's or the career step's global id (`node(id:)` reads it)." })
  nodeId: string;

  @Field(() => AnchorStatus, { description: "EXACT, SHIFTED, FUZZY or ORPHANED." })
  status: AnchorStatus;

  @Field(() => Float, { description: "1 for EXACT and SHIFTED, the similarity for FUZZY, 0 for ORPHANED." })
  score: number;

  @Field(() => TextSpan, { description: "Its span in the previous revision." })
  previousSpan: TextSpan;

  @Field(() => TextSpan, { nullable: true, description: "Its span in the new revision; null when ORPHANED (it keeps `previousSpan`, in the previous revision)." })
  span: TextSpan | null;

  static of(anchor: RevisedAnchor): AnchorOutcome {
    return Object.assign(new AnchorOutcome(), {
      nodeId: toGlobalId(anchor.type, anchor.id),
      status: anchor.status as AnchorStatus,
      score: anchor.score,
      previousSpan: new TextSpan(anchor.previousSpan.start, anchor.previousSpan.end),
      span: anchor.span === null ? null : new TextSpan(anchor.span.start, anchor.span.end),
    });
  }
}

@ObjectType("ReviseSourcePayload", { simpleResolvers: true, description: "A correction of a source: its new revision and what became of every quote and career step anchored in it." })
export class ReviseSourcePayload extends WriteResult {
  @Field(() => Source, { description: "The source, now at its new revision." })
  source: Source;

  @Field(() => SourceRevision, { description: "The revision the correction made." })
  revision: SourceRevision;

  @Field(() => [AnchorOutcome], { description: "Every quote and career step that stood in the corrected text, quotes first, each in body order." })
  anchors: AnchorOutcome[];
}

/** The revision an import made, when its bundle revised its source (`source.revise: true`). */
@ObjectType("ImportRevision", { simpleResolvers: true, description: "The correction an import made to its source (a bundle with `source.revise: true` and a different body)." })
export class ImportRevision {
  @Field(() => Int, { description: "The number of the new revision." })
  number: number;

  @Field(() => [AnchorOutcome], { description: "What became of every quote and career step that stood in the previous text (before the bundle's own quotes and steps were applied)." })
  anchors: AnchorOutcome[];
}
