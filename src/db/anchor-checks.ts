/**
 * The checks quotes and career steps share on their anchor and review columns (the entities'
 * @Check decorators; migration 1764800000000 writes the same expressions).
 */

export const ANCHOR_STATUS_KNOWN = "anchor_status IN ('EXACT', 'SHIFTED', 'FUZZY', 'ORPHANED')";

/** A score that says what the status says: 1 when found as it was, the similarity when FUZZY, 0 when not found. */
export const ANCHOR_SCORE_FITS =
  "(anchor_status IN ('EXACT', 'SHIFTED') AND anchor_score = 1) OR (anchor_status = 'FUZZY' AND anchor_score > 0 AND anchor_score < 1) OR (anchor_status = 'ORPHANED' AND anchor_score = 0)";

/** What a span said before is kept exactly when it changed a little (a step without evidence has neither). */
export const PREVIOUS_TEXT_WHEN_FUZZY = "(previous_text IS NOT NULL) = (anchor_status IS NOT DISTINCT FROM 'FUZZY')";

export const REVIEW_STATUS_KNOWN = "review_status IN ('UNREVIEWED', 'CONFIRMED', 'DISPUTED')";

/** A review by someone says who and when; a reset one says neither. */
export const REVIEW_COMPLETE = "(reviewed_at IS NULL) = (reviewed_by IS NULL)";
