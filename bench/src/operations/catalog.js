/**
 * The benchmark's operations, in the order of the report. Each server answers each of them in its
 * own way (ours.js, postgraphile.js, floor.js); all three answers are normalised to the same
 * shape (shapes.js) and must be equal before anything is timed.
 */
export const OPERATIONS = [
  { name: "timeline", title: "Person timeline", what: "a person's career steps, oldest first, with company and evidence (passage, span, source)" },
  { name: "firstPage", title: "Quotes, first page", what: "20 quotes in source order with speaker, source and topics" },
  { name: "deepPage", title: "Quotes, deep page", what: "the same page after a cursor halfway down the list (row 50,000 of 100k)" },
  { name: "dashboard", title: "Topic dashboard", what: "20 quotes of a topic with speaker and companies, their total, counts by company and by speaker" },
  { name: "search", title: "Search", what: "20 quotes matching a full-text search, best first, with highlights and the total" },
  { name: "people", title: "People with timelines", what: "20 people in slug order, each with the career steps and companies, and the total" },
  { name: "during", title: "Steps during a period", what: "20 career steps that certainly ran during a year, oldest first, with person and company, and the total" },
];

/** How many items a page asks for, everywhere. */
export const PAGE_SIZE = 20;
