// Runs once before every test file: builds dist/ with tsc, as `npm start` does, because some
// tests run the commands and the server as their own processes (node dist/src/...).
const { execFileSync } = require("node:child_process");
const { join } = require("node:path");

module.exports = async function buildOnce() {
  const root = join(__dirname, "..");
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
};
