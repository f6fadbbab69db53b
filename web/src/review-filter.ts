import { type ReviewStatus } from "./types";

/** The review statuses the quotes can be filtered by: as the address spells them (`?review=confirmed`), as the API does, and as a person reads them. */
export const REVIEW_CHOICES: ReadonlyArray<{ value: string; status: ReviewStatus; label: string }> = [
  { value: "unreviewed", status: "UNREVIEWED", label: "Unreviewed" },
  { value: "confirmed", status: "CONFIRMED", label: "Confirmed" },
  { value: "disputed", status: "DISPUTED", label: "Disputed" },
];

/** The statuses an address's `review` values ask for (`filter.review`: any of them), each once; a value edited into something else is left out rather than sent. */
export function reviewsAsked(params: URLSearchParams): ReviewStatus[] {
  const values = new Set(params.getAll("review"));
  return REVIEW_CHOICES.filter((choice) => values.has(choice.value)).map((choice) => choice.status);
}
