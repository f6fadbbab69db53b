import { type EntityManager } from "typeorm";
import { BodyText } from "../domain/body-text";
import { dateColumns } from "../db/date-columns";
import { ProblemList } from "../domain/problems";
import { acceptOrRefuse, idsBySlug, lockVersioned, reportUnknown } from "../db/writes";
import { anchor, parseStepDates } from "../domain/passages";
import { readColumn, valuesByColumn } from "../db/entity-columns";
import { STATED_STEP_COLUMNS, STEP_COLUMNS } from "./career-step.columns";
import { type AddCareerStepInput, type UpdateCareerStepInput } from "./career-step.inputs";

/** A step as an editor states it: slugs, EDTF strings, the evidence's words. */
interface StatedStep {
  person: string;
  company: string;
  /** The fields stored as stated (`title`), by property. */
  stated: Record<string, unknown>;
  start: string | null;
  /** EDTF, `..` (goes on), or null (unknown). */
  end: string | null;
  source: string | null;
  evidence: string | null;
  occurrence: number | null;
}

/** The columns an editor's step sets: what it is, and where it is told. */
const COLUMNS = [...STEP_COLUMNS.map((column) => column.column), "source_id"];

type StepRow = Record<string, unknown>;

/**
 * Edits career steps, in the caller's transaction, with the importer's rules: dates read and
 * bounded as EDTF, evidence found in the source's body. Every problem is reported at once.
 */
export const careerStepWriteService = {
  async add(manager: EntityManager, input: AddCareerStepInput): Promise<{ id: string; warnings: string[] }> {
    const { row, warnings } = await rowOf(manager, {
      person: input.person,
      company: input.company,
      stated: Object.fromEntries(STATED_STEP_COLUMNS.map(({ property }) => [property, (input as unknown as Record<string, unknown>)[property] ?? null])),
      start: input.start ?? null,
      end: input.end ?? null,
      source: input.source ?? null,
      evidence: input.evidence ?? null,
      occurrence: input.occurrence ?? null,
    });
    const [inserted] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO career_steps (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING id`,
      COLUMNS.map((column) => row[column]),
    );
    if (inserted === undefined) throw new Error("internal: insert returned no row");
    return { id: inserted.id, warnings };
  },

  async update(manager: EntityManager, id: string, input: UpdateCareerStepInput): Promise<{ warnings: string[] }> {
    await lockVersioned(manager, "career_steps", "CareerStep", id, input.expectedVersion);
    const current = await statedStep(manager, id);
    const sourceChanged = input.source !== undefined && input.source !== current.source;
    const stated: StatedStep = {
      person: input.person ?? current.person,
      company: input.company ?? current.company,
      stated: Object.fromEntries(
        STATED_STEP_COLUMNS.map(({ property }) => {
          const given = (input as unknown as Record<string, unknown>)[property];
          return [property, given !== undefined ? given : current.stated[property]];
        }),
      ),
      start: input.start !== undefined ? input.start : current.start,
      end: input.end !== undefined ? input.end : current.end,
      source: input.source !== undefined ? input.source : current.source,
      // Without a source there is no evidence; a new source is searched for the same words.
      evidence: input.evidence !== undefined ? input.evidence : input.source === null ? null : current.evidence,
      occurrence: input.occurrence ?? (input.evidence === undefined && !sourceChanged ? current.occurrence : null),
    };
    // Evidence not restated stays where it is: found again, it could land on other words (an
    // ORPHANED step's span refers to an earlier revision; a repeated passage has several places).
    const keepEvidence = input.evidence === undefined && input.source === undefined && input.occurrence == null;
    const { row, warnings } = await rowOf(manager, keepEvidence ? { ...stated, source: null, evidence: null, occurrence: null } : stated);
    const [stored] = await manager.query<StepRow[]>(`SELECT ${STEP_COLUMNS.map((column) => readColumn(column)).join(", ")}, source_id FROM career_steps WHERE id = $1`, [id]);
    if (keepEvidence) for (const column of ["source_id", "evidence_start", "evidence_end"]) row[column] = stored?.[column] ?? null;
    const changed = COLUMNS.filter((column) => JSON.stringify(row[column]) !== JSON.stringify(stored?.[column] ?? null));
    if (changed.length > 0) {
      await manager.query(`UPDATE career_steps SET ${changed.map((column, i) => `${column} = $${i + 2}`).join(", ")} WHERE id = $1`, [id, ...changed.map((column) => row[column])]);
    }
    return { warnings };
  },

  async remove(manager: EntityManager, id: string, expectedVersion: number | null | undefined): Promise<void> {
    await lockVersioned(manager, "career_steps", "CareerStep", id, expectedVersion);
    await manager.query("DELETE FROM career_steps WHERE id = $1", [id]);
  },
};

/** The columns of a stated step, after checking all of it; problems are named by input path. */
async function rowOf(manager: EntityManager, step: StatedStep): Promise<{ row: StepRow; warnings: string[] }> {
  const problems = new ProblemList("");
  const people = await idsBySlug(manager, "people", [step.person]);
  reportUnknown(problems, people, "person", step.person, "input.person");
  const companies = await idsBySlug(manager, "companies", [step.company]);
  reportUnknown(problems, companies, "company", step.company, "input.company");
  const dates = parseStepDates(step.start, step.end, "input", problems);
  // FOR SHARE: a correction of the source waits, or is waited for; the evidence is found in the body it will refer to.
  const [source] = step.source === null ? [] : await manager.query<Array<{ id: string; body: string }>>("SELECT id, body FROM sources WHERE slug = $1 FOR SHARE", [step.source]);
  if (step.source !== null && source === undefined) problems.error("input.source", `unknown source "${step.source}"`);
  if (step.evidence !== null && step.source === null) problems.error("input.evidence", "evidence needs the source it stands in: give input.source");
  if (step.evidence === null && step.occurrence !== null) problems.error("input.occurrence", "an occurrence needs evidence to pick from");
  const evidence = step.evidence !== null && source !== undefined ? anchor(new BodyText(source.body), step.evidence, step.occurrence ?? undefined, "input.evidence", problems) : null;
  const warnings = acceptOrRefuse(problems);
  return {
    row: {
      ...valuesByColumn(STATED_STEP_COLUMNS, step.stated),
      person_id: people.get(step.person),
      company_id: companies.get(step.company),
      ...dateColumns("start", dates.start),
      ...dateColumns("end", dates.end),
      end_open: dates.endOpen,
      source_id: source?.id ?? null,
      evidence_start: evidence?.start ?? null,
      evidence_end: evidence?.end ?? null,
    },
    warnings,
  };
}

/** A stored step as an editor would state it: its evidence as words, with their occurrence. */
async function statedStep(manager: EntityManager, id: string): Promise<StatedStep> {
  const [row] = await manager.query<
    Array<
      Record<string, unknown> & { person: string; company: string; start_edtf: string | null; end_edtf: string | null; end_open: boolean; source: string | null; body: string | null; evidence_start: number | null; evidence_end: number | null }
    >
  >(
    `SELECT ${STATED_STEP_COLUMNS.map((column) => readColumn(column, "cs.")).join(", ")},
            p.slug AS person, c.slug AS company, cs.start_edtf, cs.end_edtf, cs.end_open, s.slug AS source, r.body, cs.evidence_start, cs.evidence_end
       FROM career_steps cs JOIN people p ON p.id = cs.person_id JOIN companies c ON c.id = cs.company_id LEFT JOIN sources s ON s.id = cs.source_id
       -- The evidence's words are those of the revision its span refers to (an earlier one when ORPHANED).
       LEFT JOIN source_revisions r ON r.source_id = cs.source_id AND r.number = cs.anchor_revision
      WHERE cs.id = $1`,
    [id],
  );
  if (row === undefined) throw new Error("internal: a locked step vanished");
  let evidence: string | null = null;
  let occurrence: number | null = null;
  if (row.body !== null && row.evidence_start !== null && row.evidence_end !== null) {
    const body = new BodyText(row.body);
    evidence = body.slice(row.evidence_start, row.evidence_end);
    const matches = body.findExact(evidence);
    occurrence = matches.length > 1 ? matches.findIndex((match) => match.start === row.evidence_start) + 1 : null;
  }
  return {
    person: row.person,
    company: row.company,
    stated: Object.fromEntries(STATED_STEP_COLUMNS.map(({ property, column }) => [property, row[column]])),
    start: row.start_edtf,
    end: row.end_open ? ".." : row.end_edtf,
    source: row.source,
    evidence,
    occurrence,
  };
}
