/**
 * A real browser on another origin: Debian's Chromium, driven by playwright-core, opens a page
 * served from another port of 127.0.0.1 (another origin) whose script calls the gateway with
 * fetch: a POST with content-type application/json (preflighted) and a GET.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { CLIENTS_DIR } from "../support/gateway.mjs";
import { gateway as sharedGateway } from "../support/gateways.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Interview Graph from another origin</title><link rel="icon" href="data:,"></head>
<body>
<pre id="post">…</pre>
<pre id="get">…</pre>
<script type="module">
import { getQuery, postQuery } from "./browser-fetch.js";

const gateway = new URL(location.href).searchParams.get("gateway");
const query = "query Career($slug: String!) { person(slug: $slug) { name careerTimeline { title start { edtf } end { edtf } } } }";
const show = (id, value) => { document.getElementById(id).textContent = JSON.stringify(value); };
await Promise.all([
  postQuery(gateway, query, { slug: "jigar-bhati" }).then((answer) => show("post", answer), (error) => show("post", { failed: String(error) })),
  getQuery(gateway, "{ topics { slug name } }").then((answer) => show("get", answer), (error) => show("get", { failed: String(error) })),
]);
document.body.dataset.done = "true";
</script>
</body>
</html>
`;

/** The page and the snippet it imports, from 127.0.0.1 on a port of its own. */
async function startPageServer() {
  const server = createServer((request, response) => {
    const path = new URL(request.url, "http://127.0.0.1").pathname;
    if (path === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    } else if (path === "/browser-fetch.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(readFileSync(join(CLIENTS_DIR, "snippets", "browser-fetch.js")));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("a browser on another origin", () => {
  let gateway;
  let pages;
  let browser;

  before(async () => {
    gateway = await sharedGateway("normal");
    pages = await startPageServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      timeout: 30_000,
    });
  });

  after(async () => {
    await browser?.close();
    await pages?.close();
  });

  it("gets answers to a preflighted POST and to a GET, with no console error", async () => {
    assert.notEqual(pages.origin, gateway.origin, "the page's origin is not the gateway's");
    const page = await browser.newPage();
    const problems = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => problems.push(`failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`));

    // What went on the network, preflights included (Chromium's DevTools protocol reports them).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    const sent = [];
    cdp.on("Network.requestWillBeSent", (event) => sent.push({ id: event.requestId, method: event.request.method, url: event.request.url }));
    const statuses = new Map();
    cdp.on("Network.responseReceived", (event) => statuses.set(event.requestId, event.response.status));

    await page.goto(`${pages.origin}/?gateway=${encodeURIComponent(gateway.url)}`, { timeout: 15_000 });
    await page.waitForSelector("body[data-done=true]", { timeout: 15_000 });
    const post = JSON.parse(await page.textContent("#post"));
    const get = JSON.parse(await page.textContent("#get"));
    await page.close();

    assert.equal(post.errors, undefined, JSON.stringify(post));
    assert.equal(post.data.person.name, "Jigar Bhati");
    assert.ok(post.data.person.careerTimeline.some((step) => step.start?.edtf === "2016~"));
    assert.equal(get.errors, undefined, JSON.stringify(get));
    assert.ok(get.data.topics.some((topic) => topic.slug === "hiring"));
    assert.deepEqual(problems, []);

    const toGateway = sent.filter((request) => request.url.startsWith(gateway.url)).map((request) => `${request.method} ${statuses.get(request.id)}`);
    // The POST was preflighted (OPTIONS, answered 204); the GET, a simple request, was not.
    assert.deepEqual(toGateway.sort(), ["GET 200", "OPTIONS 204", "POST 200"]);
  });
});
