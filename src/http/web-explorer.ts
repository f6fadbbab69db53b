import { readFile } from "node:fs/promises";
import { type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import serveStatic from "serve-static";
import { PROJECT_ROOT } from "../project";
import { sendPlain } from "./refusal";

/** Where `npm run build` puts the web explorer (Vite, from web/). */
export const WEB_DIR = join(PROJECT_ROOT, "dist", "web");

/** The explorer's pages (the editor's workspace at /edit among them): each is the same index, which draws the page of its address. */
const PAGES = /^\/(?:(?:people|companies|sources)\/[a-z0-9]+(?:-[a-z0-9]+)*|quotes|edit)?$/;

/**
 * The web explorer, served by the gateway itself: its hashed assets (serve-static, cached for a
 * year) and its index at every page address; a 404 for anything else. The API stays at /graphql.
 */
export function webExplorer(directory = WEB_DIR): (req: IncomingMessage, res: ServerResponse) => void {
  const assets = serveStatic(join(directory, "assets"), { immutable: true, maxAge: "365d", fallthrough: false, index: false });
  const notFound = (res: ServerResponse) => sendPlain(res, 404, "Not found\n");
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") return notFound(res);
    if (path.startsWith("/assets/")) {
      // serve-static resolves the path below its root (`..` refused) and answers 404 itself.
      req.url = req.url?.slice("/assets".length);
      assets(req, res, () => notFound(res));
      return;
    }
    if (!PAGES.test(path)) return notFound(res);
    readFile(join(directory, "index.html")).then(
      (index) => sendPlain(res, 200, index, "text/html; charset=utf-8", { "cache-control": "no-cache" }),
      () => sendPlain(res, 503, "The web explorer is not built: run `npm run build` (npm start does).\n"),
    );
  };
}
