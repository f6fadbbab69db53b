/**
 * Marks a field whose statement reads a whole table, or all of a filtered list (a count, a
 * statistic, a search ranked over every match): `@Extensions(scanOf("quotes"))`, or
 * `scanOf("quotes", "filter.search")` for a field that scans only when that argument is given.
 * The query limits price such a field by the rows the table holds (apollo/query-limits.ts).
 */
export function scanOf(table: string, when?: string): { scans: { table: string; when?: string } } {
  return { scans: when === undefined ? { table } : { table, when } };
}
