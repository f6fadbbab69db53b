import { type EntityManager } from "typeorm";
import { lockVersioned } from "./writes";

/** What an editor says of a quote or a career step (ReviewInput, without its id). */
export interface ReviewRequest {
  status: "UNREVIEWED" | "CONFIRMED" | "DISPUTED";
  note?: string | null;
  expectedVersion?: number | null;
}

/**
 * Records an editor's review of a row of `table`, in the caller's (audited) transaction: its
 * status and note, when, and by whom (the label of the request's API key; the actor's kind for
 * a command). UNREVIEWED takes a review back: no one reviewed it, so no one and no time is named.
 * CONFLICT when the row changed since `expectedVersion`.
 */
export async function recordReview(manager: EntityManager, table: "quotes" | "career_steps", type: string, id: string, review: ReviewRequest): Promise<void> {
  await lockVersioned(manager, table, type, id, review.expectedVersion);
  await manager.query(
    `UPDATE ${table}
        SET review_status = $2, review_note = $3,
            reviewed_at = CASE WHEN $2 = 'UNREVIEWED' THEN NULL ELSE now() END,
            reviewed_by = CASE WHEN $2 = 'UNREVIEWED' THEN NULL
                               ELSE coalesce((SELECT k.label FROM api_keys k WHERE k.id = nullif(current_setting('interview_graph.api_key_id', true), '')::uuid),
                                             nullif(current_setting('interview_graph.actor', true), ''), current_user) END
      WHERE id = $1`,
    [id, review.status, review.note ?? null],
  );
}
