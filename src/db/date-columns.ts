import { type FuzzyDateValue } from "../domain/edtf";

/** The four stored columns of a fuzzy date, named `<prefix>_edtf` and so on. */
export function dateColumns<P extends string>(prefix: P, date: FuzzyDateValue | null): Record<`${P}_${"edtf" | "earliest" | "latest" | "precision"}`, string | null> {
  return {
    [`${prefix}_edtf`]: date?.edtf ?? null,
    [`${prefix}_earliest`]: date?.earliest ?? null,
    [`${prefix}_latest`]: date?.latest ?? null,
    [`${prefix}_precision`]: date?.precision ?? null,
  } as Record<`${P}_${"edtf" | "earliest" | "latest" | "precision"}`, string | null>;
}
