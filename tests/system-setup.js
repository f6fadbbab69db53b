// The system project's set-up: what the api project's does (dist/, the embedded template), then
// the system packages its tests drive. A package that is missing is installed with Debian's apt
// when this process may (root, or sudo without a password); otherwise the tests that need it
// fail with one line naming the command to run (tests/support/system-packages.ts).
const { execFileSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const setUpOnce = require("./global-setup");

/** What the system tests need: a file that proves the package is there, and the Debian package. */
const PACKAGES = [
  { file: "/usr/lib/postgresql/15/bin/initdb", package: "postgresql-15" },
  { file: "/usr/bin/redis-server", package: "redis-server" },
  { file: process.env.CHROMIUM_PATH || "/usr/bin/chromium", package: "chromium" },
];

function canInstall() {
  if (process.getuid?.() === 0) return [];
  try {
    execFileSync("sudo", ["-n", "true"], { stdio: "ignore" });
    return ["sudo"];
  } catch {
    return null;
  }
}

function run(prefix, args) {
  const [command, ...rest] = [...prefix, ...args];
  execFileSync(command, rest, { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

module.exports = async function setUpSystem() {
  await setUpOnce();
  const missing = PACKAGES.filter((it) => !existsSync(it.file));
  if (missing.length === 0) return;
  const names = missing.map((it) => it.package);
  const prefix = canInstall();
  if (prefix !== null) {
    console.log(`\ninstalling what the system tests need: ${names.join(", ")} (apt-get)`);
    try {
      run(prefix, ["apt-get", "update"]);
      run(prefix, ["apt-get", "install", "-y", "--no-install-recommends", ...names]);
    } catch (error) {
      console.error(`could not install ${names.join(", ")}: ${error.message}`);
    }
  }
  // What is still missing, for the tests that need it to say so (support/system-packages.ts).
  process.env.IG_MISSING_PACKAGES = PACKAGES.filter((it) => !existsSync(it.file))
    .map((it) => it.package)
    .join(",");
};
