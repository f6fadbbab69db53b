// Runs once before the api and system projects' test files (the unit project needs none of it):
// - builds dist/ as `npm start` does (tsc for the server, Vite for the web explorer), because some
//   tests run the commands and the server as their own processes (node dist/src/...) and the
//   explorer's tests load dist/web in a browser;
// - makes one new embedded data folder (PGlite's initdb, in WASM: about 5 s of CPU), which every
//   embedded test database then starts from as a copy (tests/support/embedded-template.ts). A
//   copy of a folder that initdb just made is the same new, empty database, for a tenth of the cost.
const { execFileSync } = require("node:child_process");
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

module.exports = async function setUpOnce() {
  // The api and system projects both name this set-up: one run of jest does it once.
  if (process.env.PGLITE_TEMPLATE_DIR) return;
  const root = join(__dirname, "..");
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  execFileSync(process.execPath, [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "web/vite.config.mts", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });

  const template = join(mkdtempSync(join(tmpdir(), "ig-pglite-template-")), "pglite");
  const initdb = `require("@electric-sql/pglite").PGlite.create(${JSON.stringify(template)}).then((db) => db.close())`;
  execFileSync(process.execPath, ["-e", initdb], { cwd: root, stdio: "inherit" });
  // Set here, seen by every test worker (they start after this).
  process.env.PGLITE_TEMPLATE_DIR = template;
};
