/**
 * Columns derived from the entities (src/db/entity-columns.ts), not listed: the write paths and
 * the importer read, compare and write what the entities declare. What a new column still needs
 * is a field in each input that states it; this file fails when one is forgotten.
 */
import { getMetadataStorage } from "type-graphql";
import { STATED_STEP_COLUMNS, STEP_COLUMNS } from "../../src/career-steps/career-step.columns";
import { AddCareerStepInput, UpdateCareerStepInput } from "../../src/career-steps/career-step.inputs";
import { UpsertCompanyInput } from "../../src/companies/company.inputs";
import { careerStepSchema, companySchema, personSchema, sourceSchema, topicSchema } from "../../src/content/bundle.schema";
import { SLUGGED, STATED_SOURCE_COLUMNS } from "../../src/content/import-statements";
import { contentColumns } from "../../src/db/entity-columns";
import { createSchema } from "../../src/graphql/schema";
import { FEATURES } from "../../src/features";
import { UpsertPersonInput } from "../../src/people/person.inputs";
import { Quote } from "../../src/quotes/quote.entity";
import { UpsertTopicInput } from "../../src/topics/topic.inputs";

beforeAll(async () => {
  // TypeGraphQL files its input fields' metadata when a schema is built.
  await createSchema(FEATURES);
});

/** The fields of a GraphQL input class, by property. */
function inputFields(input: abstract new () => object): string[] {
  return getMetadataStorage()
    .fields.filter((field) => field.target === input)
    .map((field) => field.name);
}

it("derives a step's columns from the entity: not its key, version, timestamps or source", () => {
  expect(STEP_COLUMNS.map((column) => `${column.column} ${column.sqlType}`)).toEqual([
    "person_id uuid",
    "company_id uuid",
    "title text",
    "start_edtf text",
    "start_earliest date",
    "start_latest date",
    "start_precision text",
    "end_edtf text",
    "end_earliest date",
    "end_latest date",
    "end_precision text",
    "end_open boolean",
    "evidence_start integer",
    "evidence_end integer",
  ]);
});

it("leaves out generated columns (a quote's search vector): the database writes them", () => {
  expect(contentColumns(Quote).map((column) => column.column)).toEqual(["source_id", "speaker_id", "text", "span_start", "span_end", "prefix", "suffix", "section"]);
});

it("finds every column a step states as stored in both of the editor's inputs and in the bundle's step", () => {
  expect(STATED_STEP_COLUMNS.map((column) => column.property)).toEqual(["title"]);
  for (const { property } of STATED_STEP_COLUMNS) {
    expect({ property, add: inputFields(AddCareerStepInput).includes(property), update: inputFields(UpdateCareerStepInput).includes(property), bundle: property in careerStepSchema.shape }).toEqual({
      property,
      add: true,
      update: true,
      bundle: true,
    });
  }
});

it("finds every column of people, companies and topics in their upsert input and their bundle declaration", () => {
  const inputs = { people: [UpsertPersonInput, personSchema], companies: [UpsertCompanyInput, companySchema], topics: [UpsertTopicInput, topicSchema] } as const;
  for (const [kind, [input, schema]] of Object.entries(inputs)) {
    const { columns } = SLUGGED[kind as keyof typeof SLUGGED];
    expect(columns.length).toBeGreaterThan(0);
    for (const { property } of columns) expect({ kind, property, input: inputFields(input).includes(property), bundle: property in schema.shape }).toEqual({ kind, property, input: true, bundle: true });
  }
});

it("finds every column a source states as stored in the bundle's source", () => {
  expect(STATED_SOURCE_COLUMNS.map((column) => column.property).sort()).toEqual(["kind", "publisher", "sections", "title", "url"]);
  for (const { property } of STATED_SOURCE_COLUMNS) expect({ property, bundle: property in sourceSchema.shape }).toEqual({ property, bundle: true });
});
