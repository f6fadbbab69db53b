import { type EntityManager } from "typeorm";
import { BodyText, bodySha256 } from "../domain/body-text";
import { locateSections, sectionAt } from "../domain/passages";
import { ProblemList } from "../domain/problems";
import { type AnchorStatus, type Reanchored } from "../domain/re-anchor";
import { reanchorHere, type Reanchorer } from "./re-anchoring";
import { acceptOrRefuse, lockVersioned } from "../db/writes";

/** Code points of context kept either side of a quote (the database checks them: quotes_text_matches_body). */
const CONTEXT_KEPT = 32;

/** A span in code points. */
export interface Span {
  start: number;
  end: number;
}

/** What a correction did to one quote or career step. */
export interface RevisedAnchor {
  type: "Quote" | "CareerStep";
  id: string;
  status: AnchorStatus;
  score: number;
  /** Its span in the body it referred to before. */
  previousSpan: Span;
  /** Its span in the new body; null when ORPHANED. */
  span: Span | null;
}

/** A correction made: the new revision's number and every anchor's outcome. */
export interface Revision {
  number: number;
  anchors: RevisedAnchor[];
}

/** The source being corrected, as stored. */
export interface RevisedSource {
  id: string;
  revision: number;
  body: string;
}

/**
 * Makes `body` (NFC, different from the current one) the source's next revision and carries
 * every quote and career step that stands in the current text over to it (domain/re-anchor.ts):
 * EXACT, SHIFTED and FUZZY ones move to their new span (a FUZZY one takes the new words, keeps
 * the old ones as `previous_text`, and its review goes back to UNREVIEWED); ORPHANED ones keep
 * their words and span in the revision they stand in. Spans ORPHANED before stay as they are.
 * `sections` are the headings of the new body (found in it: the caller checked). Seven
 * statements in the caller's transaction, whatever the number of spans.
 */
export async function reviseBody(
  manager: EntityManager,
  source: RevisedSource,
  body: string,
  sections: string[],
  note: string | null,
  reanchorWith: Reanchorer = reanchorHere,
): Promise<Revision> {
  const number = source.revision + 1;
  const text = new BodyText(body);
  const headings = locateSections(text, sections, new ProblemList(""));
  // Quotes may trade places (a sentence moved): the span of each is unique once all have moved.
  await manager.query("SET CONSTRAINTS quotes_span_key DEFERRED");
  const quotes = await manager.query<Array<{ id: string; start: number; end: number; text: string }>>(
    `SELECT id, span_start AS start, span_end AS "end", text FROM quotes WHERE source_id = $1 AND anchor_status <> 'ORPHANED' ORDER BY span_start, span_end, id`,
    [source.id],
  );
  const steps = await manager.query<Array<{ id: string; start: number; end: number }>>(
    `SELECT id, evidence_start AS start, evidence_end AS "end" FROM career_steps
      WHERE source_id = $1 AND evidence_start IS NOT NULL AND anchor_status <> 'ORPHANED' ORDER BY evidence_start, id`,
    [source.id],
  );
  const { quotes: quoteOutcomes, steps: stepOutcomes } = await reanchorWith({ oldBody: source.body, newBody: body, quotes: spansOf(quotes), steps: spansOf(steps) });

  const sha256 = bodySha256(body);
  await manager.query(`INSERT INTO source_revisions (source_id, number, body, body_sha256, note) VALUES ($1, $2, $3, $4, $5)`, [source.id, number, body, sha256, note]);
  await manager.query(`UPDATE sources SET body = $2, body_sha256 = $3, revision = $4 WHERE id = $1`, [source.id, body, sha256, number]);

  const placed = (outcome: Reanchored) => outcome.status !== "ORPHANED";
  if (quotes.length > 0) {
    const rows = quotes.map((quote, i) => ({ quote, outcome: outcomeAt(quoteOutcomes, i) }));
    // An ORPHANED quote keeps its words, span, context and section in the revision it stands in.
    await manager.query(
      `UPDATE quotes q
          SET ${unlessOrphaned("q", ["span_start", "span_end", "text", "prefix", "suffix", "section"])},
              anchor_revision = CASE WHEN u.status = 'ORPHANED' THEN q.anchor_revision ELSE $9 END,
              anchor_status = u.status, anchor_score = u.score, previous_text = u.previous_text,
              ${REVIEW_RESET}
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $10::float8[], $11::text[])
              AS u(id, span_start, span_end, text, prefix, suffix, section, status, score, previous_text)
        WHERE q.id = u.id`,
      [
        rows.map(({ quote }) => quote.id),
        rows.map(({ outcome }) => outcome.start),
        rows.map(({ outcome }) => outcome.end),
        rows.map(({ outcome }) => outcome.text),
        rows.map(({ outcome }) => (placed(outcome) ? text.prefix(outcome.start, CONTEXT_KEPT) : "")),
        rows.map(({ outcome }) => (placed(outcome) ? text.suffix(outcome.end, CONTEXT_KEPT) : "")),
        rows.map(({ outcome }) => (placed(outcome) ? sectionAt(headings, outcome.start) : null)),
        rows.map(({ outcome }) => outcome.status),
        number,
        rows.map(({ outcome }) => outcome.score),
        rows.map(({ outcome }) => outcome.previousText),
      ],
    );
  }
  if (steps.length > 0) {
    const rows = steps.map((step, i) => ({ step, outcome: outcomeAt(stepOutcomes, i) }));
    await manager.query(
      `UPDATE career_steps c
          SET evidence_start = CASE WHEN u.status = 'ORPHANED' THEN c.evidence_start ELSE u.span_start END,
              evidence_end = CASE WHEN u.status = 'ORPHANED' THEN c.evidence_end ELSE u.span_end END,
              anchor_revision = CASE WHEN u.status = 'ORPHANED' THEN c.anchor_revision ELSE $5 END,
              anchor_status = u.status, anchor_score = u.score, previous_text = u.previous_text,
              ${REVIEW_RESET}
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $6::float8[], $7::text[]) AS u(id, span_start, span_end, status, score, previous_text)
        WHERE c.id = u.id`,
      [
        rows.map(({ step }) => step.id),
        rows.map(({ outcome }) => outcome.start),
        rows.map(({ outcome }) => outcome.end),
        rows.map(({ outcome }) => outcome.status),
        number,
        rows.map(({ outcome }) => outcome.score),
        rows.map(({ outcome }) => outcome.previousText),
      ],
    );
  }
  const report = (type: RevisedAnchor["type"], spans: Array<Span & { id: string }>, outcomes: Reanchored[]): RevisedAnchor[] =>
    spans.map((span, i) => {
      const outcome = outcomeAt(outcomes, i);
      return { type, id: span.id, status: outcome.status, score: outcome.score, previousSpan: { start: span.start, end: span.end }, span: placed(outcome) ? { start: outcome.start, end: outcome.end } : null };
    });
  return { number, anchors: [...report("Quote", quotes, quoteOutcomes), ...report("CareerStep", steps, stepOutcomes)] };
}

/** `column = u.column`, each, except where the span is ORPHANED: there it keeps its own. */
function unlessOrphaned(alias: string, columns: string[]): string {
  return columns.map((column) => `${column} = CASE WHEN u.status = 'ORPHANED' THEN ${alias}.${column} ELSE u.${column} END`).join(", ");
}

/** How many anchors a correction left in each status: for a summary line. */
export function countByStatus(anchors: readonly RevisedAnchor[]): Record<AnchorStatus, number> {
  const counts: Record<AnchorStatus, number> = { EXACT: 0, SHIFTED: 0, FUZZY: 0, ORPHANED: 0 };
  for (const anchor of anchors) counts[anchor.status] += 1;
  return counts;
}

/** A FUZZY span's words changed: what a reviewer confirmed of the old ones no longer holds. */
const REVIEW_RESET = `
  review_status = CASE WHEN u.status = 'FUZZY' THEN 'UNREVIEWED' ELSE review_status END,
  review_note = CASE WHEN u.status = 'FUZZY' THEN NULL ELSE review_note END,
  reviewed_at = CASE WHEN u.status = 'FUZZY' THEN NULL ELSE reviewed_at END,
  reviewed_by = CASE WHEN u.status = 'FUZZY' THEN NULL ELSE reviewed_by END`;

/** Just the spans (what a worker thread is sent). */
function spansOf(rows: ReadonlyArray<Span & { id: string }>): Span[] {
  return rows.map(({ start, end }) => ({ start, end }));
}

function outcomeAt(outcomes: Reanchored[], index: number): Reanchored {
  const outcome = outcomes[index];
  if (outcome === undefined) throw new Error("internal: re-anchoring returned fewer outcomes than spans");
  return outcome;
}

/** A correction as an editor asks for it (ReviseSourceInput). */
export interface ReviseRequest {
  source: string;
  body: string;
  note?: string | null;
  expectedVersion?: number | null;
}

/**
 * An editor's correction (`reviseSource`): checks it whole, then {@link reviseBody}, in the
 * caller's transaction. Refused, with every problem under its input path, when the source is
 * unknown, the body is blank or unchanged, or a section heading is no longer in it; CONFLICT
 * when the source changed since `expectedVersion`.
 */
export async function reviseSource(manager: EntityManager, request: ReviseRequest, reanchorWith: Reanchorer = reanchorHere): Promise<{ sourceId: string; revision: Revision; warnings: string[] }> {
  const problems = new ProblemList("");
  const [found] = await manager.query<Array<{ id: string }>>("SELECT id FROM sources WHERE slug = $1", [request.source]);
  if (found === undefined) problems.error("input.source", `unknown source "${request.source}"`);
  else await lockVersioned(manager, "sources", "Source", found.id, request.expectedVersion);
  const [source] = found === undefined ? [] : await manager.query<Array<RevisedSource & { sections: string[] }>>("SELECT id, revision, body, sections FROM sources WHERE id = $1", [found.id]);
  const body = request.body.normalize("NFC");
  if (body.trim() === "") problems.error("input.body", "the body must not be blank");
  else if (source !== undefined) {
    if (body === source.body) problems.error("input.body", `is already the body of revision ${source.revision}: nothing to correct`);
    const missing = new ProblemList("");
    locateSections(new BodyText(body), source.sections, missing);
    for (const problem of missing.errors) problems.error("input.body", `the source's ${problem.message.replace(/^heading/, "section heading")}`);
  }
  const warnings = acceptOrRefuse(problems);
  if (source === undefined) throw new Error("internal: checked input without a source");
  return { sourceId: source.id, revision: await reviseBody(manager, source, body, source.sections, request.note ?? null, reanchorWith), warnings };
}
