/**
 * Three projects, so that each kind of test pays only for what it needs:
 * - `unit`: pure code (EDTF, body text, rules, config, admission, the schema's build), no database,
 *   no global set-up: `npm test -- --selectProjects unit` takes seconds;
 * - `api`: the API over a real database of each test file's own (DATABASE_URL's server when set,
 *   else an embedded PGlite), in this process;
 * - `system`: processes (the gateway, the commands), clusters (PostgreSQL standbys, Redis), the
 *   browser and the client suite; its set-up first installs the system packages they need when
 *   missing and it may (tests/support/system-packages.js).
 * `api` and `system` build dist/ once and make the embedded template first (tests/global-setup.js).
 * @type {import('jest').Config}
 */
const shared = {
  testEnvironment: "node",
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
    // ES-module-only packages: Node requires them as they are (require(esm)), jest's own module
    // system needs them compiled to CommonJS first.
    "^.+/node_modules/approx-string-match/.+\\.js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!approx-string-match/)"],
  setupFiles: ["reflect-metadata"],
};

module.exports = {
  projects: [
    { ...shared, displayName: "unit", roots: ["<rootDir>/tests/unit"], testMatch: ["**/*.test.ts"] },
    {
      ...shared,
      displayName: "api",
      roots: ["<rootDir>/tests/api"],
      testMatch: ["**/*.test.ts"],
      globalSetup: "<rootDir>/tests/global-setup.js",
      globalTeardown: "<rootDir>/tests/global-teardown.js",
    },
    {
      ...shared,
      displayName: "system",
      roots: ["<rootDir>/tests/system"],
      testMatch: ["**/*.test.ts"],
      globalSetup: "<rootDir>/tests/system-setup.js",
      globalTeardown: "<rootDir>/tests/global-teardown.js",
    },
  ],
  // Each file opens its own database; two workers suit these two-core machines.
  maxWorkers: 2,
  testTimeout: 60_000,
};
