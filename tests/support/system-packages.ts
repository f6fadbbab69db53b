/**
 * The system packages a test drives (PostgreSQL 15's server binaries, Redis, Chromium): the
 * system project's set-up installs those that are missing when it may (tests/system-setup.js);
 * when it could not, a test that needs one fails at once with one line naming the command.
 */
const COMMAND = "sudo apt-get install -y --no-install-recommends";

/** Fails the test (in its beforeAll) when `pkg` could not be installed, saying how to install it. */
export function requirePackage(pkg: "postgresql-15" | "redis-server" | "chromium"): void {
  const missing = (process.env.IG_MISSING_PACKAGES ?? "").split(",").filter(Boolean);
  if (missing.includes(pkg)) throw new Error(`this test needs Debian's ${pkg}, which is not installed and could not be: run \`${COMMAND} ${pkg}\``);
}
