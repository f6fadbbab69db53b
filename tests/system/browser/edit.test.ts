/**
 * The editor's workspace (/edit) in a real browser (Debian's Chromium, driven by playwright-core),
 * used as a person uses it: sign in with an API key (a wrong or revoked one is told so, and the
 * key stays with the tab), paste a new interview, make three quotes and two career steps by
 * selecting its words with the mouse and with the keyboard, see a problem the server found shown
 * on its quote and fix it, keep the draft across a reload, save it as a bundle and open it again,
 * publish, find the quotes in the dashboard and the steps on the person's timeline; then (on a
 * source of its own, so that a retry starts afresh) correct the published text as a new revision, see each anchor's outcome, review the fuzzy one, meet a
 * CONFLICT when someone else changed a quote meanwhile, and (as ADMIN) undo a correction from the
 * source's audit trail. A publish through a proxy that answers 503 and then drops the connection
 * is tried again, and lands.
 * Every state is checked by axe-core, on a desktop and a phone. Screenshots go to SCREENSHOTS_DIR
 * (`npm run screenshots` writes docs/screenshots/), else to a temporary folder.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { parse as parseYaml } from "yaml";
import { PROJECT_ROOT } from "../../../src/project";
import { bearer, graphql, type OwnApp, startOwnApp } from "../../support/http";
import { ApiKeyRole, createKey } from "../../support/keys";
import { requirePackage } from "../../support/system-packages";

jest.setTimeout(180_000);
jest.retryTimes(1, { logErrorsBeforeRetry: true });

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = process.env.SCREENSHOTS_DIR ? join(PROJECT_ROOT, process.env.SCREENSHOTS_DIR) : mkdtempSync(join(tmpdir(), "ig-edit-screens-"));
const AXE = join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js");

/** The new interview an editor pastes: a heading, a phrase said twice, an emoji before a quote. */
const INTERVIEW = [
  "Maya Chen on leaving a bank for a startup, as told to the editors.",
  "",
  "The early years",
  "",
  "I spent almost five years at Northbank building payment systems. Speed was never the point there. 🏦 Speed was never the point, and I wanted it to be.",
  "",
  "Why I moved",
  "",
  "In 2021 I joined Beta Labs as its first infrastructure engineer, and I am still there. Hiring is the hardest part of my job now.",
].join("\n");

const SLUG = "maya-chen-bank-to-startup";

let own: OwnApp;
let browser: Browser;
let editorKey: string;
let adminKey: string;
let revokedKey: string;

beforeAll(async () => {
  requirePackage("chromium");
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's (sudo apt-get install chromium; CI does) or set CHROMIUM_PATH`);
  own = await startOwnApp({ responseCache: false });
  const dataSource = own.app.database.dataSource;
  editorKey = (await createKey(dataSource, ApiKeyRole.EDITOR, "Maya's editor")).secret;
  adminKey = (await createKey(dataSource, ApiKeyRole.ADMIN, "The admin")).secret;
  const revoked = await createKey(dataSource, ApiKeyRole.EDITOR, "gone");
  revokedKey = revoked.secret;
  await dataSource.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [revoked.viewer.apiKeyId]);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
});

afterAll(async () => {
  await browser?.close();
  await own?.finish();
});

async function openPage(viewport = { width: 1280, height: 1000 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    // A refused key is answered 401, which the browser logs as a failed resource: that is the test's point, not a client error.
    if (message.type() === "error" && !message.text().includes("401")) errors.push(message.text());
  });
  return { page, errors };
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return (await axe.run()).violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  });
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.fill("#api-key", key);
  await page.click("button[type=submit]");
}

/** The place on screen of a character of the text (its left edge, or right edge with `after`), read from the marked copy under the text box. */
async function pointAt(page: Page, offset: number, after = false): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ offset, after }) => {
      const copy = document.querySelector(".selectable-copy");
      if (!copy) throw new Error("no text");
      const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent?.length ?? 0;
        const at = after ? offset - 1 : offset;
        if (at < seen + length) {
          const range = document.createRange();
          range.setStart(node, at - seen);
          range.setEnd(node, at - seen + 1);
          let rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
          // Out of the window: scrolled to its middle first, as a person scrolls to the words.
          if (rect.top < 0 || rect.bottom > window.innerHeight) {
            window.scrollBy(0, rect.top - window.innerHeight / 2);
            rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
          }
          return { x: after ? rect.right - 1 : rect.left + 1, y: rect.top + rect.height / 2 };
        }
        seen += length;
      }
      throw new Error(`offset ${offset} is past the text`);
    },
    { offset, after },
  );
}

/** Selects words of the text (INTERVIEW, unless a corrected one is shown) with the mouse: pressed at their first character, dragged to their last. */
async function selectWithMouse(page: Page, words: string, occurrence = 1, text = INTERVIEW): Promise<void> {
  const start = nthIndex(text, words, occurrence);
  const from = await pointAt(page, start);
  const to = await pointAt(page, start + words.length, true);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  await expectSelected(page, words);
}

/** Selects words with the keyboard: a click puts the caret before them, then Shift+ArrowRight once per character. */
async function selectWithKeyboard(page: Page, words: string): Promise<void> {
  const start = nthIndex(INTERVIEW, words, 1);
  const from = await pointAt(page, start);
  await page.mouse.click(from.x, from.y);
  for (let index = 0; index < words.length; index++) await page.keyboard.press("Shift+ArrowRight");
  await expectSelected(page, words);
}

async function expectSelected(page: Page, words: string): Promise<void> {
  const selected = await page.$eval(".selectable-box", (box) => (box as HTMLTextAreaElement).value.slice((box as HTMLTextAreaElement).selectionStart, (box as HTMLTextAreaElement).selectionEnd));
  expect(selected).toBe(words);
}

function nthIndex(text: string, words: string, occurrence: number): number {
  let at = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    at = text.indexOf(words, at + 1);
    if (at < 0) throw new Error(`"${words}" does not stand ${occurrence} times`);
  }
  return at;
}

/** The quote's card in the margin whose text holds `words`. */
const card = (page: Page, words: string) => page.locator(".quote-card", { hasText: words });

/** Picks in a picker of a card (or of the page): types, then chooses the match or makes a new one. */
async function pick(page: Page, scope: ReturnType<Page["locator"]>, label: string, typed: string, choice: "existing" | "new"): Promise<void> {
  const picker = scope.locator(".picker", { has: page.locator(".picker-label", { hasText: new RegExp(`^${label}$`) }) });
  await picker.locator("input[type=search]").fill(typed);
  if (choice === "existing") await picker.locator(".matches button").first().click();
  else await picker.locator(".create button").click();
}

async function waitForCheck(page: Page, words: RegExp): Promise<void> {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector(".check-status")?.textContent ?? ""), words.source, { timeout: 30_000 });
}

describe("signing in", () => {
  it("explains what it needs, refuses a wrong or revoked key in words, and keeps a good one for the tab only", async () => {
    const { page, errors } = await openPage();
    try {
      await page.goto(`${own.app.url}/edit`);
      await page.waitForSelector("#api-key");
      expect(await page.textContent(".sign-in")).toContain("EDITOR or ADMIN");
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, "edit-sign-in-desktop.png") });
      await signIn(page, "ig_not-a-real-key");
      await page.waitForSelector("#api-key-error");
      expect(await page.textContent("#api-key-error")).toMatch(/does not know this key|revoked/);
      await signIn(page, revokedKey);
      await page.waitForFunction(() => /revoked|does not know/.test(document.querySelector("#api-key-error")?.textContent ?? ""));
      await signIn(page, editorKey);
      await page.waitForSelector(".signed-in");
      expect(await page.textContent(".signed-in")).toContain("Maya's editor");
      expect(page.url()).not.toContain(editorKey);
      const stored = await page.evaluate(() => ({ session: JSON.stringify(sessionStorage), local: JSON.stringify(localStorage) }));
      expect(stored.session).toContain(editorKey);
      expect(stored.local).not.toContain(editorKey);
      // A reload keeps the tab signed in; a new tab (another session) is not.
      await page.reload();
      await page.waitForSelector(".signed-in");
      const other = await page.context().newPage();
      await other.goto(`${own.app.url}/edit`);
      await other.waitForSelector("#api-key");
      await other.close();
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe("a new interview", () => {
  it("becomes published quotes and career steps by selecting its words, problems shown where they are", async () => {
    const { page, errors } = await openPage();
    try {
      await page.goto(`${own.app.url}/edit`);
      await signIn(page, editorKey);
      await page.waitForSelector("#pasted");

      // The source: its text pasted, its details, a narrator made on the spot.
      await page.fill("#pasted", INTERVIEW);
      await page.click("text=Use this text");
      await page.waitForSelector(".selectable-box");
      await page.getByLabel("Title").fill("Maya Chen: from a bank to a startup");
      expect(await page.getByLabel("Slug").inputValue()).toBe("maya-chen-from-a-bank-to-a-startup");
      await page.getByLabel("Slug").fill(SLUG);
      await page.getByLabel("Published on").fill("2024~");
      await page.waitForFunction(() => document.body.textContent?.includes("2023-01-01 to 2025-12-31, approximate"));
      await page.getByLabel("Published on").fill("2024-13");
      await page.waitForSelector(".workspace-source .problem");
      await page.getByLabel("Published on").fill("2024~");
      await pick(page, page.locator(".workspace-source"), "Narrator", "Maya Chen", "new");

      // A heading marked by selecting its line.
      await selectWithMouse(page, "Why I moved");
      await page.keyboard.press("h");
      await page.waitForFunction(() => document.querySelector(".sections")?.textContent?.includes("Why I moved"));
      await selectWithMouse(page, "The early years");
      await page.getByRole("button", { name: /^Section heading/ }).click();

      // Three quotes: by mouse, by keyboard, and the second of two places the same words stand.
      await selectWithMouse(page, "I spent almost five years at Northbank building payment systems.");
      await page.getByRole("button", { name: /^Make a quote/ }).click();
      const first = card(page, "I spent almost five years");
      await pick(page, first, "Topics", "Payments", "new");
      await pick(page, first, "Companies it names", "Northbank", "new");
      await first.locator("button", { hasText: "Done" }).click();

      await selectWithKeyboard(page, "Hiring is the hardest part of my job now.");
      await page.keyboard.press("q");
      const second = card(page, "Hiring is the hardest");
      await pick(page, second, "Topics", "hiring", "existing");
      await second.locator("button", { hasText: "Done" }).click();

      await selectWithMouse(page, "Speed was never the point", 2);
      expect(await page.textContent(".selection-status")).toContain("this is the 2nd");
      await page.getByRole("button", { name: /^Make a quote/ }).click();
      const third = card(page, "Speed was never the point");
      // Its speaker taken away: the server's check finds the problem, shown on this quote.
      await third.getByRole("button", { name: /Remove Maya Chen from speaker/i }).click();
      await waitForCheck(page, /1 problem/);
      await third.locator(".problem").waitFor();
      expect(await third.locator(".problem").textContent()).toMatch(/speaker/i);
      expect(await page.locator(".card.has-problem").count()).toBe(1);
      await page.screenshot({ path: join(SCREENSHOTS, "edit-problem-desktop.png"), fullPage: true });
      // Published anyway: refused, nothing written, the draft kept as it was.
      await page.click("button:has-text('Publish')");
      await page.waitForSelector("text=Not published: nothing was written, and the draft is kept.");
      expect(await page.locator(".quote-card").count()).toBe(3);
      const nothing = await graphql<{ source: unknown }>(own.app, `{ source(slug: "${SLUG}") { id } }`);
      expect(nothing.data?.source).toBeNull();
      await pick(page, third, "Speaker", "Maya", "existing");
      await third.locator("button", { hasText: "Done" }).click();

      // Two career steps by selecting their evidence: by mouse, then by keyboard.
      await selectWithMouse(page, "I spent almost five years at Northbank");
      await page.getByRole("button", { name: /^Make a career step/ }).click();
      const bank = page.locator(".step-card").first();
      await pick(page, bank, "Company", "Northbank", "existing");
      await bank.getByLabel("Title").fill("Payments engineer");
      await bank.getByLabel("Start").fill("2016~");
      await bank.getByLabel("End").fill("2021");
      await bank.locator("button", { hasText: "Done" }).click();
      await selectWithKeyboard(page, "In 2021 I joined Beta Labs as its first infrastructure engineer, and I am still there.");
      await page.keyboard.press("s");
      const beta = page.locator(".step-card", { hasText: "In 2021 I joined Beta Labs" });
      await pick(page, beta, "Company", "Beta Labs", "new");
      await beta.getByLabel("Title").fill("Infrastructure engineer");
      await beta.getByLabel("Start").fill("2021");
      await beta.getByLabel("End").fill("..");
      await page.waitForFunction(() => document.body.textContent?.includes("goes on today"));
      await beta.locator("button", { hasText: "Done" }).click();
      // Drawn on a small timeline, as the explorer draws one.
      expect(await page.locator(".draft-timeline a.step").count()).toBe(2);
      await waitForCheck(page, /ready to publish \(3 quotes, 2 career steps\)/);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, "edit-draft-desktop.png"), fullPage: true });
      // On a phone: one column, nothing wider than the screen, no violation.
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, "edit-draft-phone.png") });
      await page.setViewportSize({ width: 1280, height: 1000 });

      // The draft survives a reload.
      await page.reload();
      await page.waitForSelector(".selectable-box");
      expect(await page.locator(".quote-card").count()).toBe(3);
      expect(await page.locator(".step-card").count()).toBe(2);

      // Saved as the bundle YAML the CLI takes, with the occurrence of the repeated words; opened again after starting over.
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Save as bundle (YAML)")]);
      const saved = readFileSync((await download.path()) ?? "", "utf8");
      const bundle = parseYaml(saved) as { source: { slug: string; sections: string[] }; quotes: Array<{ text: string; occurrence?: number }> };
      expect(bundle.source.slug).toBe(SLUG);
      expect(bundle.source.sections).toEqual(["The early years", "Why I moved"]);
      expect(bundle.quotes.find((quote) => quote.text === "Speed was never the point")?.occurrence).toBe(2);
      await page.getByRole("button", { name: "Start over" }).click();
      await page.getByRole("button", { name: "Discard", exact: true }).click();
      await page.waitForSelector("#pasted");
      await page.setInputFiles(".file-button input", { name: `${SLUG}.yaml`, mimeType: "application/yaml", buffer: Buffer.from(saved) });
      await page.waitForSelector(".selectable-box");
      expect(await page.locator(".quote-card").count()).toBe(3);
      await waitForCheck(page, /ready to publish/);

      await page.click("button:has-text('Publish')");
      await page.waitForSelector(".published-note");
      expect(await page.textContent(".published-note")).toContain("3 quotes, 2 career steps");
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }

    // What was published is what the explorer shows: the quotes in the dashboard, the steps on the timeline.
    const published = await graphql<{ quotes: { nodes: Array<{ text: string; span: { start: number; end: number } }> }; person: { careerTimeline: Array<{ title: string; isCurrent: boolean; start: { edtf: string } }> } }>(
      own.app,
      `{ quotes(filter: { sources: ["${SLUG}"] }, first: 10) { nodes { text span { start end } } } person(slug: "maya-chen") { careerTimeline { title isCurrent start { edtf } } } }`,
    );
    expect(published.data?.quotes.nodes.map((quote) => quote.text)).toEqual(["I spent almost five years at Northbank building payment systems.", "Speed was never the point", "Hiring is the hardest part of my job now."]);
    const repeated = published.data?.quotes.nodes[1];
    expect([...INTERVIEW].slice(0, repeated?.span.start).join("")).toContain("🏦 ");
    expect(published.data?.person.careerTimeline.map((step) => [step.title, step.start.edtf, step.isCurrent])).toEqual([
      ["Payments engineer", "2016~", false],
      ["Infrastructure engineer", "2021", true],
    ]);
    const view = await openPage();
    try {
      await view.page.goto(`${own.app.url}/quotes?topic=hiring`);
      await view.page.waitForSelector(".results li");
      expect(await view.page.textContent(".results")).toContain("Hiring is the hardest part of my job now.");
      await view.page.goto(`${own.app.url}/people/maya-chen`);
      await view.page.waitForSelector("a.step");
      expect(await view.page.locator("a.step").count()).toBe(2);
    } finally {
      await view.page.context().close();
    }
  });
});

/** How many times the published interview's test has started (a retry corrects a source of its own). */
let corrections = 0;

/** Publishes the interview as the workspace would (through importInterview), under a slug of its own; its slug. */
async function publishInterview(): Promise<string> {
  corrections += 1;
  const slug = `maya-chen-corrected-${corrections}`;
  const bundle = {
    source: { slug, title: `Maya Chen, corrected (${corrections})`, kind: "INTERVIEW", body: INTERVIEW, narrator: "maya-chen", sections: ["The early years", "Why I moved"] },
    people: [{ slug: "maya-chen", name: "Maya Chen" }],
    companies: [
      { slug: "northbank", name: "Northbank" },
      { slug: "beta-labs", name: "Beta Labs" },
    ],
    careerSteps: [
      { person: "maya-chen", company: "northbank", title: "Payments engineer", start: "2016~", end: "2021", evidence: "I spent almost five years at Northbank" },
      { person: "maya-chen", company: "beta-labs", title: "Infrastructure engineer", start: "2021", end: "..", evidence: "In 2021 I joined Beta Labs as its first infrastructure engineer, and I am still there." },
    ],
    quotes: [
      { speaker: "maya-chen", text: "I spent almost five years at Northbank building payment systems." },
      { speaker: "maya-chen", text: "Speed was never the point", occurrence: 2 },
      { speaker: "maya-chen", text: "Hiring is the hardest part of my job now.", topics: ["hiring"] },
    ],
  };
  const imported = await graphql(own.app, `mutation ($bundle: String!) { importInterview(bundle: $bundle, format: JSON) { sourceSlug } }`, { bundle: JSON.stringify(bundle) }, bearer(editorKey));
  expect(imported.errors).toBeUndefined();
  return slug;
}

describe("a published interview", () => {
  it("is corrected as a new revision, its fuzzy quote reviewed, a conflicting edit refused with a reload, and a further correction undone by an admin", async () => {
    const slug = await publishInterview();
    const { page, errors } = await openPage();
    try {
      await page.goto(`${own.app.url}/edit?source=${slug}`);
      await signIn(page, editorKey);
      await page.waitForSelector(".quote-card");
      expect(await page.locator(".quote-card").count()).toBe(3);

      // The text corrected: one quote's words change a little (FUZZY), the others move (SHIFTED).
      await page.click("text=Correct the text");
      const corrected = `Edited for length.\n\n${INTERVIEW.replace("Hiring is the hardest part of my job now.", "Hiring is the hardest part of my work now.")}`;
      await page.fill("#corrected", corrected);
      await page.getByLabel("What the correction changed").fill("A word fixed, a line added");
      expect(await page.textContent(".workspace-text h2")).toContain("(revision 1)");
      await page.getByRole("button", { name: "Submit as revision 2" }).click();
      await page.waitForSelector(".outcomes li");
      const outcomes = await page.$$eval(".outcomes li", (items) => items.map((item) => item.getAttribute("data-status")));
      expect(outcomes.sort()).toEqual(["FUZZY", "SHIFTED", "SHIFTED", "SHIFTED", "SHIFTED"]);
      await page.waitForSelector(".quote-card[data-anchor=FUZZY]");
      expect(await page.textContent("[role=status]:has-text('to review')")).toContain("1 anchor to review");
      const fuzzy = page.locator(".quote-card[data-anchor=FUZZY]");
      expect(await fuzzy.textContent()).toContain("Before the correction: “Hiring is the hardest part of my job now.”");
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, "edit-review-desktop.png"), fullPage: true });
      await fuzzy.locator("button", { hasText: "Confirm" }).click();
      await page.waitForSelector("text=Nothing to review.");
      // Its words re-selected in the corrected text: the quote now stands on exactly those.
      await selectWithMouse(page, "Hiring is the hardest part", 1, corrected);
      await page.locator(".quote-card", { hasText: "Hiring is the hardest" }).getByRole("button", { name: "Use the selected words" }).click();
      await page.locator(".quote-card", { hasText: "“Hiring is the hardest part”" }).waitFor();

      // Someone else changes a quote meanwhile: the workspace's removal is refused, and it offers a reload.
      const read = await graphql<{ quotes: { nodes: Array<{ id: string; version: number; text: string }> } }>(own.app, `{ quotes(filter: { sources: ["${slug}"] }, first: 10) { nodes { id version text } } }`);
      const target = read.data?.quotes.nodes.find((quote) => quote.text.startsWith("I spent"));
      const elsewhere = await graphql(own.app, `mutation ($input: UpdateQuoteInput!) { updateQuote(input: $input) { quote { version } } }`, { input: { id: target?.id, topics: ["hiring"], expectedVersion: target?.version } }, bearer(editorKey));
      expect(elsewhere.errors).toBeUndefined();
      await card(page, "I spent almost five years").getByRole("button", { name: /^Remove the quote/ }).click();
      await page.waitForSelector(".notice.conflict");
      expect(await page.textContent(".notice.conflict")).toMatch(/changed since you loaded it/);
      await page.click(".notice.conflict button:has-text('Reload')");
      await page.waitForSelector(".notice.conflict", { state: "detached" });
      await card(page, "I spent almost five years").filter({ hasText: "Hiring" }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }

    // An admin corrects the text once more, sees it in the source's audit trail, and undoes it.
    const admin = await openPage({ width: 390, height: 844 });
    try {
      await admin.page.goto(`${own.app.url}/edit?source=${slug}`);
      await signIn(admin.page, adminKey);
      await admin.page.waitForSelector(".audit li");
      expect(await admin.page.textContent(".audit")).toContain("reviseSource");
      await admin.page.click("text=Correct the text");
      const body = await admin.page.inputValue("#corrected");
      await admin.page.fill("#corrected", `${body}\n\nAn afterword.`);
      await admin.page.getByRole("button", { name: "Submit as revision 3" }).click();
      await admin.page.waitForFunction(() => document.querySelector(".workspace-text h2")?.textContent?.includes("revision 3"));
      await admin.page.waitForFunction(() => (document.querySelector(".audit")?.textContent?.match(/reviseSource/g) ?? []).length === 2);
      expect(await axeViolations(admin.page)).toEqual([]);
      expect(await admin.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)).toBe(false);
      await admin.page.locator(".workspace-audit").scrollIntoViewIfNeeded();
      await admin.page.screenshot({ path: join(SCREENSHOTS, "edit-audit-phone.png"), fullPage: false });
      // The newest event is first: undoing it puts revision 2 back.
      await admin.page.locator(".audit li").first().getByRole("button", { name: /^Undo reviseSource/ }).click();
      await admin.page.waitForFunction(() => document.querySelector(".workspace-text h2")?.textContent?.includes("revision 2"));
      expect(admin.errors).toEqual([]);
    } finally {
      await admin.page.context().close();
    }
  });
});

describe("a publish that meets a gateway in trouble", () => {
  /**
   * A real HTTP proxy in front of the gateway that, once armed, fails the next GraphQL requests
   * on the wire, each as told: a 503 with Retry-After (the gateway without its database), or a
   * connection dropped with no answer (the network); everything else passes through.
   */
  async function startFaultyProxy(target: string): Promise<{ url: string; faults: Array<"503" | "drop">; seen: string[]; close(): Promise<void> }> {
    const faults: Array<"503" | "drop"> = [];
    const seen: string[] = [];
    const server = createServer((req, res) => {
      const fault = req.url?.startsWith("/graphql") && req.method === "POST" ? faults.shift() : undefined;
      if (fault === "503") {
        seen.push("503");
        res.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ errors: [{ message: "the database is unavailable; retry in 1 s", extensions: { code: "SERVICE_UNAVAILABLE" } }] }));
        return;
      }
      if (fault === "drop") {
        seen.push("drop");
        req.socket.destroy();
        return;
      }
      const upstream = httpRequest(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (answer) => {
        if (req.url?.startsWith("/graphql")) seen.push(String(answer.statusCode));
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      faults,
      seen,
      close: () =>
        new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  }

  it("is tried again after a 503 and a dropped connection, and publishes, the draft kept throughout", async () => {
    const proxy = await startFaultyProxy(own.app.url);
    const { page } = await openPage();
    try {
      await page.goto(`${proxy.url}/edit`);
      await signIn(page, editorKey);
      await page.waitForSelector("#pasted");
      const bundle = { source: { slug: "through-a-faulty-proxy", title: "Through a faulty proxy", kind: "INTERVIEW", body: INTERVIEW, narrator: "maya-chen" }, people: [{ slug: "maya-chen", name: "Maya Chen" }], quotes: [{ speaker: "maya-chen", text: "Hiring is the hardest part of my job now." }] };
      await page.setInputFiles(".file-button input", { name: "bundle.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bundle)) });
      await waitForCheck(page, /ready to publish \(1 quote, 0 career steps\)/);
      proxy.seen.length = 0;
      proxy.faults.push("503", "drop");
      await page.click("button:has-text('Publish')");
      await page.waitForSelector(".published-note", { timeout: 30_000 });
      expect(proxy.seen.slice(0, 3)).toEqual(["503", "drop", "200"]);
      expect(await page.locator(".quote-card").count()).toBe(1);
      const published = await graphql<{ source: { title: string } | null }>(own.app, `{ source(slug: "through-a-faulty-proxy") { title } }`);
      expect(published.data?.source?.title).toBe("Through a faulty proxy");
    } finally {
      await page.context().close();
      await proxy.close();
    }
  });
});
