/* Made by `npm run web:types` from schema/schema.graphql and schema/operations/: do not edit. */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** How sure the gateway is that a span still points at the words it was made for, after the source was corrected. */
export type AnchorStatus =
  /** The same text at the same place (or placed there by an editor). */
  | 'EXACT'
  /** The text changed a little: the span now holds the closest passage, above the similarity threshold; `previousText` says what it said before. Its review went back to UNREVIEWED. */
  | 'FUZZY'
  /** Not found in the current body: the span and text stay as they were in `revision`, for an editor to review. Left out of quote lists unless `anchorStatus` asks for it. */
  | 'ORPHANED'
  /** The same text, found elsewhere in the corrected body (where it occurs more than once, its context chose the place, clearly). */
  | 'SHIFTED';

/** What an API key may do. Reads need no key (unless the server requires one). */
export type ApiKeyRole =
  /** All an EDITOR may do, plus API keys and the audit trail. */
  | 'ADMIN'
  /** Content mutations: interviews, quotes, people, companies, topics, career steps. */
  | 'EDITOR';

/** Who made a change. */
export type AuditActor =
  /** A mutation, by the holder of `apiKey`. */
  | 'API_KEY'
  /** A command: `npm run ingest` or `npm run apikey`. */
  | 'CLI'
  /** A statement run on the database directly (e.g. psql), outside the gateway. */
  | 'SQL'
  /** The server, loading `content/` into an empty database. */
  | 'STARTUP';

/** How sure an answer must be that a career step overlaps a period, given its fuzzy dates. */
export type Certainty =
  /** The step overlapped the period whatever its dates turn out to mean: its certain interval (from its start's latest bound to its end's earliest, or to today when it goes on; none when the start or the end is unknown) shares a day with it. */
  | 'CERTAINLY'
  /** The step may have overlapped the period: its possible interval (from its start's earliest bound to its end's latest, or to today when it goes on or its end is unknown) shares a day with it. */
  | 'POSSIBLY';

/** What happened to a row. */
export type ChangeKind =
  /** The row was removed: `after` is null. */
  | 'DELETE'
  /** The row was created: `before` is null. */
  | 'INSERT'
  /** The row was changed: both `before` and `after` are set. */
  | 'UPDATE';

/** How precisely a date is known. */
export type DatePrecision =
  /** The exact day is known. */
  | 'DAY'
  /** The year and month are known. */
  | 'MONTH'
  /** Only the year is known. */
  | 'YEAR';

/** A kind of row an import counts. */
export type ImportedKind =
  /** The source's career steps. */
  | 'CAREER_STEPS'
  /** Companies declared in the bundle. */
  | 'COMPANIES'
  /** People declared in the bundle. */
  | 'PEOPLE'
  /** The source's quotes. */
  | 'QUOTES'
  /** The bundle's source. */
  | 'SOURCES'
  /** Topics declared in the bundle. */
  | 'TOPICS';

/** Which quotes to keep. Fields combine with AND; the slugs within one field combine with OR. Unknown slugs match nothing; a null or empty field does not filter. */
export type QuoteFilter = {
  /** How the quote's span followed its source's corrections: any of these. Null or [] keeps EXACT, SHIFTED and FUZZY, leaving out ORPHANED quotes (their words are no longer in the current text); ask for ORPHANED to see them. */
  anchorStatus?: Array<AnchorStatus> | null | undefined;
  /** Companies the quote mentions, by slug. A quote matches when it has any of them; an unknown slug matches nothing; null or [] does not filter. */
  companies?: Array<string> | null | undefined;
  /** What an editor said of the quote: any of these. Null or [] does not filter. */
  review?: Array<ReviewStatus> | null | undefined;
  /** Full-text search in PostgreSQL websearch syntax (English stemming): words, "quoted phrases", OR, -excluded. Matching edges carry a `highlight`. Blank does not filter; at most 256 characters. */
  search?: string | null | undefined;
  /** Sources the quote stands in, by slug. A quote matches when it has any of them; an unknown slug matches nothing; null or [] does not filter. */
  sources?: Array<string> | null | undefined;
  /** Who said it, by slug. A quote matches when it has any of them; an unknown slug matches nothing; null or [] does not filter. */
  speakers?: Array<string> | null | undefined;
  /** Topics the quote is tagged with, by slug. A quote matches when it has any of them; an unknown slug matches nothing; null or [] does not filter. */
  topics?: Array<string> | null | undefined;
};

/** The order of a list of quotes. */
export type QuoteOrder =
  /** Best search match first (PostgreSQL ts_rank), then source order. Without a search, the same as SOURCE_ORDER. */
  | 'RELEVANCE'
  /** By source (slug), then by position in the source's body. The default. */
  | 'SOURCE_ORDER';

/** The career step to remove. */
export type RemoveCareerStepInput = {
  /** The version you read; if the step has changed since, the removal is refused with CONFLICT. */
  expectedVersion?: number | null | undefined;
  /** The step's id. */
  id: string | number;
};

/** The quote to remove. Its audit event keeps it whole, so it can be restored (revertAuditEvent). */
export type RemoveQuoteInput = {
  /** The version you read; if the quote has changed since, the removal is refused with CONFLICT. */
  expectedVersion?: number | null | undefined;
  /** The quote's id. */
  id: string | number;
};

/** The audit event to undo. */
export type RevertAuditEventInput = {
  /** The event's id, as `auditEvents` or a mutation's `auditEventId` gives it. */
  id: string | number;
};

/** An editor's review of a quote or a career step against its source. */
export type ReviewInput = {
  /** The version you read; if it has changed since, the review is refused with CONFLICT. */
  expectedVersion?: number | null | undefined;
  /** The quote's or the career step's id. */
  id: string | number;
  /** Why (at most 2000 characters); null for none. */
  note?: string | null | undefined;
  /** CONFIRMED, DISPUTED, or UNREVIEWED to take a review back. */
  status: ReviewStatus;
};

/** What an editor said of a quote or a career step against its source. */
export type ReviewStatus =
  /** An editor checked it against the source and it holds. */
  | 'CONFIRMED'
  /** An editor checked it and doubts it: see the note. */
  | 'DISPUTED'
  /** No editor has checked it since it was made, or since a correction changed its words (FUZZY). */
  | 'UNREVIEWED';

/** A corrected body for a source: it becomes the source's next revision, and its quotes and career steps are carried over. */
export type ReviseSourceInput = {
  /** The whole corrected body (stored as Unicode NFC), at most 1000000 characters. It must differ from the current body and still hold the source's section headings, each on a line of its own. */
  body: string;
  /** The source's version you read; if it has changed since, the correction is refused with CONFLICT. */
  expectedVersion?: number | null | undefined;
  /** What was corrected and why (at most 2000 characters). */
  note?: string | null | undefined;
  /** The source, by slug. */
  source: string;
};

/** What kind of text a source is. */
export type SourceKind =
  /** A reported article that quotes people. */
  | 'ARTICLE'
  /** A first-person essay written by a journalist from a conversation. */
  | 'AS_TOLD_TO_ESSAY'
  /** Questions and answers. */
  | 'INTERVIEW'
  /** A podcast episode's transcript. */
  | 'PODCAST'
  /** A talk or presentation's transcript. */
  | 'TALK'
  /** A verbatim transcript. */
  | 'TRANSCRIPT';

/** Changes to a career step: a field left out stays as it is, null clears it (an unknown date, no title, no source or evidence). */
export type UpdateCareerStepInput = {
  /** Where, by slug. */
  company?: string | null | undefined;
  /** When it ended (EDTF), or `..` when it goes on; null: unknown. */
  end?: string | null | undefined;
  /** The supporting passage, as it stands in the source's body; null removes it. */
  evidence?: string | null | undefined;
  /** The version you read; if the step has changed since, the edit is refused with CONFLICT. */
  expectedVersion?: number | null | undefined;
  /** The step's id. */
  id: string | number;
  /** Which match of the evidence, when it stands in the body more than once (from 1). */
  occurrence?: number | null | undefined;
  /** Whose step, by slug. */
  person?: string | null | undefined;
  /** The source, by slug; null removes it and the evidence. A new source re-anchors the evidence in it. */
  source?: string | null | undefined;
  /** When it began (EDTF); null: unknown. */
  start?: string | null | undefined;
  /** The role's title; null clears it. */
  title?: string | null | undefined;
};

/** Changes to a quote; a field left out stays as it is. A new text is anchored again in the same source. */
export type UpdateQuoteInput = {
  /** The companies it mentions, by slug: the whole new list. */
  companies?: Array<string> | null | undefined;
  /** The version you read; if the quote has changed since, the edit is refused with CONFLICT. */
  expectedVersion?: number | null | undefined;
  /** The quote's id. */
  id: string | number;
  /** Which match of the text, when it stands in the body more than once (from 1). */
  occurrence?: number | null | undefined;
  /** Who said it, by slug. */
  speaker?: string | null | undefined;
  /** New words, anchored again in the quote's source. */
  text?: string | null | undefined;
  /** Its topics, by slug: the whole new list. */
  topics?: Array<string> | null | undefined;
};

export type CompanyTimelineQueryVariables = Exact<{
  slug: string;
  during?: string | null | undefined;
  certainty?: Certainty | null | undefined;
}>;


export type CompanyTimelineQuery = { company: { id: string, slug: string, name: string, website: string | null, people: Array<{ id: string, slug: string, name: string }>, careerSteps: Array<{ id: string, title: string | null, isCurrent: boolean, durationMonths: number | null, duration: { min: number, max: number | null } | null, person: { id: string, slug: string, name: string }, company: { id: string, slug: string, name: string }, start: { edtf: string, year: number, month: number | null, day: number | null, precision: DatePrecision, approximate: boolean, uncertain: boolean, earliest: string, latest: string } | null, end: { edtf: string, year: number, month: number | null, day: number | null, precision: DatePrecision, approximate: boolean, uncertain: boolean, earliest: string, latest: string } | null, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null } | null, evidence: { text: string, revision: number, span: { start: number, end: number }, source: { id: string, slug: string, title: string } } | null }> } | null };

export type EditorLookupQueryVariables = Exact<{
  search?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type EditorLookupQuery = { people: { nodes: Array<{ id: string, slug: string, name: string, headline: string | null }> }, companies: { nodes: Array<{ id: string, slug: string, name: string, website: string | null }> }, topics: Array<{ id: string, slug: string, name: string }> };

export type EditorSourceQueryVariables = Exact<{
  slug: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type EditorSourceQuery = { source: { id: string, slug: string, title: string, kind: SourceKind, url: string | null, publisher: string | null, version: number, revision: number, body: string, sections: Array<string>, publishedOn: { edtf: string } | null, narrator: { id: string, slug: string, name: string } | null, quotes: { edges: Array<{ node: { id: string, version: number, text: string, span: { start: number, end: number }, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null }, review: { status: ReviewStatus, note: string | null }, speaker: { id: string, slug: string, name: string }, topics: Array<{ id: string, slug: string, name: string }>, companies: Array<{ id: string, slug: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, people: Array<{ id: string, slug: string, name: string, careerTimeline: Array<{ id: string, version: number, title: string | null, isCurrent: boolean, company: { id: string, slug: string, name: string }, start: { edtf: string, year: number, month: number | null, day: number | null, precision: DatePrecision, approximate: boolean, uncertain: boolean, earliest: string, latest: string } | null, end: { edtf: string, year: number, month: number | null, day: number | null, precision: DatePrecision, approximate: boolean, uncertain: boolean, earliest: string, latest: string } | null, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null } | null, review: { status: ReviewStatus, note: string | null }, evidence: { text: string, revision: number, span: { start: number, end: number } } | null, source: { id: string, slug: string } | null }> }> } | null, orphaned: { nodes: Array<{ id: string, version: number, text: string, span: { start: number, end: number }, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null }, review: { status: ReviewStatus, note: string | null }, speaker: { id: string, slug: string, name: string }, topics: Array<{ id: string, slug: string, name: string }>, companies: Array<{ id: string, slug: string, name: string }> }> } };

export type EditedQuoteFragment = { id: string, version: number, text: string, span: { start: number, end: number }, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null }, review: { status: ReviewStatus, note: string | null }, speaker: { id: string, slug: string, name: string }, topics: Array<{ id: string, slug: string, name: string }>, companies: Array<{ id: string, slug: string, name: string }> };

export type EditorViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type EditorViewerQuery = { viewer: { id: string, label: string, prefix: string, role: ApiKeyRole } | null };

export type ImportInterviewMutationVariables = Exact<{
  bundle: string;
  dryRun: boolean;
}>;


export type ImportInterviewMutation = { importInterview: { dryRun: boolean, sourceSlug: string, warnings: Array<string>, auditEventId: string | null, counts: Array<{ kind: ImportedKind, created: number, updated: number, unchanged: number, removed: number }>, revision: { number: number } | null, source: { id: string, slug: string, title: string, version: number } | null } };

export type RemoveCareerStepMutationVariables = Exact<{
  input: RemoveCareerStepInput;
}>;


export type RemoveCareerStepMutation = { removeCareerStep: { removedId: string, auditEventId: string | null } };

export type RemoveQuoteMutationVariables = Exact<{
  input: RemoveQuoteInput;
}>;


export type RemoveQuoteMutation = { removeQuote: { removedId: string, auditEventId: string | null } };

export type RevertAuditEventMutationVariables = Exact<{
  input: RevertAuditEventInput;
}>;


export type RevertAuditEventMutation = { revertAuditEvent: { auditEventId: string | null } };

export type ReviewCareerStepMutationVariables = Exact<{
  input: ReviewInput;
}>;


export type ReviewCareerStepMutation = { reviewCareerStep: { auditEventId: string | null, careerStep: { id: string, version: number, review: { status: ReviewStatus, note: string | null, reviewedAt: string | null, by: string | null } } } };

export type ReviewQuoteMutationVariables = Exact<{
  input: ReviewInput;
}>;


export type ReviewQuoteMutation = { reviewQuote: { auditEventId: string | null, quote: { id: string, version: number, review: { status: ReviewStatus, note: string | null, reviewedAt: string | null, by: string | null } } } };

export type ReviseSourceMutationVariables = Exact<{
  input: ReviseSourceInput;
}>;


export type ReviseSourceMutation = { reviseSource: { warnings: Array<string>, auditEventId: string | null, revision: { number: number, note: string | null }, source: { id: string, version: number, revision: number }, anchors: Array<{ nodeId: string, status: AnchorStatus, score: number, span: { start: number, end: number } | null, previousSpan: { start: number, end: number } }> } };

export type SourceAuditQueryVariables = Exact<{
  nodeId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SourceAuditQuery = { auditEvents: { edges: Array<{ node: { id: string, operation: string, occurredAt: string, actor: AuditActor, apiKey: { id: string, label: string, prefix: string } | null, changes: Array<{ table: string, kind: ChangeKind, nodeId: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UpdateCareerStepMutationVariables = Exact<{
  input: UpdateCareerStepInput;
}>;


export type UpdateCareerStepMutation = { updateCareerStep: { warnings: Array<string>, auditEventId: string | null, careerStep: { id: string, version: number, title: string | null, isCurrent: boolean, start: { edtf: string, earliest: string, latest: string } | null, end: { edtf: string, earliest: string, latest: string } | null, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null } | null, review: { status: ReviewStatus, note: string | null }, evidence: { text: string, revision: number, span: { start: number, end: number } } | null } } };

export type UpdateQuoteMutationVariables = Exact<{
  input: UpdateQuoteInput;
}>;


export type UpdateQuoteMutation = { updateQuote: { warnings: Array<string>, auditEventId: string | null, quote: { id: string, version: number, text: string, span: { start: number, end: number }, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null }, review: { status: ReviewStatus, note: string | null }, speaker: { id: string, slug: string, name: string }, topics: Array<{ id: string, slug: string, name: string }>, companies: Array<{ id: string, slug: string, name: string }> } } };

export type PeopleDirectoryQueryVariables = Exact<{
  search?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PeopleDirectoryQuery = { people: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, slug: string, name: string, headline: string | null, careerTimeline: Array<{ id: string, title: string | null, isCurrent: boolean, company: { id: string, slug: string, name: string }, start: { edtf: string, earliest: string, latest: string, approximate: boolean } | null, end: { edtf: string, earliest: string, latest: string, approximate: boolean } | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PersonTimelineQueryVariables = Exact<{
  slug: string;
  quotes?: number | null | undefined;
}>;


export type PersonTimelineQuery = { person: { id: string, slug: string, name: string, headline: string | null, careerTimeline: Array<{ id: string, title: string | null, isCurrent: boolean, durationMonths: number | null, company: { id: string, slug: string, name: string, website: string | null }, start: { edtf: string, year: number, month: number | null, day: number | null, precision: DatePrecision, approximate: boolean, uncertain: boolean, earliest: string, latest: string } | null, end: { edtf: string, year: number, month: number | null, day: number | null, precision: DatePrecision, approximate: boolean, uncertain: boolean, earliest: string, latest: string } | null, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null } | null, evidence: { text: string, revision: number, span: { start: number, end: number }, source: { id: string, slug: string, title: string } } | null }>, currentRoles: Array<{ id: string, title: string | null, company: { id: string, slug: string, name: string } }>, quotes: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, text: string, section: string | null, span: { start: number, end: number }, source: { id: string, slug: string, title: string }, topics: Array<{ id: string, slug: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, sources: Array<{ id: string, slug: string, title: string, kind: SourceKind, publishedOn: { edtf: string } | null }> } | null };

export type QuoteSearchQueryVariables = Exact<{
  search: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  orderBy?: QuoteOrder | null | undefined;
  context?: number | null | undefined;
}>;


export type QuoteSearchQuery = { quotes: { totalCount: number, edges: Array<{ cursor: string, highlight: string | null, node: { id: string, text: string, span: { start: number, end: number }, context: { before: string, after: string }, speaker: { id: string, slug: string, name: string }, source: { id: string, slug: string, title: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SourceReaderQueryVariables = Exact<{
  slug: string;
  revision?: number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  orphans?: number | null | undefined;
}>;


export type SourceReaderQuery = { source: { id: string, slug: string, title: string, kind: SourceKind, url: string | null, publisher: string | null, revision: number, body: string, bodySha256: string, sections: Array<string>, publishedOn: { edtf: string, year: number, month: number | null, day: number | null, precision: DatePrecision, approximate: boolean, uncertain: boolean, earliest: string, latest: string } | null, narrator: { id: string, slug: string, name: string, headline: string | null } | null, revisions: Array<{ number: number, bodySha256: string, note: string | null, createdAt: string }>, people: Array<{ id: string, slug: string, name: string }>, quotes: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, text: string, section: string | null, span: { start: number, end: number }, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null }, review: { status: ReviewStatus, note: string | null, reviewedAt: string | null, by: string | null }, speaker: { id: string, slug: string, name: string }, topics: Array<{ id: string, slug: string, name: string }>, companies: Array<{ id: string, slug: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null, orphaned: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, text: string, section: string | null, span: { start: number, end: number }, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null }, review: { status: ReviewStatus, note: string | null, reviewedAt: string | null, by: string | null }, speaker: { id: string, slug: string, name: string }, topics: Array<{ id: string, slug: string, name: string }> } }> } };

export type TopicDashboardQueryVariables = Exact<{
  filter?: QuoteFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TopicDashboardQuery = { quotes: { totalCount: number, edges: Array<{ cursor: string, highlight: string | null, node: { id: string, text: string, section: string | null, span: { start: number, end: number }, anchor: { status: AnchorStatus, score: number, revision: number, previousText: string | null }, review: { status: ReviewStatus, note: string | null, reviewedAt: string | null, by: string | null }, speaker: { id: string, slug: string, name: string }, source: { id: string, slug: string, title: string }, topics: Array<{ id: string, slug: string, name: string }>, companies: Array<{ id: string, slug: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, quoteStats: { total: number, byTopic: Array<{ count: number, topic: { id: string, slug: string, name: string } }>, byCompany: Array<{ count: number, company: { id: string, slug: string, name: string } }>, bySpeaker: Array<{ count: number, person: { id: string, slug: string, name: string } }> }, topics: Array<{ id: string, slug: string, name: string, quoteCount: number }> };
