import { useEffect, useRef, useState } from "preact/hooks";
import { sendOperation } from "../api";
import { type EditorLookupQuery } from "../generated/operations";
import { type EntityList } from "./draft";
import { type Option } from "./picker";

/** The existing people, companies and topics found so far, by list. */
export type Known = Record<EntityList, Option[]>;

/** How long typing must pause before the gateway is asked for matching names. */
const LOOKUP_PAUSE_MS = 250;

/**
 * The people, companies and topics that exist, as a person types in a picker: every topic at
 * once, and people and companies whose names match what was typed last (EditorLookup), kept as
 * they come so that a choice made earlier keeps its name.
 */
export function useKnown(apiKey: string): { known: Known; search: (text: string) => void } {
  const [known, setKnown] = useState<Known>({ people: [], companies: [], topics: [] });
  const [asked, setAsked] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    sendOperation<EditorLookupQuery>("EditorLookup", { search: asked === "" ? null : asked }, apiKey, controller.signal).then(
      (answer) =>
        setKnown((previous) => ({
          people: merge(previous.people, answer.people.nodes),
          companies: merge(previous.companies, answer.companies.nodes),
          topics: merge(previous.topics, answer.topics),
        })),
      () => {},
    );
    return () => controller.abort();
  }, [asked, apiKey]);
  const search = (text: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setAsked(text.trim()), LOOKUP_PAUSE_MS);
  };
  return { known, search };
}

function merge(kept: Option[], found: ReadonlyArray<{ slug: string; name: string }>): Option[] {
  const bySlug = new Map(kept.map((option) => [option.slug, option]));
  for (const each of found) bySlug.set(each.slug, { slug: each.slug, name: each.name });
  return [...bySlug.values()].sort((a, b) => a.name.localeCompare(b.name));
}
