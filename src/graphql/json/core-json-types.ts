import { PAGE_INFO_JSON } from "./json-connection";
import { type JsonTypes, value } from "./json-fields";

/**
 * The JSON fields of the graphql layer's own types, over the views their parents give them: a
 * fuzzy date's stored columns (`edtf`, `earliest`, `latest`), a span's ends, a page's info.
 * FuzzyDate's parts read off the EDTF string (year, precision, …) have none yet: an operation
 * that selects them runs through the GraphQL layer.
 */
export const CORE_JSON_TYPES: JsonTypes = {
  FuzzyDate: {
    edtf: value((row) => row.column("edtf")),
    earliest: value((row) => row.column("earliest")),
    latest: value((row) => row.column("latest")),
  },
  TextSpan: {
    start: value((row) => row.column("start")),
    end: value((row) => row.column("end")),
  },
  ...PAGE_INFO_JSON,
};
