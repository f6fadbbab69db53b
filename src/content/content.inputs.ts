import { MaxLength } from "class-validator";
import { ArgsType, Field, InputType, Int, registerEnumType } from "type-graphql";
import { IsSlug, IsText, IsVersion, Optional } from "../graphql/input-rules";

/** Longest bundle text the API takes (the request body is bounded too). */
export const MAX_BUNDLE_LENGTH = 1_000_000;

/** How a bundle is written. */
export enum BundleTextFormat {
  YAML = "YAML",
  JSON = "JSON",
}

registerEnumType(BundleTextFormat, {
  name: "BundleFormat",
  description: "How a content bundle is written.",
  valuesConfig: {
    YAML: { description: "YAML (the format editors write in content/)." },
    JSON: { description: "JSON, the same keys." },
  },
});

/** The arguments of `importInterview`. */
@ArgsType()
export class ImportInterviewArgs {
  @Field({
    description: `A content bundle (the format of content/), its body inline in \`source.body\` instead of \`bodyFile\`: an API caller has no files to point at. At most ${MAX_BUNDLE_LENGTH} characters.`,
  })
  @MaxLength(MAX_BUNDLE_LENGTH, { message: `is longer than ${MAX_BUNDLE_LENGTH} characters` })
  bundle: string;

  @Field(() => BundleTextFormat, { nullable: true, defaultValue: BundleTextFormat.YAML, description: "How the bundle is written (YAML when omitted or null)." })
  format: BundleTextFormat | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Check everything and report what the import would do, without writing anything." })
  dryRun: boolean | null;
}

/** Longest note of a revision. */
export const MAX_REVISION_NOTE_LENGTH = 2_000;

@InputType("ReviseSourceInput", { description: "A corrected body for a source: it becomes the source's next revision, and its quotes and career steps are carried over." })
export class ReviseSourceInput {
  @Field({ description: "The source, by slug." })
  @IsSlug()
  source: string;

  @Field({ description: `The whole corrected body (stored as Unicode NFC), at most ${MAX_BUNDLE_LENGTH} characters. It must differ from the current body and still hold the source's section headings, each on a line of its own.` })
  @MaxLength(MAX_BUNDLE_LENGTH, { message: `is longer than ${MAX_BUNDLE_LENGTH} characters` })
  body: string;

  @Field(() => String, { nullable: true, description: `What was corrected and why (at most ${MAX_REVISION_NOTE_LENGTH} characters).` })
  @Optional()
  @IsText(MAX_REVISION_NOTE_LENGTH)
  note?: string | null;

  @Field(() => Int, { nullable: true, description: "The source's version you read; if it has changed since, the correction is refused with CONFLICT." })
  @Optional()
  @IsVersion()
  expectedVersion?: number | null;
}
