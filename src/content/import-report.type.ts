import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { WriteResult } from "../graphql/write-result.type";
import { Source } from "../sources/source.entity";
import { ImportRevision } from "./revision.type";

/** The kinds of row an import counts. */
export enum ImportedKind {
  SOURCES = "sources",
  PEOPLE = "people",
  COMPANIES = "companies",
  TOPICS = "topics",
  CAREER_STEPS = "careerSteps",
  QUOTES = "quotes",
}

registerEnumType(ImportedKind, {
  name: "ImportedKind",
  description: "A kind of row an import counts.",
  valuesConfig: {
    SOURCES: { description: "The bundle's source." },
    PEOPLE: { description: "People declared in the bundle." },
    COMPANIES: { description: "Companies declared in the bundle." },
    TOPICS: { description: "Topics declared in the bundle." },
    CAREER_STEPS: { description: "The source's career steps." },
    QUOTES: { description: "The source's quotes." },
  },
});

@ObjectType("ImportCount", { simpleResolvers: true, description: "What an import did to one kind of row." })
export class ImportCount {
  @Field(() => ImportedKind, { description: "The kind of row." })
  kind: ImportedKind;

  @Field(() => Int, { description: "Rows created." })
  created: number;

  @Field(() => Int, { description: "Rows changed to match the bundle." })
  updated: number;

  @Field(() => Int, { description: "Rows already as the bundle says: not written at all." })
  unchanged: number;

  @Field(() => Int, { description: "Rows of the source no longer in the bundle, removed (career steps and quotes only)." })
  removed: number;
}

@ObjectType("ImportInterviewPayload", { simpleResolvers: true, description: "What importing a bundle did (or, in a dry run, would do)." })
export class ImportInterviewPayload extends WriteResult {
  @Field({ description: "True when nothing was written: the counts say what the import would do." })
  dryRun: boolean;

  @Field({ description: "The slug of the bundle's source." })
  sourceSlug: string;

  @Field(() => Source, { nullable: true, description: "The imported source; null in a dry run of a new one." })
  source: Source | null;

  @Field(() => [ImportCount], { description: "Created, updated, unchanged and removed rows, by kind." })
  counts: ImportCount[];

  @Field(() => ImportRevision, { nullable: true, description: "The correction of the source's body the import made (`source.revise: true`); null when the body was unchanged or new." })
  revision: ImportRevision | null;
}
