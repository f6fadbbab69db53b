import { MaxLength } from "class-validator";
import { ArgsType, Field, registerEnumType } from "type-graphql";

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
