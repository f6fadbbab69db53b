import { absent, embedded, type JsonField, type JsonTypes, prefixedRow, related, relatedList, type Row, value, viewRow } from "../graphql/json/json-fields";
import { STEPS_OF_PERSON } from "./career-step.loaders";

/** A fuzzy date of a step (`start_…` or `end_…` columns): null when any of them is, as FuzzyDate.fromColumns reads it. */
function fuzzyDate(prefix: string): JsonField {
  return embedded(
    (row) => prefixedRow(row, prefix),
    (row) => ["edtf", "earliest", "latest"].map((column) => `${row.column(`${prefix}${column}`)} IS NULL`).join(" OR "),
  );
}

/** The evidence of a step as a Passage sees it: its source, span, and the revision it stands in (the anchor's, else the source's current one). */
function evidenceView(row: Row): Row {
  return viewRow({
    source_id: row.column("source_id"),
    start: row.column("evidence_start"),
    end: row.column("evidence_end"),
    revision: `coalesce(${row.column("anchor_revision")}, (SELECT s.revision FROM sources s WHERE s.id = ${row.column("source_id")}))`,
  });
}

/** How career steps and a person's timeline are written as JSON by PostgreSQL (the resolvers' answers, in SQL). */
export const CAREER_STEP_JSON: JsonTypes = {
  Person: {
    careerTimeline: (field) => {
      absent(field, "during");
      return relatedList(STEPS_OF_PERSON)(field);
    },
  },
  CareerStep: {
    isCurrent: value((row) => row.column("end_open")),
    start: fuzzyDate("start_"),
    end: fuzzyDate("end_"),
    person: related("people", (row) => row.column("person_id")),
    company: related("companies", (row) => row.column("company_id")),
    source: related("sources", (row) => row.column("source_id")),
    evidence: embedded(evidenceView, (row) => ["source_id", "evidence_start", "evidence_end"].map((column) => `${row.column(column)} IS NULL`).join(" OR ")),
  },
};
