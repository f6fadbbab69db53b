import { BodyMatch, BodyText, foldTypography } from "../../src/domain/body-text";

/** The W3C TextPositionSelector promise: the span, counted in code points, is the text. */
function expectSpanHolds(body: string, match: BodyMatch): void {
  expect([...body].slice(match.start, match.end).join("")).toBe(match.text);
}

function spans(matches: BodyMatch[]): Array<[number, number]> {
  return matches.map(({ start, end }) => [start, end]);
}

/** A small deterministic PRNG (mulberry32), so a failing property run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ESSAY =
  "This is an as-told-to essay based on a conversation with Jigar Bhati, a member of " +
  "technical staff at OpenAI. He\u2019s worked at the company since 2023 and previously " +
  "worked as a software engineer at Twitter.\n\nI was working at Twitter for almost seven " +
  "years and was looking for a change in general. OpenAI hires probably the best talent " +
  "out there.";

describe("BodyText", () => {
  describe("length and slice", () => {
    // a, 😀, b, 🇫, 🇷, c, 𝄞: a flag is two regional-indicator code points.
    const body = "a\u{1F600}b\u{1F1EB}\u{1F1F7}c\u{1D11E}";
    const text = new BodyText(body);

    it("counts code points, not UTF-16 units", () => {
      expect(body.length).toBe(11);
      expect(text.length).toBe(7);
      expect(text.body).toBe(body);
    });

    it("slices with astral characters before, inside and after the span", () => {
      expect(text.slice(0, 1)).toBe("a");
      expect(text.slice(1, 2)).toBe("\u{1F600}");
      expect(text.slice(2, 3)).toBe("b"); // after one astral character
      expect(text.slice(1, 3)).toBe("\u{1F600}b");
      expect(text.slice(3, 5)).toBe("\u{1F1EB}\u{1F1F7}");
      expect(text.slice(5, 6)).toBe("c"); // after three astral characters
      expect(text.slice(6, 7)).toBe("\u{1D11E}");
      expect(text.slice(0, 7)).toBe(body);
      expect(text.slice(4, 4)).toBe("");
      for (let start = 0; start <= text.length; start++) {
        for (let end = start; end <= text.length; end++) {
          expect(text.slice(start, end)).toBe([...body].slice(start, end).join(""));
        }
      }
    });

    it("rejects spans outside the body", () => {
      expect(() => text.slice(-1, 2)).toThrow(RangeError);
      expect(() => text.slice(3, 2)).toThrow(RangeError);
      expect(() => text.slice(0, 8)).toThrow("span [0, 8) is not within the body's 7 code points");
      expect(() => text.slice(0.5, 2)).toThrow(RangeError);
    });

    it("handles an empty body", () => {
      const empty = new BodyText("");
      expect(empty.length).toBe(0);
      expect(empty.slice(0, 0)).toBe("");
      expect(empty.findExact("a")).toEqual([]);
      expect(empty.findFolded("a")).toEqual([]);
    });

    it("counts a lone surrogate as one code point, as [...body] does", () => {
      const body = "a\uD83Db\u{1F600}";
      const lone = new BodyText(body);
      expect(lone.length).toBe([...body].length);
      expect(lone.slice(2, 4)).toBe("b\u{1F600}");
    });
  });

  describe("findExact", () => {
    it("finds every occurrence, in order", () => {
      const text = new BodyText(ESSAY);
      const matches = text.findExact("Twitter");
      expect(matches).toHaveLength(2);
      expect(matches[0]!.start).toBeLessThan(matches[1]!.start);
      for (const match of matches) {
        expect(match.text).toBe("Twitter");
        expectSpanHolds(ESSAY, match);
      }
    });

    it("allows overlapping occurrences", () => {
      expect(spans(new BodyText("aaaa").findExact("aa"))).toEqual([
        [0, 2],
        [1, 3],
        [2, 4],
      ]);
      expect(spans(new BodyText("abababa").findExact("aba"))).toEqual([
        [0, 3],
        [2, 5],
        [4, 7],
      ]);
    });

    it("counts spans in code points around astral characters", () => {
      const body = "\u{1F600} hi \u{1F1EB}\u{1F1F7} hi \u{1D11E}hi\u{1F600}";
      const text = new BodyText(body);
      const matches = text.findExact("hi");
      expect(spans(matches)).toEqual([
        [2, 4],
        [8, 10],
        [12, 14],
      ]);
      matches.forEach((match) => expectSpanHolds(body, match));

      const flag = text.findExact("\u{1F1EB}\u{1F1F7}");
      expect(spans(flag)).toEqual([[5, 7]]);
      const withEmoji = text.findExact("hi\u{1F600}");
      expect(spans(withEmoji)).toEqual([[12, 15]]);
      withEmoji.forEach((match) => expectSpanHolds(body, match));
    });

    it("finds repeated astral characters", () => {
      const body = "\u{1F600}\u{1F600}\u{1F600}";
      expect(spans(new BodyText(body).findExact("\u{1F600}\u{1F600}"))).toEqual([
        [0, 2],
        [1, 3],
      ]);
    });

    it("returns nothing for an empty or absent needle", () => {
      const text = new BodyText(ESSAY);
      expect(text.findExact("")).toEqual([]);
      expect(text.findExact("Google")).toEqual([]);
      // Exact means exact: the curly apostrophe is not a straight one.
      expect(text.findExact("He's worked")).toEqual([]);
    });

    it("never returns half of a surrogate pair", () => {
      const text = new BodyText("x\u{1F600}y");
      expect(text.findExact("\uD83D")).toEqual([]);
      expect(text.findExact("\uDE00y")).toEqual([]);
    });

    it("contains every random substring at its code-point offset (property)", () => {
      const next = random(20240229);
      const alphabet = [
        ..."ab c",
        "\u{1F600}",
        "\u{1D11E}",
        "\u{1F1EB}",
        "\u{1F1F7}",
        "\u00e9",
        "\u2019",
      ];
      const codePoints = Array.from(
        { length: 400 },
        () => alphabet[Math.floor(next() * alphabet.length)]!,
      );
      const body = codePoints.join("");
      const text = new BodyText(body);
      expect(text.length).toBe(400);

      for (let run = 0; run < 300; run++) {
        const start = Math.floor(next() * codePoints.length);
        const end = start + 1 + Math.floor(next() * Math.min(12, codePoints.length - start));
        const needle = codePoints.slice(start, end).join("");
        const matches = text.findExact(needle);
        expect(matches).toContainEqual({ start, end, text: needle });
        for (const match of matches) {
          expect(match.end - match.start).toBe(end - start);
          expectSpanHolds(body, match);
        }
      }
    });
  });

  describe("foldTypography", () => {
    it("folds quotes, primes, dashes and the ellipsis", () => {
      expect(foldTypography("\u2018a\u2019 \u201ab\u201b 5\u2032")).toBe("'a' 'b' 5'");
      expect(foldTypography("\u201ca\u201d \u201eb\u201f 5\u2033")).toBe('"a" "b" 5"');
      expect(foldTypography("a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h")).toBe(
        "a-b-c-d-e-f-g-h",
      );
      expect(foldTypography("wait\u2026")).toBe("wait...");
    });

    it("collapses each run of white space to one space without trimming", () => {
      expect(foldTypography("  a\t\n\r\n b\u00a0\u00a0c\u2003d\u202fe\u205ff\u3000g\u2009 ")).toBe(
        " a b c d e f g ",
      );
    });

    it("leaves other text, astral characters included, alone", () => {
      const plain = "caf\u00e9 \u{1F600} - 'x' \"y\" ...";
      expect(foldTypography(plain)).toBe(plain);
    });
  });

  describe("findFolded", () => {
    it("matches a straight apostrophe against a curly one and returns the body's text", () => {
      const text = new BodyText(ESSAY);
      const [match, ...rest] = text.findFolded("He's worked at the company since 2023");
      expect(rest).toEqual([]);
      expect(match!.text).toBe("He\u2019s worked at the company since 2023");
      expectSpanHolds(ESSAY, match!);
    });

    it("matches curly needles against straight bodies", () => {
      const body = 'She said "don\'t" twice';
      const matches = new BodyText(body).findFolded("\u201cdon\u2019t\u201d");
      expect(matches).toEqual([{ start: 9, end: 16, text: "\"don't\"" }]);
    });

    it("matches across no-break spaces and runs of newlines", () => {
      const text = new BodyText(ESSAY);
      const [match] = text.findFolded("Twitter. I was working");
      expect(match!.text).toBe("Twitter.\n\nI was working");
      expectSpanHolds(ESSAY, match!);

      const body = "almost\u00a0seven \u00a0\n years";
      expect(new BodyText(body).findFolded("almost seven years")).toEqual([
        { start: 0, end: body.length, text: body },
      ]);
    });

    it("trims the folded needle", () => {
      const body = "one two three";
      expect(new BodyText(body).findFolded(" \n two\u00a0")).toEqual([
        { start: 4, end: 7, text: "two" },
      ]);
      expect(new BodyText(body).findFolded(" \u3000 ")).toEqual([]);
      expect(new BodyText(body).findFolded("")).toEqual([]);
    });

    it("matches an em dash against a hyphen, and the reverse", () => {
      expect(new BodyText("from 2016\u20142023 at Twitter").findFolded("2016-2023")).toEqual([
        { start: 5, end: 14, text: "2016\u20142023" },
      ]);
      expect(new BodyText("a well-known fact").findFolded("well\u2013known")).toEqual([
        { start: 2, end: 12, text: "well-known" },
      ]);
    });

    it("matches an ellipsis against three dots, and the reverse", () => {
      expect(new BodyText("and so\u2026 we left").findFolded("so... we")).toEqual([
        { start: 4, end: 10, text: "so\u2026 we" },
      ]);
      expect(new BodyText("and so... we left").findFolded("so\u2026 we")).toEqual([
        { start: 4, end: 12, text: "so... we" },
      ]);
    });

    it("discards matches that begin or end inside an expansion", () => {
      const text = new BodyText("and so\u2026 we left");
      expect(text.findFolded("so.")).toEqual([]);
      expect(text.findFolded("so..")).toEqual([]);
      expect(text.findFolded(". we")).toEqual([]);
      expect(text.findFolded(".")).toEqual([]);
      expect(text.findFolded("..")).toEqual([]);
      expect(text.findFolded("...")).toEqual([{ start: 6, end: 7, text: "\u2026" }]);
      expect(text.findFolded("so\u2026")).toEqual([{ start: 4, end: 7, text: "so\u2026" }]);
    });

    it("keeps code-point spans right with astral characters around", () => {
      const body =
        "\u{1F600}\u{1F1EB}\u{1F1F7} He\u2019s \u201cthe best\u201d\u2026 \u{1D11E} it\u2019s";
      const text = new BodyText(body);
      const matches = text.findFolded('"the best"...');
      expect(matches).toHaveLength(1);
      expect(matches[0]).toMatchObject({ start: 9, end: 20, text: "\u201cthe best\u201d\u2026" });
      expectSpanHolds(body, matches[0]!);

      const apostrophes = text.findFolded("'s");
      expect(spans(apostrophes)).toEqual([
        [6, 8],
        [25, 27],
      ]);
      apostrophes.forEach((match) => expectSpanHolds(body, match));
    });

    it("finds overlapping folded occurrences", () => {
      expect(spans(new BodyText("\u2014\u2014\u2014").findFolded("--"))).toEqual([
        [0, 2],
        [1, 3],
      ]);
    });

    it("contains every random substring at its code-point offset (property)", () => {
      const next = random(7);
      const alphabet = [
        ..."ab",
        " ",
        "\n",
        "\u00a0",
        "\u2019",
        "'",
        "\u2014",
        "-",
        "\u2026",
        ".",
        "\u{1F600}",
        "\u{1D11E}",
      ];
      const pick = (): string => alphabet[Math.floor(next() * alphabet.length)]!;
      const codePoints = Array.from({ length: 300 }, pick);
      const body = codePoints.join("");
      const text = new BodyText(body);
      const isSpace = (c: string | undefined): boolean => c === " " || c === "\n" || c === "\u00a0";

      let checked = 0;
      for (let run = 0; run < 400; run++) {
        const start = Math.floor(next() * codePoints.length);
        const end = start + 1 + Math.floor(next() * Math.min(10, codePoints.length - start));
        // A needle that starts or ends in white space is trimmed, so its span would shrink.
        if (isSpace(codePoints[start]) || isSpace(codePoints[end - 1])) continue;
        checked++;
        const needle = codePoints.slice(start, end).join("");
        const matches = text.findFolded(needle);
        expect(matches).toContainEqual({ start, end, text: needle });
        matches.forEach((match) => expectSpanHolds(body, match));
      }
      expect(checked).toBeGreaterThan(100);
    });
  });

  describe("nearest", () => {
    it("returns the passage for a needle with one word changed", () => {
      const text = new BodyText(ESSAY);
      const match = text.nearest("I was working at Twitter for almost eight years");
      expect(match).not.toBeNull();
      expect(match!.text).toBe("I was working at Twitter for almost seven years");
      expectSpanHolds(ESSAY, match!);
    });

    it("ignores case and typography when comparing words", () => {
      const text = new BodyText(ESSAY);
      expect(text.nearest("he's WORKED at the firm since 2023")!.text).toBe(
        "He\u2019s worked at the company since 2023",
      );
    });

    it("returns a verbatim (or folded) occurrence as it is", () => {
      const text = new BodyText(ESSAY);
      expect(text.nearest("OpenAI hires probably the best talent out there.")).toEqual(
        text.findExact("OpenAI hires probably the best talent out there.")[0],
      );
    });

    it("counts spans in code points when astral characters come first", () => {
      const body =
        "\u{1F600}\u{1F1EB}\u{1F1F7} intro. The quick brown fox jumps \u{1D11E} over it.";
      const text = new BodyText(body);
      const match = text.nearest("the quick red fox jumps");
      expect(match!.text).toBe("The quick brown fox jumps");
      expectSpanHolds(body, match!);
    });

    it("prefers the first of equally good passages, trimmed to the words they share", () => {
      const match = new BodyText("red fish. blue fish.").nearest("green fish");
      expect(match).toEqual({ start: 4, end: 8, text: "fish" });
    });

    it("drops edge words the needle lacks", () => {
      const match = new BodyText("He left Initech. Small teams move fast.").nearest("Small teams move very fast.");
      expect(match?.text).toBe("Small teams move fast");
    });

    it("uses the whole body when the needle has more words than the body", () => {
      expect(new BodyText("seven years").nearest("almost seven long years at Twitter")!.text).toBe(
        "seven years",
      );
    });

    it("returns null for an empty body or needle, or nothing in common", () => {
      expect(new BodyText("").nearest("anything")).toBeNull();
      expect(new BodyText(ESSAY).nearest("")).toBeNull();
      expect(new BodyText(ESSAY).nearest("\u2026 \u2014")).toBeNull();
      expect(new BodyText(ESSAY).nearest("zebra xylophone")).toBeNull();
    });

    it("finds a planted passage in a long body", () => {
      const next = random(42);
      const vocabulary = ["the", "and", "at", "we", "work", "people", "team", "\u{1F600}", "year"];
      const pick = (): string => vocabulary[Math.floor(next() * vocabulary.length)]!;
      const filler = (count: number): string => Array.from({ length: count }, pick).join(" ");
      const passage = "I was working at Twitter for almost seven years";
      const body = `${filler(8000)} ${passage} ${filler(8000)}`;
      const text = new BodyText(body);
      expect(text.length).toBeGreaterThan(50_000);
      // A long needle: the passage with one word changed, then words the body lacks.
      const absent = Array.from({ length: 200 }, (_, i) => `lorem${i}`).join(" ");
      const needle = `${passage.replace("seven", "eight")} ${absent}`;
      const match = text.nearest(needle);
      expect(match).not.toBeNull();
      expect(match!.text).toContain("Twitter for almost seven years");
      expectSpanHolds(body, match!);
    });
  });

  describe("prefix and suffix", () => {
    const body = "\u{1F600}abc\u{1F1EB}\u{1F1F7}def\u{1D11E}"; // 10 code points
    const text = new BodyText(body);

    it("returns nothing at the body's edges", () => {
      expect(text.prefix(0)).toBe("");
      expect(text.suffix(text.length)).toBe("");
    });

    it("returns what there is when the body is shorter than max", () => {
      expect(text.prefix(4)).toBe("\u{1F600}abc");
      expect(text.suffix(6)).toBe("def\u{1D11E}");
      expect(text.prefix(text.length)).toBe(body);
      expect(text.suffix(0)).toBe(body);
    });

    it("counts max in code points", () => {
      expect(text.prefix(6, 2)).toBe("\u{1F1EB}\u{1F1F7}");
      expect(text.suffix(3, 3)).toBe("c\u{1F1EB}\u{1F1F7}");
      expect(text.prefix(5, 0)).toBe("");
    });

    it("defaults to 32 code points", () => {
      const long = new BodyText("\u{1F600}".repeat(40) + "x" + "\u{1D11E}".repeat(40));
      expect([...long.prefix(40)]).toHaveLength(32);
      expect(long.prefix(41)).toBe("\u{1F600}".repeat(31) + "x");
      expect(long.suffix(40)).toBe("x" + "\u{1D11E}".repeat(31));
    });

    it("anchors a found quote", () => {
      const essay = new BodyText(ESSAY);
      const [match] = essay.findExact("OpenAI hires");
      expect(essay.prefix(match!.start)).toBe("ooking for a change in general. ");
      expect(essay.suffix(match!.end)).toBe(" probably the best talent out th");
    });

    it("rejects positions outside the body", () => {
      expect(() => text.prefix(11)).toThrow(RangeError);
      expect(() => text.suffix(-1)).toThrow(RangeError);
    });
  });
});
