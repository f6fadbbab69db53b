import { html } from "htm/preact";
import { useId } from "preact/hooks";
import { checkDate } from "./dates";

/** A labelled text field, with the problem the server or the workspace found in it said under it. */
export function TextField({
  label,
  value,
  onInput,
  problem = null,
  hint = null,
  type = "text",
  required = false,
  name,
}: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  problem?: string | null;
  hint?: string | null;
  type?: string;
  required?: boolean;
  name?: string;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : "", problem ? `${id}-problem` : ""].filter(Boolean).join(" ");
  return html`
    <div class="field">
      <label for=${id}>${label}${required ? html` <span aria-hidden="true">*</span>` : null}</label>
      <input
        id=${id}
        name=${name}
        type=${type}
        value=${value}
        required=${required}
        aria-invalid=${problem ? "true" : undefined}
        aria-describedby=${described || undefined}
        onInput=${(event: Event) => onInput((event.target as HTMLInputElement).value)}
      />
      ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
      ${problem ? html`<p class="problem" id=${`${id}-problem`}>${problem}</p>` : null}
    </div>
  `;
}

/**
 * A fuzzy date field: EDTF checked as typed with the gateway's rules, its bounds said in words
 * under it ("2015-01-01 to 2017-12-31, approximate"); `open` allows `..` (goes on today).
 */
export function DateField({ label, value, onInput, open = false, problem = null, name }: { label: string; value: string; onInput: (value: string) => void; open?: boolean; problem?: string | null; name?: string }) {
  const id = useId();
  const check = checkDate(value.trim(), { open });
  const shown = problem ?? (check.kind === "error" ? check.words : null);
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${name}
        type="text"
        inputmode="numeric"
        autocomplete="off"
        value=${value}
        aria-invalid=${shown ? "true" : undefined}
        aria-describedby=${`${id}-words`}
        onInput=${(event: Event) => onInput((event.target as HTMLInputElement).value)}
      />
      <p class=${shown ? "problem" : "hint"} id=${`${id}-words`} aria-live="polite">
        ${shown ?? check.words}
      </p>
      <p class="hint">${open ? "EDTF: 2019, 2019-03, 2019-03-15, ~ approximate, ? uncertain; .. goes on; empty: unknown" : "EDTF: 2019, 2019-03, 2019-03-15, ~ approximate, ? uncertain; empty: unknown"}</p>
    </div>
  `;
}
