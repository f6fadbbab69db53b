import { Field, Int, ObjectType } from "type-graphql";
import { Source } from "./source.entity";
import { type BodyText } from "../domain/body-text";
import { TextSpan } from "../graphql/text-span.type";

/** A passage of a source: the exact words at a span, and where they stand. */
@ObjectType("Passage", { simpleResolvers: true, description: "The exact words of a source at a span: what a fact rests on." })
export class Passage {
  @Field({ description: "The source's body at `span`, exactly." })
  text: string;

  @Field(() => TextSpan, { description: "Where the passage stands in the body of `revision`, in code points." })
  span: TextSpan;

  @Field(() => Int, { description: "The revision of the source's body the passage stands in." })
  revision: number;

  @Field(() => Source, { description: "The source the passage comes from." })
  source: Source;

  /** The passage of `source` (whose body in `revision` is `body`) at `[start, end)`, counted in code points. */
  static of(source: Source, revision: number, body: BodyText, start: number, end: number): Passage {
    return Object.assign(new Passage(), {
      text: body.slice(start, end),
      span: new TextSpan(start, end),
      revision,
      source,
    });
  }
}
