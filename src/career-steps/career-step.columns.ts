import { dateColumns } from "../db/date-columns";
import { contentColumns, type EntityColumn } from "../db/entity-columns";
import { CareerStep } from "./career-step.entity";

/**
 * The columns the write paths compute from what an editor or a bundle states: ids from slugs,
 * dates from EDTF, the evidence's span from its words. Every other column of a step is stated as
 * it is stored, under its property's name (`title`): a column added to the entity and to the
 * inputs is written by the editor's mutations and the importer with nothing else to change.
 */
const COMPUTED = new Set([
  "person_id",
  "company_id",
  ...Object.keys(dateColumns("start", null)),
  ...Object.keys(dateColumns("end", null)),
  "end_open",
  "source_id",
  "evidence_start",
  "evidence_end",
]);

/** A step's columns that say what it is, derived from the entity: not its id, version, timestamps, or the source it belongs to. */
export const STEP_COLUMNS: readonly EntityColumn[] = contentColumns(CareerStep).filter((column) => column.column !== "source_id");

/** The columns stated as they are stored (`title`): by property in the inputs and the bundles. */
export const STATED_STEP_COLUMNS: readonly EntityColumn[] = STEP_COLUMNS.filter((column) => !COMPUTED.has(column.column));
