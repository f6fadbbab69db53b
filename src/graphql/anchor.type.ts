import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";

/** How a quote's or a career step's span was carried into the source's current revision (domain/re-anchor.ts). */
export enum AnchorStatus {
  EXACT = "EXACT",
  SHIFTED = "SHIFTED",
  FUZZY = "FUZZY",
  ORPHANED = "ORPHANED",
}

registerEnumType(AnchorStatus, {
  name: "AnchorStatus",
  description: "How sure the gateway is that a span still points at the words it was made for, after the source was corrected.",
  valuesConfig: {
    EXACT: { description: "The same text at the same place (or placed there by an editor)." },
    SHIFTED: { description: "The same text, found elsewhere in the corrected body (where it occurs more than once, its context chose the place, clearly)." },
    FUZZY: { description: "The text changed a little: the span now holds the closest passage, above the similarity threshold; `previousText` says what it said before. Its review went back to UNREVIEWED." },
    ORPHANED: { description: "Not found in the current body: the span and text stay as they were in `revision`, for an editor to review. Left out of quote lists unless `anchorStatus` asks for it." },
  },
});

/** Where a span stands and how sure that is: read from the row's anchor columns. */
@ObjectType("Anchor", {
  simpleResolvers: true,
  description: "How a span follows its source through corrections: its status, the similarity it was found with, and the revision of the body it refers to.",
})
export class Anchor {
  @Field(() => AnchorStatus, { description: "EXACT, SHIFTED, FUZZY or ORPHANED (see the enum)." })
  status: AnchorStatus;

  @Field(() => Float, { description: "1 for EXACT and SHIFTED; the text's similarity (1 − edits / length) for FUZZY; 0 for ORPHANED." })
  score: number;

  @Field(() => Int, { description: "The revision of the source's body the span refers to: the current one, except for an ORPHANED span." })
  revision: number;

  @Field(() => String, { nullable: true, description: "What the quote or evidence said before the correction, when FUZZY; else null." })
  previousText: string | null;

  constructor(status: AnchorStatus, score: number, revision: number, previousText: string | null) {
    this.status = status;
    this.score = score;
    this.revision = revision;
    this.previousText = previousText;
  }
}
