/**
 * The stored columns of a career step that say what it is (not its id, source or bookkeeping),
 * with their SQL types: what the importer and the editor's mutations compare and write.
 */
export const STEP_COLUMN_TYPES = {
  person_id: "uuid",
  company_id: "uuid",
  title: "text",
  start_edtf: "text",
  start_earliest: "date",
  start_latest: "date",
  start_precision: "text",
  end_edtf: "text",
  end_earliest: "date",
  end_latest: "date",
  end_precision: "text",
  end_open: "boolean",
  evidence_start: "int",
  evidence_end: "int",
} as const;

export type StepColumn = keyof typeof STEP_COLUMN_TYPES;

export const STEP_COLUMNS = Object.keys(STEP_COLUMN_TYPES) as StepColumn[];

/** A select-list item for a step column, dates as ISO strings (as they are compared). */
export function readStepColumn(column: StepColumn, alias = ""): string {
  const name = `${alias}${column}`;
  return STEP_COLUMN_TYPES[column] === "date" ? `to_char(${name}, 'YYYY-MM-DD') AS ${column}` : name;
}
