/**
 * Marks a field whose statement reads a whole table, or all of a filtered list (a count, a
 * statistic, a search ranked over every match): `@Extensions(scanOf("quotes"))`, or
 * `scanOf("quotes", { when: "filter.search" })` for a field that scans only when that argument
 * is given. The query limits price such a field by the rows the table holds
 * (apollo/query-limits.ts).
 *
 * `readsInstead` is for a field that reads less than its table when the arguments of the field
 * holding its object allow: a count read from counts kept at write time reads a handful of rows,
 * and a breakdown of them a row per topic, company or person, however many quotes there are.
 */
export function scanOf(table: string, { when, readsInstead }: { when?: string; readsInstead?: ReadsInstead } = {}): ScanExtension {
  return { scans: { table, ...(when === undefined ? {} : { when }), ...(readsInstead === undefined ? {} : { readsInstead }) } };
}

/** The extension `scanOf` puts on a field, which the query limits read. */
export interface ScanExtension {
  scans: Scan;
}

/** A field's scan: its table, when it scans, and what it reads instead when it can. */
export interface Scan {
  /** The table the field's statement may read whole. */
  table: string;
  /** A path to an argument of the field (`filter.search`): the field scans only when it holds a value. */
  when?: string;
  /** What the field reads instead of `table`, given the field that holds its object; null: all of `table`. */
  readsInstead?: ReadsInstead;
}

/** The field whose object holds a scanning field: its arguments, and the name of the type it is a field of. */
export interface HoldingField {
  args: Record<string, unknown>;
  parentType: string;
}

/** What a field reads instead of its table: about a row per row of another table, or a few rows. */
export type ScanReading = { table: string } | "few rows";

/** Given the holding field, what a scanning field reads instead of its table; null when it reads the table. */
export type ReadsInstead = (holder: HoldingField) => ScanReading | null;
