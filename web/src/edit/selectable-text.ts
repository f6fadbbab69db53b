import { html } from "htm/preact";
import { type Ref } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { type TextRange } from "./draft";
import { markedPieces, type TextMark } from "./marks";


/** What the text box does with a key pressed in it: make a quote (q), a career step (s) or a heading (h) of the selection. */
export type SelectionAction = "quote" | "step" | "heading";

const ACTION_KEYS: Record<string, SelectionAction> = { q: "quote", s: "step", h: "heading" };

/**
 * The text, to select words in: a text box that refuses every edit (so a selection is made as in
 * any text box: with the mouse, by touch, or with Shift and the arrow keys, and read as exact
 * offsets; Chromium moves no caret in a `readonly` one, so it is `aria-readonly` instead, and asks
 * a phone for no keyboard),
 * drawn over a copy of the text in which the quotes, evidence and headings are marked. The copy
 * has the box's font, padding and wrapping, and gives the box its height, so the marks stand
 * under their words. A key (q, s, h) in the box acts on the selection, as the buttons do.
 */
export function SelectableText({
  body,
  marks,
  label,
  onSelect,
  onAction,
  boxRef,
}: {
  body: string;
  marks: readonly TextMark[];
  label: string;
  onSelect: (range: TextRange) => void;
  onAction?: (action: SelectionAction) => void;
  boxRef?: Ref<HTMLTextAreaElement>;
}) {
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const ref = (boxRef ?? ownRef) as { current: HTMLTextAreaElement | null };
  const report = () => {
    const box = ref.current;
    if (box) onSelect({ start: box.selectionStart, end: box.selectionEnd });
  };
  // The box says when its selection changes (Chromium fires selectionchange on text boxes).
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    box.addEventListener("selectionchange", report);
    return () => box.removeEventListener("selectionchange", report);
  });
  // The text is never edited here: an input that could not be refused (an IME's composition) is undone.
  const keepText = () => {
    const box = ref.current;
    if (box && box.value !== body) {
      const { selectionStart } = box;
      box.value = body;
      box.setSelectionRange(selectionStart, selectionStart);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const action = ACTION_KEYS[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey || !onAction) return;
    event.preventDefault();
    report();
    onAction(action);
  };
  return html`
    <div class="selectable">
      <div class="selectable-copy" aria-hidden="true">
        ${markedPieces(body, marks).map((piece) => (piece.kinds.length ? html`<mark class=${piece.kinds.map((kind) => `is-${kind}`).join(" ")}>${piece.text}</mark>` : piece.text))}${body.endsWith("\n") ? "\u00a0" : ""}
      </div>
      <textarea
        ref=${ref}
        class="selectable-box"
        aria-readonly="true"
        inputmode="none"
        spellcheck=${false}
        autocomplete="off"
        aria-label=${label}
        value=${body}
        onBeforeInput=${(event: InputEvent) => event.preventDefault()}
        onInput=${keepText}
        onSelect=${report}
        onMouseUp=${report}
        onKeyUp=${report}
        onTouchEnd=${report}
        onKeyDown=${onKeyDown}
      ></textarea>
    </div>
  `;
}

/** Puts the selection of the text box on a range and brings its words into view (a card's "show in text"). */
export function selectInBox(box: HTMLTextAreaElement | null, range: TextRange): void {
  if (!box) return;
  box.focus({ preventScroll: true });
  box.setSelectionRange(range.start, range.end);
  const copy = box.parentElement?.querySelector(".selectable-copy");
  const place = copy ? domRangeAt(copy, range) : null;
  place?.startContainer.parentElement?.scrollIntoView({ block: "center" });
}

/** The DOM range of the copy over the text's range (its text nodes hold the text, in order). */
export function domRangeAt(copy: Element, range: TextRange): Range | null {
  const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
  const dom = document.createRange();
  let offset = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0;
    if (!started && range.start <= offset + length) {
      dom.setStart(node, range.start - offset);
      started = true;
    }
    if (started && range.end <= offset + length) {
      dom.setEnd(node, range.end - offset);
      return dom;
    }
    offset += length;
  }
  return null;
}
