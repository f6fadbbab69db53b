/**
 * The web explorer in a real browser (Debian's Chromium, driven by playwright-core): the
 * essay's person page draws Twitter then OpenAI, the approximate start as approximate; a company
 * page draws everyone's steps there for the period its address asks about; a facet
 * filters the quotes; a search highlights; the reader scrolls to a span; a source corrected
 * through the API (reviseSource) is read at each of its revisions, its changed and orphaned
 * quotes marked as such, and the quotes filter by review. Every view loads in one round trip, raises no client error, reads on a phone and a desktop, is keyboard reachable and
 * has no accessibility violation reported by axe-core. Screenshots go to SCREENSHOTS_DIR
 * (`npm run screenshots` writes docs/screenshots/), else to a temporary folder.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { PROJECT_ROOT } from "../../../src/project";
import { bearer, graphql, type OwnApp, startOwnApp } from "../../support/http";
import { ApiKeyRole, createKey } from "../../support/keys";
import { requirePackage } from "../../support/system-packages";

jest.setTimeout(120_000);
// A browser test that failed is run once more, its first failure printed whole: under a loaded CI
// machine a view has twice, in a full run, shown neither its content nor an error within 30 s
// (the cause is not found yet; waitForView now says what the page's requests got). A test that
// fails twice fails the run.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = process.env.SCREENSHOTS_DIR ? join(PROJECT_ROOT, process.env.SCREENSHOTS_DIR) : mkdtempSync(join(tmpdir(), "ig-screens-"));
const AXE = join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js");
const ESSAY = "openai-engineer-as-told-to";

let own: OwnApp;
let browser: Browser;

beforeAll(async () => {
  requirePackage("chromium");
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's (sudo apt-get install chromium; CI does) or set CHROMIUM_PATH`);
  }
  own = await startOwnApp();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
});

afterAll(async () => {
  await browser?.close();
  await own?.finish();
});

/** A page that records client errors and the GraphQL requests it sends. */
async function openPage(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[]; graphqlRequests: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const graphqlRequests: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/graphql") graphqlRequests.push(request.url());
  });
  return { page, errors, graphqlRequests };
}

/** Opens an address and waits until its one request has been answered and drawn. */
async function visit(page: Page, path: string, ready: string): Promise<void> {
  await page.goto(`${own.app.url}${path}`);
  await waitForView(page, ready);
}

/**
 * Waits until a view is ready; a view that shows its error instead fails at once, saying what it
 * showed. One that shows neither fails saying what its GraphQL requests got, and what it drew.
 */
async function waitForView(page: Page, ready: string): Promise<void> {
  const answers: string[] = [];
  const started = performance.now();
  const onResponse = (response: { url(): string; status(): number }) => {
    if (response.url().includes("/graphql")) answers.push(`HTTP ${response.status()} after ${Math.round(performance.now() - started)} ms`);
  };
  const onFailure = (request: { url(): string; failure(): { errorText: string } | null }) => {
    if (request.url().includes("/graphql")) answers.push(`failed (${request.failure()?.errorText ?? "?"}) after ${Math.round(performance.now() - started)} ms`);
  };
  page.on("response", onResponse);
  page.on("requestfailed", onFailure);
  let shown;
  try {
    shown = await page.waitForSelector(`${ready}, p.error`);
  } catch (error) {
    const drawn = (await page.content().catch(() => "")).replace(/\s+/g, " ").slice(0, 1500);
    throw new Error(`${page.url()} showed neither ${ready} nor an error; its GraphQL requests: ${answers.join(", ") || "none answered"}; the page: ${drawn}`, { cause: error });
  } finally {
    page.off("response", onResponse);
    page.off("requestfailed", onFailure);
  }
  if (await shown.evaluate((element) => element.matches("p.error"))) {
    throw new Error(`${page.url()} showed an error instead of ${ready}: ${await shown.textContent()}`);
  }
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return (await axe.run()).violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  });
  return violations;
}

async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** Each view, the element that shows it has been drawn, and whether a desktop screenshot takes the whole page. */
const VIEWS: Array<{ name: string; path: string; ready: string; wholePage: boolean }> = [
  { name: "people", path: "/", ready: ".card", wholePage: true },
  { name: "person", path: "/people/jigar-bhati", ready: "a.step", wholePage: true },
  { name: "company", path: "/companies/twitter?during=2016/2019", ready: "a.step", wholePage: true },
  { name: "dashboard", path: "/quotes?topic=hiring", ready: ".results li", wholePage: true },
  { name: "search", path: "/quotes?q=startup", ready: ".results mark", wholePage: true },
  { name: "reader", path: `/sources/${ESSAY}#q=256-344`, ready: "#target", wholePage: false },
];

describe.each(VIEWS.map((view) => [view.name, view] as const))("the %s view", (name, view) => {
  it("loads in one round trip, without a client error, and with no axe-core violation, on a desktop and a phone", async () => {
    for (const [size, viewport] of [
      ["desktop", { width: 1280, height: 900 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      const { page, errors, graphqlRequests } = await openPage(viewport);
      try {
        await visit(page, view.path, view.ready);
        await page.waitForLoadState("networkidle");
        expect(graphqlRequests).toHaveLength(1);
        // Only persisted operations, by hash: never a query's text.
        expect(graphqlRequests[0]).toContain("persistedQuery");
        expect(new URL(graphqlRequests[0] ?? "").searchParams.get("query")).toBeNull();
        expect(await axeViolations(page)).toEqual([]);
        expect(await overflowsHorizontally(page)).toBe(false);
        expect(errors).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`), fullPage: size === "desktop" && view.wholePage });
      } finally {
        await page.close();
      }
    }
  });
});

describe("the person page", () => {
  it("draws Twitter then OpenAI: the approximate start as approximate, the current role running on to today", async () => {
    const { page } = await openPage();
    try {
      await visit(page, "/people/jigar-bhati", "a.step");
      const steps = await page.$$eval("a.step", (links) =>
        links.map((link) => ({
          company: link.getAttribute("data-company"),
          approximateStart: link.getAttribute("data-start-approximate"),
          end: link.getAttribute("data-end"),
          startFade: link.querySelector("rect.fade.start")?.getAttribute("class") ?? null,
          startFadeWidth: Number(link.querySelector("rect.fade.start")?.getAttribute("width") ?? 0),
          startFadeFill: link.querySelector("rect.fade.start")?.getAttribute("fill") ?? null,
          endFade: link.querySelector("rect.fade.end")?.getAttribute("class") ?? null,
          arrow: link.querySelector("line.open-end") !== null,
          label: link.querySelector("desc")?.textContent ?? null,
        })),
      );
      expect(steps.map((step) => step.company)).toEqual(["twitter", "openai"]);
      const [twitter, openai] = steps;
      expect(twitter).toMatchObject({ approximateStart: "true", end: "known", startFade: "fade start approximate", startFadeFill: "url(#fade-in)", endFade: "fade end approximate", arrow: false });
      // "2016~" spans 2015 to 2017: a fade three years wide, not a point.
      expect(twitter?.startFadeWidth).toBeGreaterThan(openai?.startFadeWidth ?? 0);
      expect(twitter?.label).toMatch(/^Software engineer at Twitter, c\. 2016 to c\. 2023/);
      expect(openai).toMatchObject({ approximateStart: "false", end: "open", arrow: true, endFade: null });
      expect(openai?.label).toMatch(/to now/);
    } finally {
      await page.close();
    }
  });

  it("shows a step's evidence on keyboard focus, linking to the reader at its span", async () => {
    const { page } = await openPage();
    try {
      await visit(page, "/people/jigar-bhati", "a.step");
      // Keyboard only: Tab from the top until a timeline step has the focus.
      let focused = "";
      for (let presses = 0; presses < 15 && focused !== "openai"; presses += 1) {
        await page.keyboard.press("Tab");
        focused = await page.evaluate(() => document.activeElement?.getAttribute("data-company") ?? "");
      }
      expect(focused).toBe("openai");
      await page.waitForFunction(() => document.querySelector(".evidence")?.textContent?.includes("since 2023"));
      const link = await page.$eval(".evidence a", (anchor) => anchor.getAttribute("href"));
      expect(link).toMatch(new RegExp(`^/sources/${ESSAY}#q=\\d+-\\d+$`));
      await page.keyboard.press("Enter");
      await page.waitForSelector("#target");
      expect(await page.$eval("#target", (mark) => mark.textContent)).toBe("He’s worked at the company since 2023");
    } finally {
      await page.close();
    }
  });
});

describe("the company page", () => {
  /** Waits until the page's sentence says what its answer holds (the answer before stays shown until then). */
  async function waitForSummary(page: Page, text: string): Promise<void> {
    await page.waitForFunction((expected) => document.querySelector(".summary")?.textContent === expected, text);
  }

  async function drawnSteps(page: Page) {
    return page.$$eval("a.step", (links) =>
      links.map((link) => ({ person: link.getAttribute("data-person"), company: link.getAttribute("data-company"), end: link.getAttribute("data-end"), label: link.querySelector("desc")?.textContent ?? null })),
    );
  }

  it("draws everyone's steps there on one axis, as honestly as a person's, each row linking to its person; and lists the people", async () => {
    const { page, errors } = await openPage();
    try {
      await visit(page, "/companies/twitter", "a.step");
      expect(await page.textContent("h1")).toBe("Twitter");
      expect(await page.getAttribute("main .lede a", "href")).toBe("https://twitter.com");
      expect(await page.$$eval(".company-steps svg .axis", (axes) => axes.length)).toBe(1);
      expect(await drawnSteps(page)).toEqual([{ person: "jigar-bhati", company: "twitter", end: "known", label: expect.stringMatching(/^Jigar Bhati: Software engineer at Twitter, c\. 2016 to c\. 2023/) as unknown }]);
      // "2016~" and "2023~": both ends fade across their bounds, dotted as "about".
      expect(await page.$eval("a.step", (link) => [...link.querySelectorAll("rect")].map((rect) => rect.getAttribute("class")))).toEqual(["fade start approximate", "core", "fade end approximate"]);
      expect(await page.$$eval(".row-label", (links) => links.map((link) => [link.getAttribute("href"), link.textContent]))).toEqual([["/people/jigar-bhati", "Jigar Bhati"]]);
      expect(await page.$$eval(".people a", (links) => links.map((link) => link.getAttribute("href")))).toEqual(["/people/jigar-bhati"]);
      // No period asked about: nothing shaded.
      expect(await page.$("rect.period")).toBeNull();

      await visit(page, "/companies/openai", "a.step");
      expect(await drawnSteps(page)).toEqual([{ person: "jigar-bhati", company: "openai", end: "open", label: expect.stringMatching(/^Jigar Bhati: Member of technical staff at OpenAI, 2023 to now/) as unknown }]);
      expect(await page.$("a.step line.open-end")).not.toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("keeps the period and how sure in the address, draws what they keep, and goes back", async () => {
    const { page, errors, graphqlRequests } = await openPage();
    try {
      await visit(page, "/companies/twitter", "a.step");
      await page.fill("#from", "2016");
      await page.fill("#to", "2016");
      await page.press("#to", "Enter");
      await waitForSummary(page, "1 person possibly at Twitter during 2016.");
      expect(new URL(page.url()).search).toBe("?during=2016");
      expect((await drawnSteps(page)).map((step) => step.person)).toEqual(["jigar-bhati"]);
      expect(await page.$("rect.period")).not.toBeNull();

      // "2016~" may have begun in 2017: not certainly there in 2016.
      await page.check("input[name=certainty][value=CERTAINLY]");
      await waitForSummary(page, "Nobody known for certain at Twitter during 2016.");
      expect(new URL(page.url()).search).toBe("?during=2016&certainty=CERTAINLY");
      expect(await drawnSteps(page)).toEqual([]);
      expect(await page.$(".people")).toBeNull();

      // From "2016~" to "2023~", he was surely there in 2019.
      await page.fill("#from", "2019");
      await page.fill("#to", "2019");
      await page.click(".period button[type=submit]");
      await waitForSummary(page, "1 person certainly at Twitter during 2019.");
      expect(new URL(page.url()).searchParams.get("during")).toBe("2019");
      expect(new URL(page.url()).searchParams.get("certainty")).toBe("CERTAINLY");
      expect((await drawnSteps(page)).map((step) => step.person)).toEqual(["jigar-bhati"]);
      expect(graphqlRequests).toHaveLength(4);

      await page.goBack();
      await waitForSummary(page, "Nobody known for certain at Twitter during 2016.");
      expect(await page.inputValue("#from")).toBe("2016");
      expect(await page.isChecked("input[name=certainty][value=CERTAINLY]")).toBe(true);
      await page.goBack();
      await waitForSummary(page, "1 person possibly at Twitter during 2016.");
      expect(await page.isChecked("input[name=certainty][value=POSSIBLY]")).toBe(true);
      expect((await drawnSteps(page)).map((step) => step.person)).toEqual(["jigar-bhati"]);

      // A reload shows the same.
      await page.reload();
      await waitForView(page, "a.step");
      await waitForSummary(page, "1 person possibly at Twitter during 2016.");
      expect(await page.inputValue("#to")).toBe("2016");
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("says so in words when nobody was there, and never sends a year half typed", async () => {
    const { page, errors, graphqlRequests } = await openPage();
    try {
      await visit(page, "/companies/openai?during=2022", ".summary");
      expect(await page.textContent(".summary")).toBe("Nobody known at OpenAI during 2022.");
      expect(await page.$("a.step")).toBeNull();

      await page.fill("#from", "202");
      await page.press("#from", "Enter");
      await page.waitForSelector(".period [role=alert]");
      expect(await page.textContent(".period [role=alert]")).toMatch(/^“From” must be a year of four digits/);
      expect(await page.getAttribute("#from", "aria-invalid")).toBe("true");
      await page.fill("#from", "2024");
      await page.fill("#to", "2023");
      await page.press("#to", "Enter");
      await page.waitForFunction(() => document.querySelector(".period [role=alert]")?.textContent === "“From” must not come after “to”.");
      expect(new URL(page.url()).search).toBe("?during=2022");
      expect(graphqlRequests).toHaveLength(1);

      // An address edited by hand into something else is said to be ignored, and not sent.
      await visit(page, "/companies/openai?during=2022-13", "a.step");
      expect(await page.textContent("main")).toContain("is not a year or a range of years");
      expect(JSON.parse(new URL(graphqlRequests.at(-1) ?? "").searchParams.get("variables") ?? "{}")).toEqual({ slug: "openai", during: null, certainty: "POSSIBLY" });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("is where a company's name leads from the people, the person page and a company filter of the quotes", async () => {
    const { page } = await openPage();
    try {
      await visit(page, "/", ".card");
      expect(await page.$$eval(".card .steps a", (links) => links.map((link) => link.getAttribute("href")))).toEqual(["/companies/twitter", "/companies/openai"]);
      // The facet still filters; the company it filters by gets a link of its own.
      await visit(page, "/quotes?company=twitter", ".results li");
      expect(await page.getAttribute('a.facet-value[data-facet="company"][data-slug="twitter"]', "aria-pressed")).toBe("true");
      expect(await page.$$eval(".company-pages a", (links) => links.map((link) => [link.getAttribute("href"), link.textContent]))).toEqual([["/companies/twitter", "Twitter"]]);

      await visit(page, "/people/jigar-bhati", "a.step");
      expect(await page.$$eval(".timeline .row-label", (links) => links.map((link) => link.getAttribute("href")))).toEqual(["/companies/twitter", "/companies/openai"]);
      expect(await page.$$eval("section[aria-labelledby=now] a", (links) => links.map((link) => link.getAttribute("href")))).toEqual(["/companies/openai"]);
      await page.click(".timeline .row-label[href='/companies/twitter']");
      await waitForView(page, ".company-steps a.step");
      expect(new URL(page.url()).pathname).toBe("/companies/twitter");
      expect(await page.textContent("h1")).toBe("Twitter");
    } finally {
      await page.close();
    }
  });

  it("says so when no company has the address's name", async () => {
    const { page, errors } = await openPage();
    try {
      await visit(page, "/companies/nobody-here", "h1");
      expect(await page.textContent("h1")).toBe("No such company");
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe("the quote dashboard", () => {
  it("filters by a facet when it is clicked, keeps the state in the address, and goes back", async () => {
    const { page, graphqlRequests } = await openPage();
    try {
      await visit(page, "/quotes", ".results li");
      expect(await page.$$eval(".results > ol > li", (items) => items.length)).toBe(20);
      await page.click('a.facet-value[data-facet="topic"][data-slug="hiring"]');
      await page.waitForFunction(() => document.querySelectorAll(".results > ol > li").length === 3);
      expect(new URL(page.url()).searchParams.getAll("topic")).toEqual(["hiring"]);
      expect(await page.getAttribute('a.facet-value[data-slug="hiring"]', "aria-pressed")).toBe("true");
      const tags = await page.$$eval(".results > ol > li", (items) => items.map((item) => [...item.querySelectorAll(".tag")].map((tag) => tag.textContent)));
      for (const itemTags of tags) expect(itemTags).toContain("Hiring");
      expect(graphqlRequests).toHaveLength(2);

      await page.goBack();
      await page.waitForFunction(() => document.querySelectorAll(".results > ol > li").length === 20);
      expect(new URL(page.url()).searchParams.getAll("topic")).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("searches in websearch syntax and marks the matches", async () => {
    const { page } = await openPage();
    try {
      await visit(page, "/quotes", ".results li");
      await page.fill("#q", "startup -twitter");
      await page.press("#q", "Enter");
      await page.waitForFunction(() => new URL(window.location.href).searchParams.get("q") === "startup -twitter");
      await page.waitForSelector(".results mark");
      const marked = await page.$$eval(".results mark", (marks) => marks.map((mark) => mark.textContent?.toLowerCase()));
      expect(marked.length).toBeGreaterThan(0);
      expect(new Set(marked)).toEqual(new Set(["startup"]));
      const texts = await page.$$eval(".results blockquote", (quotes) => quotes.map((quote) => quote.textContent ?? ""));
      expect(texts.some((text) => /twitter/i.test(text))).toBe(false);
      expect(await page.textContent(".results [role=status]")).toMatch(/^3 quotes matching/);
    } finally {
      await page.close();
    }
  });

  it("pages with cursors", async () => {
    const { page } = await openPage();
    try {
      await visit(page, "/quotes", ".results li");
      const first = await page.$$eval(".results blockquote", (quotes) => quotes.map((quote) => quote.textContent));
      await page.click("a[rel=next]");
      await page.waitForFunction(() => new URL(window.location.href).searchParams.has("after"));
      await page.waitForFunction((count) => document.querySelectorAll(".results > ol > li").length === count, 29 - 20);
      const second = await page.$$eval(".results blockquote", (quotes) => quotes.map((quote) => quote.textContent));
      expect(second.some((text) => first.includes(text))).toBe(false);
    } finally {
      await page.close();
    }
  });
});

describe("the source reader", () => {
  it("marks every quote, shows the headings, and scrolls to the span of its address", async () => {
    const { page } = await openPage({ width: 1280, height: 700 });
    try {
      // The last quote's span: far down the essay, so reaching it takes a scroll.
      await visit(page, `/sources/${ESSAY}`, ".margin li");
      const hrefs = await page.$$eval(".margin a[href^='#q=']", (links) => links.map((link) => link.getAttribute("href")));
      expect(hrefs).toHaveLength(29);
      expect(await page.$$eval(".text h2", (headings) => headings.map((heading) => heading.textContent))).toEqual([
        "Building up the right work experience is key",
        "OpenAI still feels like a startup",
      ]);
      expect(await page.$$eval(".text mark.quote", (marks) => new Set(marks.flatMap((mark) => (mark.getAttribute("data-quotes") ?? "").split(" "))).size)).toBe(29);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);

      const last = hrefs.at(-1) ?? "";
      await page.click(`.margin a[href='${last}']`);
      await page.waitForSelector("#target");
      const box = await page.$eval("#target", (mark) => {
        const rect = mark.getBoundingClientRect();
        return { top: rect.top, bottom: rect.bottom, height: window.innerHeight, scrolled: window.scrollY };
      });
      expect(box.scrolled).toBeGreaterThan(0);
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.bottom).toBeLessThanOrEqual(box.height);
      expect(await page.$eval("#target", (mark) => mark.textContent)).toBe("I think that’s pretty amazing and speaks to the kind of impact you can make as part of the company.");
      expect(new URL(page.url()).hash).toBe(last);
    } finally {
      await page.close();
    }
  });
});

describe("a source corrected through the API", () => {
  /**
   * The essay, corrected by an editor: a note on top (every span moves: SHIFTED), a quote's last
   * character changed (FUZZY), a quoted sentence cut (ORPHANED: its words stay in revision 1).
   * On a gateway of its own, so that the other tests keep the essay as imported.
   */
  const NOTE = "Corrected in 2025: a quote’s last word, and a sentence cut at the narrator’s request.\n\n";
  const FUZZY_BEFORE = "And you’re always working with smart people. OpenAI hires probably the best talent out there.";
  const FUZZY_AFTER = "And you’re always working with smart people. OpenAI hires probably the best talent out there!";
  const ORPHAN = "With GPT-5, for instance, we had early access to it and could steer the direction of its launch.";
  const CONFIRMED = "I think that’s pretty amazing and speaks to the kind of impact you can make as part of the company.";
  const REVISION_NOTE = "An exclamation restored; the GPT-5 sentence cut.";

  let revised: OwnApp;
  let orphanSpan: { start: number; end: number };

  /** Runs an operation as the editor, failing on any error. */
  async function asEditor<T>(secret: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const reply = await graphql<T>(revised.app, query, variables, bearer(secret));
    if (reply.errors || !reply.data) throw new Error(`${query.split("(")[0] ?? ""} failed: ${reply.raw}`);
    return reply.data;
  }

  beforeAll(async () => {
    revised = await startOwnApp();
    const editor = await createKey(revised.app.database.dataSource, ApiKeyRole.EDITOR, "browser-test editor");
    const { source } = await asEditor<{ source: { body: string; version: number } }>(editor.secret, `query ($slug: String!) { source(slug: $slug) { body version } }`, { slug: ESSAY });
    expect(source.body).toContain(FUZZY_BEFORE);
    expect(source.body).toContain(`${ORPHAN} `);
    const corrected = NOTE + source.body.replace(FUZZY_BEFORE, FUZZY_AFTER).replace(`${ORPHAN} `, "");
    const { reviseSource } = await asEditor<{ reviseSource: { source: { revision: number }; anchors: Array<{ status: string; previousSpan: { start: number; end: number } }> } }>(
      editor.secret,
      `mutation ($input: ReviseSourceInput!) { reviseSource(input: $input) { source { revision } anchors { status previousSpan { start end } } } }`,
      { input: { source: ESSAY, body: corrected, note: REVISION_NOTE, expectedVersion: source.version } },
    );
    expect(reviseSource.source.revision).toBe(2);
    const statuses = reviseSource.anchors.map((anchor) => anchor.status);
    expect(statuses.filter((status) => status === "FUZZY")).toHaveLength(1);
    expect(statuses.filter((status) => status === "ORPHANED")).toHaveLength(1);
    expect(statuses.filter((status) => status !== "SHIFTED")).toHaveLength(2);
    orphanSpan = reviseSource.anchors.find((anchor) => anchor.status === "ORPHANED")?.previousSpan ?? { start: 0, end: 0 };

    const read = await asEditor<{ source: { quotes: { nodes: Array<{ id: string; text: string }> } } }>(editor.secret, `query ($slug: String!) { source(slug: $slug) { quotes(first: 100) { nodes { id text } } } }`, { slug: ESSAY });
    const confirmed = read.source.quotes.nodes.find((quote) => quote.text === CONFIRMED);
    expect(confirmed).toBeDefined();
    await asEditor(editor.secret, `mutation ($input: ReviewInput!) { reviewQuote(input: $input) { quote { id } } }`, { input: { id: confirmed?.id, status: "CONFIRMED", note: "checked against the recording" } });
  });

  afterAll(async () => {
    await revised?.finish();
  });

  /** Opens an address of the corrected gateway and waits until it is drawn. */
  async function visitRevised(page: Page, path: string, ready: string): Promise<void> {
    await page.goto(`${revised.app.url}${path}`);
    await waitForView(page, ready);
  }

  /** The text of every mark of a kind in the body, joined (a quote cut by the target's edges is several marks). */
  async function marked(page: Page, selector: string): Promise<string> {
    return page.$$eval(selector, (marks) => marks.map((mark) => mark.textContent ?? "").join(""));
  }

  it("reads revision 2: the changed quote marked as changed with its old words, the orphan listed with a link to where it stands", async () => {
    const { page, errors, graphqlRequests } = await openPage();
    try {
      await visitRevised(page, `/sources/${ESSAY}`, ".margin li");
      expect(graphqlRequests).toHaveLength(1);
      expect(await page.textContent(".revision-status")).toMatch(/^Revision 2 of 2/);
      expect(await page.$$eval(".revision-list li", (items) => items.map((item) => item.getAttribute("data-revision")))).toEqual(["1", "2"]);
      expect(await page.textContent(".revision-list li[data-revision='2']")).toContain(REVISION_NOTE);
      expect(await page.getAttribute(".revision-list li[data-revision='2'] a", "aria-current")).toBe("page");
      expect(await page.textContent(".text")).toContain(NOTE.trim());
      expect(await page.textContent(".text")).not.toContain(ORPHAN);

      // 28 quotes stand in the text; the FUZZY one is marked as changed, never as exact.
      expect(await page.$$eval(".margin > ol > li", (items) => items.length)).toBe(28);
      expect(await page.$$eval(".margin > ol > li.fuzzy", (items) => items.map((item) => item.querySelector(".anchor-label")?.textContent))).toEqual([`changed a little: was “${FUZZY_BEFORE}”`]);
      expect(await marked(page, ".text mark.quote.fuzzy")).toBe(FUZZY_AFTER);
      expect(await page.$$eval(".text mark.quote:not(.fuzzy)", (marks) => marks.some((mark) => mark.textContent?.includes("best talent")))).toBe(false);
      expect(await page.$$eval(".margin [data-review='CONFIRMED']", (badges) => badges.map((badge) => [badge.textContent, badge.closest("li")?.querySelector("a")?.textContent]))).toEqual([
        ["confirmed", expect.stringContaining("I think that’s pretty amazing") as unknown],
      ]);

      // The orphan: not drawn on this text, listed with its old words and its revision.
      expect(await page.$(".text mark.orphaned")).toBeNull();
      expect(await page.textContent(".orphans h2")).toBe("Orphaned by a correction");
      expect(await page.textContent(".reader header a[href='#orphans']")).toBe("1 orphaned by a correction");
      expect(await page.$$eval(".orphans li", (items) => items.map((item) => [item.querySelector(".old-words")?.textContent, item.querySelector("a")?.getAttribute("href")]))).toEqual([
        [`“${ORPHAN}”`, `/sources/${ESSAY}?revision=1#q=${orphanSpan.start}-${orphanSpan.end}`],
      ]);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, "reader-revised-desktop.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("switches to revision 1 by its address: the old body, the orphan drawn at its span and marked orphaned; and back", async () => {
    const { page, errors, graphqlRequests } = await openPage();
    try {
      await visitRevised(page, `/sources/${ESSAY}`, ".orphans li a");
      await page.click(".orphans li a");
      await page.waitForFunction(() => document.querySelector(".revision-status")?.textContent?.startsWith("Revision 1 of 2"));
      await page.waitForSelector("#target");
      expect(new URL(page.url()).search).toBe("?revision=1");
      expect(new URL(page.url()).hash).toBe(`#q=${orphanSpan.start}-${orphanSpan.end}`);
      expect(await page.getAttribute(".revision-list li[data-revision='1'] a", "aria-current")).toBe("page");
      expect(await page.$(".earlier-text")).not.toBeNull();
      // The body as first imported: no editor's note, the quote's full stop, the cut sentence.
      const text = (await page.textContent(".text")) ?? "";
      expect(text).not.toContain(NOTE.trim());
      expect(text).toContain(FUZZY_BEFORE);
      expect(await page.$eval("#target", (mark) => [mark.textContent, mark.classList.contains("orphaned")])).toEqual([ORPHAN, true]);
      // Only the orphan is drawn here: the others' spans index the current text.
      expect(await marked(page, ".text mark.quote")).toBe(ORPHAN);
      expect(await page.$$eval(".margin li", (items) => items.map((item) => [item.getAttribute("data-anchor"), item.querySelector(".anchor-label")?.textContent]))).toEqual([["ORPHANED", "orphaned: not in the current text"]]);
      expect(await axeViolations(page)).toEqual([]);

      // The revisions' links lead back to the current text, whose address has no query.
      await page.click(".revision-list li[data-revision='2'] a");
      await page.waitForFunction(() => document.querySelector(".revision-status")?.textContent?.startsWith("Revision 2 of 2"));
      expect(new URL(page.url()).search).toBe("");
      await page.goBack();
      await page.waitForFunction(() => document.querySelector(".revision-status")?.textContent?.startsWith("Revision 1 of 2"));
      expect(await marked(page, ".text mark.quote")).toBe(ORPHAN);
      expect(graphqlRequests.map((url) => (JSON.parse(new URL(url).searchParams.get("variables") ?? "{}") as { revision?: unknown }).revision)).toEqual([null, 1, null, 1]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("reads on a phone at revision 1 without scrolling sideways", async () => {
    const { page, errors } = await openPage({ width: 390, height: 844 });
    try {
      await visitRevised(page, `/sources/${ESSAY}?revision=1#q=${orphanSpan.start}-${orphanSpan.end}`, "#target");
      expect(await overflowsHorizontally(page)).toBe(false);
      await page.screenshot({ path: join(SCREENSHOTS, "reader-revision-phone.png") });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("filters the quotes by review, in the address like the other filters", async () => {
    const { page, errors, graphqlRequests } = await openPage();
    try {
      await visitRevised(page, "/quotes", ".results li");
      await page.click('a.facet-value[data-facet="review"][data-slug="confirmed"]');
      await page.waitForFunction(() => document.querySelectorAll(".results > ol > li").length === 1);
      expect(new URL(page.url()).searchParams.getAll("review")).toEqual(["confirmed"]);
      expect(await page.getAttribute('a.facet-value[data-facet="review"][data-slug="confirmed"]', "aria-pressed")).toBe("true");
      expect(await page.textContent(".results blockquote")).toBe(`“${CONFIRMED}”`);
      expect(await page.textContent(".results [data-review='CONFIRMED']")).toBe("confirmed");
      expect(await page.textContent(".results [role=status]")).toBe("1 quote");
      expect(JSON.parse(new URL(graphqlRequests.at(-1) ?? "").searchParams.get("variables") ?? "{}")).toMatchObject({ filter: { review: ["CONFIRMED"] } });

      // Disputed as well: any of them; none is disputed, so still the one.
      await page.click('a.facet-value[data-facet="review"][data-slug="disputed"]');
      await page.waitForFunction(() => new URL(window.location.href).searchParams.getAll("review").length === 2);
      await page.waitForFunction(() => document.querySelector(".results [role=status]")?.textContent === "1 quote");
      await page.click('a.facet-value[data-facet="review"][data-slug="confirmed"]');
      await page.waitForFunction(() => document.querySelector(".results [role=status]")?.textContent === "0 quotes");
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe("a gateway that runs only its trusted operations", () => {
  it("still serves every view: the explorer sends nothing else", async () => {
    const trustedOnly = await startOwnApp({ persistedQueriesOnly: true });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    try {
      for (const view of VIEWS) {
        await page.goto(`${trustedOnly.app.url}${view.path}`);
        await waitForView(page, view.ready);
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await trustedOnly.finish();
    }
  });
});

describe("a gateway that cannot answer for a moment", () => {
  /**
   * A real HTTP proxy in front of the gateway that answers the first GraphQL request as the
   * gateway does while its database is down (503, SERVICE_UNAVAILABLE, Retry-After) and passes
   * everything else through: the fault, injected on the wire.
   */
  async function startFlakyProxy(target: string): Promise<{ url: string; graphqlStatuses: number[]; close(): Promise<void> }> {
    const graphqlStatuses: number[] = [];
    const server = createServer((req, res) => {
      if (req.url?.startsWith("/graphql") && graphqlStatuses.length === 0) {
        graphqlStatuses.push(503);
        res.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ errors: [{ message: "the database is unavailable; retry in 1 s", extensions: { code: "SERVICE_UNAVAILABLE" } }] }));
        return;
      }
      const upstream = httpRequest(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (answer) => {
        if (req.url?.startsWith("/graphql")) graphqlStatuses.push(answer.statusCode ?? 0);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, graphqlStatuses, close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }) };
  }

  it("waits as Retry-After says and asks again, instead of showing an error", async () => {
    const proxy = await startFlakyProxy(own.app.url);
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    try {
      await page.goto(`${proxy.url}/people/jigar-bhati`);
      await waitForView(page, "a.step");
      expect(proxy.graphqlStatuses).toEqual([503, 200]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
      await proxy.close();
    }
  });
});

describe("an address that names nobody", () => {
  it("says so, and links back", async () => {
    const { page, errors } = await openPage();
    try {
      await visit(page, "/people/nobody-here", "h1");
      expect(await page.textContent("h1")).toBe("No such person");
      expect(await page.getAttribute("main a[href='/']", "href")).toBe("/");
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
