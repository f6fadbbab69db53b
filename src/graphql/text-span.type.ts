import { Field, Int, ObjectType } from "type-graphql";

/** A span of a source's body: Unicode code points, 0-based, end excluded (W3C TextPositionSelector). */
@ObjectType("TextSpan", {
  simpleResolvers: true,
  description:
    "A span of a source body in Unicode code points, 0-based, end excluded (W3C Web Annotation TextPositionSelector): `[...body].slice(start, end).join('')` is the text.",
})
export class TextSpan {
  @Field(() => Int, { description: "First code point of the span (0-based)." })
  start: number;

  @Field(() => Int, { description: "Code point just after the span (excluded)." })
  end: number;

  constructor(start: number, end: number) {
    this.start = start;
    this.end = end;
  }
}
