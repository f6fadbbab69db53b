import { type EntityManager } from "typeorm";
import { BodyText } from "../domain/body-text";
import { ProblemList } from "../domain/problems";
import { acceptOrRefuse, idsBySlug, lockVersioned, reportUnknown } from "../db/writes";
import { anchor, locateSections, sectionAt } from "../domain/passages";
import { ConflictError, ConflictReason } from "../errors";
import { type AddQuoteInput, type UpdateQuoteInput } from "./quote.inputs";
import { toGlobalId } from "../domain/global-id";

/** How many characters around a quote are kept to re-anchor it when its text is corrected (README.md, "The write path"). */
const CONTEXT_KEPT = 32;

/** A quote's place in its body: what the database checks against the body on every write. */
interface Anchored {
  text: string;
  span_start: number;
  span_end: number;
  prefix: string;
  suffix: string;
  section: string | null;
}

interface SourceText {
  id: string;
  body: string;
  sections: string[];
}

/**
 * Edits quotes, in the caller's transaction. Every input is checked in full before anything is
 * written, and every problem is reported at once, under its input path.
 */
export const quoteWriteService = {
  async add(manager: EntityManager, input: AddQuoteInput): Promise<{ id: string; warnings: string[] }> {
    const problems = new ProblemList("");
    // FOR SHARE: a correction of the source (reviseSource locks it FOR UPDATE) waits, or is waited for; the span is found in the body it will refer to.
    const [source] = await manager.query<SourceText[]>("SELECT id, body, sections FROM sources WHERE slug = $1 FOR SHARE", [input.source]);
    if (source === undefined) problems.error("input.source", `unknown source "${input.source}"`);
    const speakers = await idsBySlug(manager, "people", [input.speaker]);
    reportUnknown(problems, speakers, "person", input.speaker, "input.speaker");
    const links = await resolveLinks(manager, input, problems);
    const anchored = source === undefined ? null : anchorIn(source, input.text, input.occurrence, problems);
    const warnings = acceptOrRefuse(problems);
    if (source === undefined || anchored === null) throw new Error("internal: checked input without a place");

    await refuseTakenSpan(manager, source.id, anchored, null);
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO quotes (source_id, speaker_id, text, span_start, span_end, prefix, suffix, section)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [source.id, speakers.get(input.speaker), anchored.text, anchored.span_start, anchored.span_end, anchored.prefix, anchored.suffix, anchored.section],
    );
    if (row === undefined) throw new Error("internal: insert returned no row");
    await setLinks(manager, row.id, "quote_topics", "topic_id", links.topics ?? []);
    await setLinks(manager, row.id, "quote_companies", "company_id", links.companies ?? []);
    return { id: row.id, warnings };
  },

  async update(manager: EntityManager, id: string, input: UpdateQuoteInput): Promise<{ warnings: string[] }> {
    await lockVersioned(manager, "quotes", "Quote", id, input.expectedVersion);
    const [quote] = await manager.query<Array<Anchored & { source_id: string; speaker_id: string; body: string; sections: string[] }>>(
      `SELECT q.source_id, q.speaker_id, q.text, q.span_start, q.span_end, q.prefix, q.suffix, q.section, s.body, s.sections
         FROM quotes q JOIN sources s ON s.id = q.source_id WHERE q.id = $1 FOR SHARE OF s`,
      [id],
    );
    if (quote === undefined) throw new Error("internal: a locked quote vanished");
    const problems = new ProblemList("");
    const speakers = input.speaker === undefined ? new Map<string, string>() : await idsBySlug(manager, "people", [input.speaker]);
    if (input.speaker !== undefined) reportUnknown(problems, speakers, "person", input.speaker, "input.speaker");
    const links = await resolveLinks(manager, input, problems);
    const reanchor = input.text !== undefined || input.occurrence != null;
    const source = { id: quote.source_id, body: quote.body, sections: quote.sections };
    const anchored = reanchor ? anchorIn(source, input.text ?? quote.text, input.occurrence, problems) : null;
    const warnings = acceptOrRefuse(problems);

    const wanted: Record<string, unknown> = { ...(anchored ?? {}), ...(input.speaker === undefined ? {} : { speaker_id: speakers.get(input.speaker) }) };
    const changed = Object.keys(wanted).filter((column) => wanted[column] !== (quote as unknown as Record<string, unknown>)[column]);
    if (anchored !== null && (anchored.span_start !== quote.span_start || anchored.span_end !== quote.span_end)) {
      await refuseTakenSpan(manager, quote.source_id, anchored, id);
    }
    if (changed.length > 0) {
      await manager.query(`UPDATE quotes SET ${changed.map((column, i) => `${column} = $${i + 2}`).join(", ")} WHERE id = $1`, [id, ...changed.map((column) => wanted[column])]);
    }
    const topicsChanged = links.topics !== undefined && (await setLinks(manager, id, "quote_topics", "topic_id", links.topics));
    const companiesChanged = links.companies !== undefined && (await setLinks(manager, id, "quote_companies", "company_id", links.companies));
    const relinked = topicsChanged || companiesChanged;
    // Links are part of the quote: its version rises with them.
    if (relinked && changed.length === 0) await manager.query("UPDATE quotes SET updated_at = now() WHERE id = $1", [id]);
    return { warnings };
  },

  async remove(manager: EntityManager, id: string, expectedVersion: number | null | undefined): Promise<void> {
    await lockVersioned(manager, "quotes", "Quote", id, expectedVersion);
    // Its topic and company links go with it (ON DELETE CASCADE), and into the audit event.
    await manager.query("DELETE FROM quotes WHERE id = $1", [id]);
  },
};

/** Finds the text in the source's body, as the importer does; problems go under `input.text`. */
function anchorIn(source: SourceText, text: string, occurrence: number | null | undefined, problems: ProblemList): Anchored | null {
  const body = new BodyText(source.body);
  const match = anchor(body, text, occurrence ?? undefined, "input.text", problems);
  if (match === null) return null;
  // The source's headings were checked when it was imported: they are found.
  const headings = locateSections(body, source.sections, new ProblemList(""));
  return {
    text: match.text,
    span_start: match.start,
    span_end: match.end,
    prefix: body.prefix(match.start, CONTEXT_KEPT),
    suffix: body.suffix(match.end, CONTEXT_KEPT),
    section: sectionAt(headings, match.start),
  };
}

/** A passage of the current text is one quote: a second quote at the same span is CONFLICT, naming the first (an ORPHANED quote's span is in an earlier revision). */
async function refuseTakenSpan(manager: EntityManager, sourceId: string, anchored: Anchored, exceptId: string | null): Promise<void> {
  const [taken] = await manager.query<Array<{ id: string }>>(
    "SELECT id FROM quotes WHERE source_id = $1 AND span_start = $2 AND span_end = $3 AND anchor_status <> 'ORPHANED' AND id IS DISTINCT FROM $4::uuid",
    [sourceId, anchored.span_start, anchored.span_end, exceptId],
  );
  if (taken !== undefined) {
    throw new ConflictError(`input.text: this passage [${anchored.span_start}, ${anchored.span_end}) is already quote ${toGlobalId("Quote", taken.id)}`, ConflictReason.ALREADY_EXISTS, {
      argumentPath: "input.text",
      existingId: toGlobalId("Quote", taken.id),
    });
  }
}

/** The ids of the topics and companies an input names (undefined where it names none). */
async function resolveLinks(
  manager: EntityManager,
  input: { topics?: string[] | null; companies?: string[] | null },
  problems: ProblemList,
): Promise<{ topics?: string[]; companies?: string[] }> {
  const resolve = async (table: "topics" | "companies", noun: string, slugs: string[] | null | undefined) => {
    if (slugs == null) return undefined;
    slugs.forEach((slug, index) => {
      if (slugs.indexOf(slug) !== index) problems.error(`input.${table}[${index}]`, `"${slug}" is listed twice`);
    });
    const ids = await idsBySlug(manager, table, slugs);
    reportUnknown(problems, ids, noun, slugs, `input.${table}`);
    return slugs.flatMap((slug) => ids.get(slug) ?? []);
  };
  return { topics: await resolve("topics", "topic", input.topics), companies: await resolve("companies", "company", input.companies) };
}

/** Makes a quote's links exactly `wanted`; true when that changed any. */
async function setLinks(manager: EntityManager, quoteId: string, table: "quote_topics" | "quote_companies", column: "topic_id" | "company_id", wanted: string[]): Promise<boolean> {
  const current = (await manager.query<Array<{ id: string }>>(`SELECT ${column} AS id FROM ${table} WHERE quote_id = $1`, [quoteId])).map((row) => row.id);
  const drop = current.filter((id) => !wanted.includes(id));
  const add = wanted.filter((id) => !current.includes(id));
  if (drop.length > 0) await manager.query(`DELETE FROM ${table} WHERE quote_id = $1 AND ${column} = ANY($2::uuid[])`, [quoteId, drop]);
  if (add.length > 0) await manager.query(`INSERT INTO ${table} (quote_id, ${column}) SELECT $1, unnest($2::uuid[])`, [quoteId, add]);
  return drop.length + add.length > 0;
}
