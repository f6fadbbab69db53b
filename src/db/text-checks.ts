/**
 * The database's floor for a name, a title or a label: not blank, by the rule the API and the
 * bundles apply (domain/rules.ts: a text whose JavaScript `trim()` is empty is blank). The class
 * is the white space `trim()` removes: tabs and line ends, spaces, no-break and ideographic
 * spaces, the other Unicode space separators, the line and paragraph separators, and the BOM.
 * Written as escapes, so the check reads the same on every server whatever its locale.
 */
const TRIMMED_SPACE = "\\u0009-\\u000d\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

/** A CHECK expression: `column` holds something besides white space. */
export function notBlank(column: string): string {
  return `${column} ~ '[^${TRIMMED_SPACE}]'`;
}
