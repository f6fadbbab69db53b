/** The shapes of the trusted operations' answers (schema/operations/), as far as the views read them. */

export interface FuzzyDate {
  edtf: string;
  year: number;
  month: number | null;
  day: number | null;
  precision: "YEAR" | "MONTH" | "DAY";
  approximate: boolean;
  uncertain: boolean;
  earliest: string;
  latest: string;
}

export interface Span {
  start: number;
  end: number;
}

export interface Named {
  slug: string;
  name: string;
}

/** How a quote's span followed its source's corrections (the API's AnchorStatus). */
export type AnchorStatus = "EXACT" | "SHIFTED" | "FUZZY" | "ORPHANED";

/** Where a span stands: `revision` is the body it indexes (an earlier one only when ORPHANED). */
export interface Anchor {
  status: AnchorStatus;
  score: number;
  revision: number;
  /** The words before the correction, when FUZZY. */
  previousText: string | null;
}

export type ReviewStatus = "UNREVIEWED" | "CONFIRMED" | "DISPUTED";

/** What an editor said of a quote against its source. */
export interface Review {
  status: ReviewStatus;
  note: string | null;
  reviewedAt: string | null;
  by: string | null;
}

/** The fewest and the most months a step's dates allow; `max` is null when its end is open or unknown. */
export interface MonthRange {
  min: number;
  max: number | null;
}

/** A career step as a timeline draws it, whoever's and wherever it is. */
export interface CareerStep {
  id: string;
  title: string | null;
  isCurrent: boolean;
  durationMonths: number | null;
  /** Asked for where it is shown (the company page); a person's timeline does without. */
  duration?: MonthRange | null;
  company: Named & { id: string };
  /** Whose step it is: asked for where the steps are several people's (the company page). */
  person?: Named & { id: string };
  start: FuzzyDate | null;
  end: FuzzyDate | null;
  /** How the evidence followed its source's corrections; null without evidence. */
  anchor: Anchor | null;
  /** The passage, in the body of `revision` (an earlier one when the step's anchor is ORPHANED). */
  evidence: { text: string; span: Span; revision: number; source: { id: string; slug: string; title: string } } | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface PersonTimeline {
  person: {
    id: string;
    slug: string;
    name: string;
    headline: string | null;
    careerTimeline: Array<CareerStep & { company: { website: string | null } }>;
    currentRoles: Array<{ id: string; title: string | null; company: Named }>;
    quotes: {
      totalCount: number;
      edges: Array<{ cursor: string; node: { id: string; text: string; section: string | null; span: Span; source: { slug: string; title: string }; topics: Named[] } }>;
      pageInfo: PageInfo;
    };
    sources: Array<{ id: string; slug: string; title: string; kind: string; publishedOn: { edtf: string } | null }>;
  } | null;
}

export interface CompanyTimeline {
  company: {
    id: string;
    slug: string;
    name: string;
    website: string | null;
    /** The people with a step kept by the period, by slug. */
    people: Array<Named & { id: string }>;
    /** Everyone's steps kept by the period, oldest first. */
    careerSteps: Array<CareerStep & { person: Named & { id: string }; duration: MonthRange | null }>;
  } | null;
}

export interface DashboardQuote {
  id: string;
  text: string;
  section: string | null;
  span: Span;
  /** Asked for whole, as the reader asks for them: a client cache that keeps both answers then loses nothing (they have no id). */
  anchor: Anchor;
  review: Review;
  speaker: Named & { id: string };
  source: { id: string; slug: string; title: string };
  topics: Named[];
  companies: Named[];
}

export interface TopicDashboard {
  quotes: { totalCount: number; edges: Array<{ cursor: string; highlight: string | null; node: DashboardQuote }>; pageInfo: PageInfo };
  quoteStats: {
    total: number;
    byTopic: Array<{ topic: Named; count: number }>;
    byCompany: Array<{ company: Named; count: number }>;
    bySpeaker: Array<{ person: Named; count: number }>;
  };
  topics: Array<Named & { id: string; quoteCount: number }>;
}

/** A quote as the reader draws it and lists it in the margin. */
export interface ReaderQuote {
  id: string;
  text: string;
  section: string | null;
  span: Span;
  anchor: Anchor;
  review: Review;
  speaker: Named;
  topics: Named[];
}

/** One body a source has had. */
export interface SourceRevision {
  number: number;
  bodySha256: string;
  note: string | null;
  createdAt: string;
}

export interface SourceReader {
  source: {
    id: string;
    slug: string;
    title: string;
    kind: string;
    url: string | null;
    publisher: string | null;
    publishedOn: FuzzyDate | null;
    narrator: (Named & { id: string; headline: string | null }) | null;
    /** The current revision's number. */
    revision: number;
    /** Oldest first. */
    revisions: SourceRevision[];
    /** The body of the revision asked for (the current one when none was). */
    body: string;
    /** The current body's. */
    bodySha256: string;
    sections: string[];
    people: Named[];
    /** The quotes of the current body: never an ORPHANED one. */
    quotes: {
      totalCount: number;
      edges: Array<{ cursor: string; node: ReaderQuote & { companies: Named[] } }>;
      pageInfo: PageInfo;
    };
  } | null;
  /** The source's ORPHANED quotes, whichever earlier revision each stands in. */
  orphaned: { totalCount: number; edges: Array<{ cursor: string; node: ReaderQuote }> };
}

export interface PeopleDirectory {
  people: {
    totalCount: number;
    edges: Array<{
      cursor: string;
      node: {
        id: string;
        slug: string;
        name: string;
        headline: string | null;
        careerTimeline: Array<{ id: string; title: string | null; isCurrent: boolean; company: Named; start: Pick<FuzzyDate, "edtf" | "earliest" | "latest" | "approximate"> | null; end: Pick<FuzzyDate, "edtf" | "earliest" | "latest" | "approximate"> | null }>;
      };
    }>;
    pageInfo: PageInfo;
  };
}
