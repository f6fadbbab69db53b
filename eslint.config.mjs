// ESLint flat config: typescript-eslint's recommended rules, type-aware.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // bench/ and clients/ are packages of their own, with their own dependencies and tests.
  { ignores: ["dist/", "node_modules/", "bench/", "clients/", "coverage/", ".data/", ".scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
      "@typescript-eslint/no-floating-promises": "error",
      "eqeqeq": ["error", "always", { null: "ignore" }],
      // Hooks of Apollo and TypeGraphQL are async by contract, with or without an await inside.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // One door to the database: only db/ touches TypeORM's driver and its pools (the command
    // line's migration tools use its public schema builder).
    files: ["src/**/*.ts"],
    ignores: ["src/db/**", "src/cli/migration-generate.ts"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "MemberExpression[property.name='driver']", message: "only src/db/ reaches TypeORM's driver: add what you need there" }],
    },
  },
  {
    files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Node scripts written as ES modules (scripts/).
    files: ["**/*.mjs"],
    languageOptions: { globals: { console: "readonly", process: "readonly" } },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly", __dirname: "readonly", process: "readonly", console: "readonly" } },
    // CommonJS files load their modules with require.
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
