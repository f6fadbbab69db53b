import { existsSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import { PROJECT_ROOT } from "../project";

/** Where `npm run build` puts the web explorer (Vite, from web/). */
export const WEB_DIR = join(PROJECT_ROOT, "dist", "web");

/** The explorer's pages: each is the same index, which draws the page of its address. */
const PAGES = /^\/(?:people\/[a-z0-9]+(?:-[a-z0-9]+)*|sources\/[a-z0-9]+(?:-[a-z0-9]+)*|quotes)?$/;

/**
 * The web explorer, served by the gateway itself: its hashed assets (cached for a year) and its
 * index for every page address. The API stays at /graphql.
 */
export function webExplorer(directory = WEB_DIR): express.Router {
  const router = express.Router();
  router.use("/assets", express.static(join(directory, "assets"), { immutable: true, maxAge: "365d", fallthrough: false }));
  router.get(PAGES, (_req, res) => {
    const index = join(directory, "index.html");
    if (!existsSync(index)) {
      res.status(503).type("text/plain").send("The web explorer is not built: run `npm run build` (npm start does).\n");
      return;
    }
    res.setHeader("cache-control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
