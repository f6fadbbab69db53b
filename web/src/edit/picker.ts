import { html } from "htm/preact";
import { useId, useState } from "preact/hooks";
import { proposeSlug } from "./draft";

/** A person, company or topic that can be chosen. */
export interface Option {
  slug: string;
  name: string;
  /** Declared by this draft (new), not yet in the database. */
  isNew?: boolean;
}

/**
 * Chooses one person, company or topic (or several, with `multiple`) among those that exist and
 * those the draft made, found by what is typed; or makes a new one from the typed name, with a
 * slug proposed from it (and editable). Each choice is a button; what is chosen is listed with a
 * button to take it back.
 */
export function Picker({
  label,
  noun,
  options,
  chosen,
  multiple = false,
  onSearch,
  onChoose,
  onCreate,
  onRemove,
  problem = null,
}: {
  label: string;
  noun: string;
  options: readonly Option[];
  chosen: readonly Option[];
  multiple?: boolean;
  onSearch: (text: string) => void;
  onChoose: (option: Option) => void;
  /** Makes a new one from the typed name; none: only existing ones can be chosen. */
  onCreate?: (option: Option) => void;
  onRemove: (slug: string) => void;
  problem?: string | null;
}) {
  const id = useId();
  const [typed, setTyped] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const wanted = typed.trim().toLowerCase();
  const matches = wanted === "" ? [] : options.filter((option) => !chosen.some((each) => each.slug === option.slug) && (option.name.toLowerCase().includes(wanted) || option.slug.includes(wanted))).slice(0, 8);
  const exact = options.some((option) => option.name.toLowerCase() === wanted || option.slug === wanted);
  const proposed = slug ?? proposeSlug(typed);
  const choose = (option: Option) => {
    onChoose(option);
    setTyped("");
    setSlug(null);
  };
  const create = () => {
    if (!typed.trim() || !proposed || !onCreate) return;
    onCreate({ slug: proposed, name: typed.trim(), isNew: true });
    setTyped("");
    setSlug(null);
  };
  return html`
    <div class="picker" role="group" aria-labelledby=${`${id}-label`}>
      <span class="picker-label" id=${`${id}-label`}>${label}</span>
      ${chosen.length
        ? html`<ul class="chosen" aria-label=${`${label}: chosen`}>
            ${chosen.map(
              (option) => html`<li>
                <span>${option.name}${option.isNew ? html` <span class="badge">new</span>` : null} <code>${option.slug}</code></span>
                <button type="button" class="small" onClick=${() => onRemove(option.slug)} aria-label=${`Remove ${option.name} from ${label.toLowerCase()}`}>×</button>
              </li>`,
            )}
          </ul>`
        : null}
      ${html`
            <label class="field">
              <span>${multiple || chosen.length === 0 ? `Find${onCreate ? " or add" : ""} a ${noun}` : `Another ${noun}`}</span>
              <input
                type="search"
                value=${typed}
                autocomplete="off"
                aria-describedby=${problem ? `${id}-problem` : undefined}
                aria-invalid=${problem ? "true" : undefined}
                onInput=${(event: Event) => {
                  const value = (event.target as HTMLInputElement).value;
                  setTyped(value);
                  setSlug(null);
                  onSearch(value);
                }}
                onKeyDown=${(event: KeyboardEvent) => {
                  if (event.key !== "Enter") return;
                  event.preventDefault();
                  const first = matches[0];
                  if (first) choose(first);
                  else if (!exact) create();
                }}
              />
            </label>
            ${matches.length
              ? html`<ul class="matches" aria-label=${`Matching ${noun}s`}>
                  ${matches.map((option) => html`<li><button type="button" class="link" onClick=${() => choose(option)}>${option.name} <code>${option.slug}</code></button></li>`)}
                </ul>`
              : null}
            ${wanted !== "" && !exact && !onCreate && matches.length === 0 ? html`<p class="hint">${`No ${noun} of that name: only existing ones can be chosen here.`}</p>` : null}
            ${wanted !== "" && !exact && onCreate
              ? html`<div class="create">
                  <label class="field inline">
                    <span>${`Slug of the new ${noun}`}</span>
                    <input type="text" value=${proposed} onInput=${(event: Event) => setSlug((event.target as HTMLInputElement).value)} />
                  </label>
                  <button type="button" onClick=${create} disabled=${!proposed}>${`New ${noun}: “${typed.trim()}”`}</button>
                </div>`
              : null}
          `}
      ${problem ? html`<p class="problem" id=${`${id}-problem`} role="alert">${problem}</p>` : null}
    </div>
  `;
}
