import { registerEnumType } from "type-graphql";

/** What kind of text a source is. */
export enum SourceKind {
  AS_TOLD_TO_ESSAY = "AS_TOLD_TO_ESSAY",
  INTERVIEW = "INTERVIEW",
  ARTICLE = "ARTICLE",
  TRANSCRIPT = "TRANSCRIPT",
  PODCAST = "PODCAST",
  TALK = "TALK",
}

registerEnumType(SourceKind, {
  name: "SourceKind",
  description: "What kind of text a source is.",
  valuesConfig: {
    AS_TOLD_TO_ESSAY: { description: "A first-person essay written by a journalist from a conversation." },
    INTERVIEW: { description: "Questions and answers." },
    ARTICLE: { description: "A reported article that quotes people." },
    TRANSCRIPT: { description: "A verbatim transcript." },
    PODCAST: { description: "A podcast episode's transcript." },
    TALK: { description: "A talk or presentation's transcript." },
  },
});
