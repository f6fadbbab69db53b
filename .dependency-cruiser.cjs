/**
 * The layers of src/ and the rules between them (`npm run layering`, in CI). Lowest first:
 *
 *   basics   config.ts logger.ts errors.ts project.ts tracing.ts
 *   domain/  pure code: EDTF, body text and passages, rules (imports nothing of the app)
 *   db/      the one door to the database: TypeORM + pg, transactions, SQL helpers (no feature)
 *   graphql/ context, schema building, connections, ids, shared types; read/ loaders, prefetch (no feature)
 *   features people, companies, topics → sources → career-steps, quotes → content; api-keys → audit
 *   runtime/ process-wide state: shared store, write listener, content generation, metrics, workers
 *   apollo/  Apollo Server and its plugins (no feature: the schema reaches it as an argument)
 *   http/    node:http routes, request bounds, rate limits (features only through authentication)
 *   app.ts features.ts main.ts cli/   the composition roots: features.ts is the one list of features
 *
 * A relation field lives in the feature that owns its query (`Person.quotes` in quotes/), so that
 * features form a DAG and each can be read with what is below it only.
 */
const FEATURES = "(people|companies|topics|sources|career-steps|quotes|api-keys|audit|content)";
const feature = (name) => `^src/${name}/`;

/** Each feature and the features it may use (what is below it in the DAG). */
const FEATURE_DEPENDENCIES = {
  people: [],
  companies: [],
  topics: [],
  "api-keys": [],
  sources: ["people"],
  "career-steps": ["people", "companies", "sources"],
  quotes: ["people", "companies", "topics", "sources"],
  audit: ["api-keys"],
  content: ["people", "companies", "topics", "sources", "career-steps", "quotes"],
};

const LOWER_THAN_FEATURES = "^src/(domain|db|graphql)/|^src/(config|logger|errors|project)[.]ts$";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "No import cycles anywhere in src/.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "domain/ is pure code: it imports nothing of the app but itself.",
      from: { path: "^src/domain/" },
      to: { path: "^src/", pathNot: "^src/domain/" },
    },
    {
      name: "basics-stand-alone",
      severity: "error",
      comment: "config, logger, errors, project and tracing import only one another.",
      from: { path: "^src/(config|logger|errors|project|tracing)[.]ts$" },
      to: { path: "^src/", pathNot: "^src/(config|logger|errors|project)[.]ts$" },
    },
    {
      name: "db-knows-no-feature",
      severity: "error",
      comment: "db/ is the door to the database: it uses domain/ and the basics, never a feature or a layer above it.",
      from: { path: "^src/db/" },
      to: { path: "^src/", pathNot: "^src/(db|domain)/|^src/(config|logger|errors|project)[.]ts$" },
    },
    {
      name: "graphql-knows-no-feature",
      severity: "error",
      comment: "graphql/ is the plumbing every feature shares: the features reach it as arguments (features.ts), it never imports one.",
      from: { path: "^src/graphql/" },
      to: { path: "^src/", pathNot: "^src/(graphql|db|domain)/|^src/(config|logger|errors|project)[.]ts$" },
    },
    ...Object.entries(FEATURE_DEPENDENCIES).map(([name, allowed]) => ({
      name: `feature-${name}`,
      severity: "error",
      comment: `${name}/ may use ${allowed.length ? allowed.join(", ") : "no other feature"}, and what is below the features (domain, db, graphql, the basics).`,
      from: { path: feature(name) },
      to: {
        path: "^src/",
        pathNot: [feature(name), LOWER_THAN_FEATURES, ...allowed.map(feature)].join("|"),
      },
    })),
    {
      name: "runtime-knows-no-feature",
      severity: "error",
      comment: "runtime/ holds process-wide state (store, write listener, metrics, workers): no feature, no GraphQL layer above it.",
      from: { path: "^src/runtime/" },
      to: { path: "^src/", pathNot: "^src/(runtime|db|domain)/|^src/(config|logger|errors|project)[.]ts$" },
    },
    {
      name: "apollo-knows-no-feature",
      severity: "error",
      comment: "apollo/ (the server and its plugins) gets the schema as an argument: it imports no feature.",
      from: { path: "^src/apollo/" },
      to: { path: "^src/", pathNot: "^src/(apollo|runtime|graphql|db|domain)/|^src/(config|logger|errors|project)[.]ts$" },
    },
    {
      name: "http-reaches-features-through-authentication-only",
      severity: "error",
      comment: "http/ serves the schema through apollo/ and reads keys through api-keys/auth.ts; no other feature.",
      from: { path: "^src/http/" },
      to: { path: `^src/${FEATURES}/`, pathNot: "^src/api-keys/auth[.]ts$" },
    },
    {
      name: "one-list-of-features",
      severity: "error",
      comment: "Only features.ts lists the features: the application, its schema and its database reach them through it.",
      from: { path: "^src/(app|main)[.]ts$" },
      to: { path: `^src/${FEATURES}/` },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(dist|node_modules)/" },
  },
};
