/**
 * The gateway serves the web explorer itself, on node:http: its index at every page address, its
 * hashed assets cached for good, a plain 404 elsewhere (a path that climbs out of the assets too),
 * and a clear 503 when the explorer has not been built.
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { webExplorer } from "../../src/http/web-explorer";
import { type OwnApp, startOwnApp } from "../support/http";

let own: OwnApp;

beforeAll(async () => {
  own = await startOwnApp();
});

afterAll(async () => {
  await own?.finish();
});

async function get(path: string): Promise<{ status: number; type: string; cacheControl: string; body: string }> {
  const response = await fetch(`${own.app.url}${path}`);
  return { status: response.status, type: response.headers.get("content-type") ?? "", cacheControl: response.headers.get("cache-control") ?? "", body: await response.text() };
}

it.each(["/", "/people/jigar-bhati", "/companies/twitter", "/companies/twitter?during=2016/2019&certainty=CERTAINLY", "/quotes", "/quotes?topic=hiring&q=startup", "/sources/openai-engineer-as-told-to"])("serves the explorer's page at %s", async (path) => {
  const page = await get(path);
  expect(page.status).toBe(200);
  expect(page.type).toMatch(/^text\/html/);
  expect(page.cacheControl).toBe("no-cache");
  expect(page.body).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"/);
});

it("serves the hashed assets the page names, cached for good", async () => {
  const index = await get("/");
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1] ?? "";
  const asset = await get(script);
  expect(asset.status).toBe(200);
  expect(asset.type).toMatch(/javascript/);
  expect(asset.cacheControl).toContain("immutable");
  expect(asset.cacheControl).toContain("max-age=31536000");
});

it.each(["/assets/missing.js", "/assets/../index.html", "/assets/%2e%2e/index.html", "/people/Not_A_Slug", "/people", "/companies", "/companies/twitter/x", "/nowhere"])("answers 404 at %s", async (path) => {
  expect((await get(path)).status).toBe(404);
});

it("leaves /graphql to the API", async () => {
  const response = await fetch(`${own.app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
  expect(await response.json()).toMatchObject({ data: { __typename: "Query" } });
});

it("says how to build the explorer when it is not built", async () => {
  const server = createServer(webExplorer(mkdtempSync(join(tmpdir(), "ig-unbuilt-")))).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("npm run build");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
