/**
 * The normalised answers the three servers must agree on. Every normaliser maps its server's
 * JSON to these plain shapes; equality is then deep equality of JSON.
 */

/** @param {{ slug: string, name: string }} x */
export const named = (x) => ({ slug: x.slug, name: x.name });

/** A fuzzy date as { edtf, earliest, latest }, or null. */
export const fuzzy = (edtf, earliest, latest) => (edtf === null || edtf === undefined ? null : { edtf, earliest, latest });

/** Lists whose order one server cannot choose (PostGraphile's many-to-many) compare by slug. */
export const bySlug = (items) => [...items].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));

/** The first difference between two normalised answers, as a path and both values; null when equal. */
export function firstDifference(a, b, path = "$") {
  if (Object.is(a, b)) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return { path, left: a, right: b };
  }
  if (Array.isArray(a) && a.length !== b.length) return { path: `${path}.length`, left: a.length, right: b.length };
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const difference = firstDifference(a[key], b[key], Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`);
    if (difference) return difference;
  }
  return null;
}
