import { countOf, cutPage, type Page, pageLimit, pageRequest, totalColumn } from "../graphql/connection";
import { CursorCodec } from "../graphql/cursor";
import { type Context } from "../graphql/context";
import { type ConnectionPlan, NO_CONNECTION_PLAN } from "../graphql/read/prefetch";
import { hydratePrefetched, prefetchColumns, type Prefetching } from "../graphql/read/select";
import { entityColumns, SqlParameters } from "../db/sql";
import { middleDay } from "../domain/edtf";
import { Certainty, type DayInterval, isDuring, parsePeriod, type StepDates } from "../domain/step-time";
import { CareerStep } from "./career-step.entity";
import { type CareerStepFilter } from "./career-step-time.inputs";
import { TIMELINE_ORDER } from "./career-step.loaders";

/** A list of steps' position: the middle and the earliest bound of the start (infinity when unknown), and the id. */
const CURSOR = new CursorCodec("career_steps", ["date", "date", "uuid"]);

/** Which steps overlap a period, and how surely. */
export interface During {
  period: DayInterval;
  certainty: Certainty;
}

/** The `during` of a field's arguments, read (they were validated: a bad period never gets here). */
export function duringOf(args: { during?: string | null; certainty?: Certainty | null }): During | null {
  if (args.during === null || args.during === undefined) return null;
  return { period: parsePeriod(args.during), certainty: args.certainty ?? Certainty.POSSIBLY };
}

/** The steps of a list that overlap a period (all of them without one), in their order. */
export function stepsDuring<T extends StepDates>(steps: T[], during: During | null, today: string): T[] {
  return during === null ? steps : steps.filter((step) => isDuring(step, during.period, during.certainty, today));
}

/**
 * The SQL condition of `during` on the steps at `cs`: an overlap of the stored interval (what the
 * GiST index answers), and, for an interval that the database leaves unbounded because the step
 * goes on or its end is unknown, an overlap of the period cut at today (domain/step-time.ts).
 */
export function duringCondition(cs: string, during: During, today: string, params: SqlParameters): string {
  const column = during.certainty === Certainty.CERTAINLY ? `${cs}.certain` : `${cs}.possible`;
  const period = `daterange(${params.add(during.period.from, "date")}, ${params.add(during.period.to, "date")}, '[]')`;
  return `${column} && ${period} AND (NOT upper_inf(${column}) OR ${column} && ${period} * daterange(NULL, ${params.add(today, "date")}, '[]'))`;
}

/** Reads career steps. */
export const careerStepService = {
  /**
   * A page of every step that a filter keeps, oldest first (the timelines' order), in one
   * statement with what the selection prefetches. Keyset pagination on (start's middle, start's
   * earliest bound, id); `during` is answered by the GiST index of the interval it asks about.
   */
  async page(context: Context, args: { first: number | null; after: string | null; filter: CareerStepFilter | null }, today: string, plan: ConnectionPlan = NO_CONNECTION_PLAN): Promise<Page<CareerStep>> {
    const request = pageRequest(args);
    const after = request.after === null ? null : CURSOR.decode(request.after);
    const filter = args.filter ?? {};
    const params = new SqlParameters();
    const conditions: string[] = [];
    if (filter.people?.length) conditions.push(`cs.person_id IN (SELECT p.id FROM people p WHERE p.slug = ANY(${params.add([...new Set(filter.people)], "text[]")}))`);
    if (filter.companies?.length) conditions.push(`cs.company_id IN (SELECT c.id FROM companies c WHERE c.slug = ANY(${params.add([...new Set(filter.companies)], "text[]")}))`);
    const during = duringOf(filter);
    if (during !== null) conditions.push(duringCondition("cs", during, today, params));
    if (typeof filter.current === "boolean") conditions.push(filter.current ? "cs.end_open" : "NOT cs.end_open");
    const filtered = conditions.length > 0 ? conditions.join(" AND ") : "true";
    const filterValues = [...params.values];
    if (after !== null) {
      const [middle, earliest, id] = after;
      // Unknown starts (middle: infinity, earliest: null) come last, by id; before them the row comparison decides.
      conditions.push(
        middle === "infinity"
          ? `cs.start_middle = 'infinity' AND cs.id > ${params.add(id, "uuid")}`
          : `(cs.start_middle, cs.start_earliest, cs.id) > (${params.add(middle, "date")}, ${params.add(earliest, "date")}, ${params.add(id, "uuid")})`,
      );
    }
    const prefetching: Prefetching = { prefetch: context.prefetch, plan: plan.nodes, total: plan.total };
    const total = plan.total ? totalColumn("career_steps cs", filtered) : "";
    const rows = await context.reader.query<Array<Record<string, unknown>>>(
      `SELECT ${entityColumns(context.reader, CareerStep, "cs")}${prefetchColumns(prefetching, CareerStep, "cs")}${total} FROM career_steps cs
        WHERE ${conditions.length > 0 ? conditions.join(" AND ") : "true"}
        ORDER BY ${TIMELINE_ORDER("cs")} ${pageLimit(request)}`,
      params.values,
    );
    return cutPage(
      rows.map((row) => hydratePrefetched(CareerStep, row, context.reader, prefetching)),
      request,
      (step) => ({ node: step, cursor: CURSOR.encode(cursorKey(step)) }),
      countOf(rows, async () => {
        const [row] = await context.reader.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM career_steps cs WHERE ${filtered}`, filterValues);
        return row?.count ?? 0;
      }),
    );
  },
};

/** A step's place in the timelines' order, as its cursor holds it. */
function cursorKey(step: CareerStep): [string, string, string] {
  if (step.startEarliest === null || step.startLatest === null) return ["infinity", "infinity", step.id];
  return [middleDay(step.startEarliest, step.startLatest), step.startEarliest, step.id];
}
