/**
 * Tests run against a real database: DATABASE_URL when set (each test file gets a database of
 * its own on that server), else a fresh embedded PGlite per file.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  setupFiles: ["reflect-metadata"],
  // Builds dist/ once (some tests run the server and the commands as processes, from tsc's output)
  // and makes the new embedded data folder that embedded test databases are copies of.
  globalSetup: "<rootDir>/tests/global-setup.js",
  globalTeardown: "<rootDir>/tests/global-teardown.js",
  // Each file opens its own database; two workers suit these two-core machines.
  maxWorkers: 2,
  testTimeout: 60_000,
};
