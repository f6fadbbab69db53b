/** Highlights: PostgreSQL marks the matched words; we turn that into safe HTML. */
import { escapeHtml, highlightHtml } from "../../src/quotes/highlight";
import { HEADLINE_START as S, HEADLINE_STOP as E } from "../../src/quotes/quote-query";

describe("highlightHtml", () => {
  it("wraps each marked word in <mark> and escapes everything else", () => {
    const text = `Tom & Jerry said "<b>hi</b>" to Ann's cat.`;
    const headline = `Tom & ${S}Jerry${E} said "<b>${S}hi${E}</b>" to Ann's cat.`;
    expect(highlightHtml(text, headline)).toBe("Tom &amp; <mark>Jerry</mark> said &quot;&lt;b&gt;<mark>hi</mark>&lt;/b&gt;&quot; to Ann&#39;s cat.");
  });

  it("escapes inside the marks too", () => {
    expect(highlightHtml("a<b", `${S}a<b${E}`)).toBe("<mark>a&lt;b</mark>");
  });

  it("keeps the text whole when nothing is marked", () => {
    expect(highlightHtml("plain & simple", "plain & simple")).toBe("plain &amp; simple");
  });

  it("falls back to the escaped text when the headline is not the text with marks", () => {
    expect(highlightHtml("one two", `one ${S}three${E}`)).toBe("one two");
  });

  it("falls back when the text itself holds the mark characters, which could then be forged", () => {
    const text = `x${S}y${E}z`;
    expect(highlightHtml(text, text)).toBe(escapeHtml(text));
    expect(highlightHtml(text, text)).not.toContain("<mark>");
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters HTML gives meaning to, and nothing else", () => {
    expect(escapeHtml(`<a href="x">&'</a> 😀 é`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt; 😀 é");
  });
});
