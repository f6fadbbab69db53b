/**
 * docs/clients.md shows only code that the tests run: each of its code blocks is, verbatim, the
 * text of one of these files, and each of these files is in it.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { CLIENTS_DIR } from "../support/gateway.mjs";

/** docs/clients.md of the repository clients/ is in (not GATEWAY_ROOT's). */
const GUIDE = join(CLIENTS_DIR, "..", "docs", "clients.md");

/** The files the guide shows: imported, run, served or used as configuration by the tests. */
const SHOWN = [
  ...readdirSync(join(CLIENTS_DIR, "snippets")).map((file) => join(CLIENTS_DIR, "snippets", file)),
  join(CLIENTS_DIR, "relay", "relay.config.js"),
  join(CLIENTS_DIR, "relay", "src", "QuoteList.js"),
];

/** The fenced code blocks of a Markdown text. */
function codeBlocks(markdown) {
  return [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

describe("docs/clients.md", () => {
  const guide = readFileSync(GUIDE, "utf8");
  const files = new Map(SHOWN.map((file) => [relative(CLIENTS_DIR, file), readFileSync(file, "utf8")]));

  it("shows each snippet file whole, as a code block", () => {
    const blocks = new Set(codeBlocks(guide));
    for (const [file, text] of files) assert.ok(blocks.has(text), `${file} is not in docs/clients.md verbatim`);
  });

  it("shows no other code", () => {
    const texts = new Set(files.values());
    for (const block of codeBlocks(guide)) assert.ok(texts.has(block), `a code block of docs/clients.md is no snippet file:\n${block}`);
  });
});
