import { z } from "zod";
import { httpUrlProblem, MAX_NAME_LENGTH, MAX_PASSAGE_LENGTH, SLUG_PATTERN, SLUG_RULE, textProblem } from "../domain/rules";
import { SourceKind } from "../sources/source-kind";

/**
 * The content bundle an editor writes (README.md, "Content bundles"). Every object is strict:
 * an unknown key is an error, so a typo never passes silently.
 */
const slug = z.string({ error: "expected a slug (lowercase words joined by -)" }).regex(SLUG_PATTERN, SLUG_RULE);

/** A text (rules.ts): not blank, at most 300 characters, or `max` (a passage). */
const text = (what: string, max = MAX_NAME_LENGTH) =>
  z.string({ error: `expected ${what} as a string` }).superRefine((value, context) => {
    const problem = textProblem(value, max);
    if (problem !== null) context.addIssue({ code: "custom", message: `${what} ${problem}` });
  });

const optionalText = (what: string, max = MAX_NAME_LENGTH) => text(what, max).nullish();

/** An http(s) URL (rules.ts), or null. */
const httpUrl = z
  .string({ error: "expected an http(s) URL" })
  .superRefine((value, context) => {
    const problem = httpUrlProblem(value);
    if (problem !== null) context.addIssue({ code: "custom", message: problem });
  })
  .nullish();

const occurrence = z
  .number({ error: "expected a whole number from 1" })
  .int("expected a whole number from 1")
  .min(1, "occurrences count from 1");

export const sourceSchema = z
  .strictObject({
    slug,
    title: text("a title"),
    kind: z.enum(SourceKind, { error: `expected one of ${Object.values(SourceKind).join(", ")}` }),
    url: httpUrl,
    publisher: optionalText("a publisher"),
    publishedOn: z.string({ error: "expected an EDTF date string or null" }).nullish(),
    narrator: slug.nullish(),
    /** The body's file, relative to the bundle (file form). */
    bodyFile: z.string({ error: "expected a file name" }).min(1, "expected a file name").optional(),
    /** The body itself (API form, or inline in a file). */
    body: z.string({ error: "expected the body text" }).min(1, "the body must not be empty").optional(),
    sections: z.array(text("a heading")).default([]),
    /** The body corrects the stored one: it becomes the source's next revision (reviseSource's path). */
    revise: z.boolean({ error: "expected true or false" }).optional(),
    /** What the correction changed, for the revision's record. */
    revisionNote: text("a revision note", 2_000).optional(),
  })
  .superRefine((source, context) => {
    if ((source.bodyFile === undefined) === (source.body === undefined)) {
      context.addIssue({ code: "custom", path: ["bodyFile"], message: "give exactly one of bodyFile or body" });
    }
    if (source.revisionNote !== undefined && source.revise !== true) {
      context.addIssue({ code: "custom", path: ["revisionNote"], message: "a revision note needs revise: true" });
    }
  });

export const personSchema = z.strictObject({ slug, name: text("a name"), headline: optionalText("a headline") });

export const companySchema = z.strictObject({ slug, name: text("a name"), website: httpUrl });

export const topicSchema = z.strictObject({ slug, name: text("a name") });

export const careerStepSchema = z.strictObject({
  person: slug,
  company: slug,
  title: optionalText("a title"),
  /** EDTF level 1; missing or null = unknown. */
  start: z.string({ error: "expected an EDTF date string" }).nullish(),
  /** EDTF level 1, or ".." for a step that goes on; missing or null = unknown. */
  end: z.string({ error: 'expected an EDTF date string or ".."' }).nullish(),
  /** A passage of the body, verbatim, that supports the step. */
  evidence: optionalText("the evidence", MAX_PASSAGE_LENGTH),
  occurrence: occurrence.optional(),
});

export const quoteSchema = z.strictObject({
  speaker: slug,
  text: text("the quote's text", MAX_PASSAGE_LENGTH),
  occurrence: occurrence.optional(),
  topics: z.array(slug).default([]),
  companies: z.array(slug).default([]),
});

export const bundleSchema = z.strictObject({
  source: sourceSchema,
  people: z.array(personSchema).default([]),
  companies: z.array(companySchema).default([]),
  topics: z.array(topicSchema).default([]),
  careerSteps: z.array(careerStepSchema).default([]),
  quotes: z.array(quoteSchema).default([]),
});

export type BundleInput = z.input<typeof bundleSchema>;
export type Bundle = z.output<typeof bundleSchema>;
export type BundlePerson = z.output<typeof personSchema>;
export type BundleCompany = z.output<typeof companySchema>;
export type BundleTopic = z.output<typeof topicSchema>;
export type BundleCareerStep = z.output<typeof careerStepSchema>;
export type BundleQuote = z.output<typeof quoteSchema>;
