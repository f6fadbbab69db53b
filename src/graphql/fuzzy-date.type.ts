import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DatePrecision, type FuzzyDateValue, parseEdtf } from "../domain/edtf";

registerEnumType(DatePrecision, {
  name: "DatePrecision",
  description: "How precisely a date is known.",
  valuesConfig: {
    YEAR: { description: "Only the year is known." },
    MONTH: { description: "The year and month are known." },
    DAY: { description: "The exact day is known." },
  },
});

/** The stored form of a fuzzy date: an EDTF string and its inclusive bounds (ISO dates). */
export interface FuzzyDateColumns {
  edtf: string | null;
  earliest: string | null;
  latest: string | null;
}

/**
 * A date as honest as its evidence: "2016~" (about 2016), "2023" or "2023-05-10", with the
 * bounds that sorting and overlap use. Everything but the bounds is read off the EDTF string.
 */
@ObjectType("FuzzyDate", {
  simpleResolvers: true,
  description:
    'A date as precise as its evidence, stored as an EDTF level-1 string ("2016~" is about 2016) with inclusive bounds. Sort and compare by `earliest`/`latest`.',
})
export class FuzzyDate {
  @Field({ description: 'The date in EDTF level 1, e.g. "2016~", "2023", "2023-05", "2023-05-10?".' })
  edtf: string;

  @Field(() => Int, { description: "The year as written." })
  year: number;

  @Field(() => Int, { nullable: true, description: "The month (1-12), when known." })
  month: number | null;

  @Field(() => Int, { nullable: true, description: "The day of the month, when known." })
  day: number | null;

  @Field(() => DatePrecision, { description: "Whether the year, the month or the day is known." })
  precision: DatePrecision;

  @Field({ description: "EDTF `~` (or `%`): the date is approximate, e.g. \"almost seven years ago\"." })
  approximate: boolean;

  @Field({ description: "EDTF `?` (or `%`): the source is not sure of the date." })
  uncertain: boolean;

  @Field({ description: "Earliest day the date can mean (ISO 8601, inclusive)." })
  earliest: string;

  @Field({ description: "Latest day the date can mean (ISO 8601, inclusive)." })
  latest: string;

  /** Builds the GraphQL value from stored columns; null when no date is stored. */
  static fromColumns(columns: FuzzyDateColumns): FuzzyDate | null {
    if (columns.edtf === null || columns.earliest === null || columns.latest === null) return null;
    return Object.assign(new FuzzyDate(), parseStored(columns.edtf), { earliest: columns.earliest, latest: columns.latest });
  }
}

/** How many stored EDTF strings keep their parse (they are few: the same dates recur across steps). */
const PARSES_KEPT = 10_000;
const parses = new Map<string, FuzzyDateValue>();

/** A stored EDTF string, parsed once rather than on every read of every step. */
function parseStored(edtf: string): FuzzyDateValue {
  let parsed = parses.get(edtf);
  if (parsed === undefined) {
    if (parses.size >= PARSES_KEPT) parses.clear();
    parsed = parseEdtf(edtf);
    parses.set(edtf, parsed);
  }
  return parsed;
}
