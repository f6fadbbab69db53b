// Runs once before every test file: builds dist/ as `npm start` does (tsc for the server, Vite for
// the web explorer), because some tests run the commands and the server as their own processes
// (node dist/src/...) and the explorer's tests load dist/web in a browser.
const { execFileSync } = require("node:child_process");
const { join } = require("node:path");

module.exports = async function buildOnce() {
  const root = join(__dirname, "..");
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  execFileSync(process.execPath, [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "web/vite.config.mts", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
};
