// relay-compiler's configuration. The schema is the gateway's SDL: schema/schema.graphql of
// GATEWAY_ROOT (relative to clients/, ".." when unset).
const { relative, resolve } = require("node:path");

const gatewayRoot = resolve(__dirname, "..", process.env.GATEWAY_ROOT ?? "..");

module.exports = {
  src: "./src",
  schema: relative(__dirname, resolve(gatewayRoot, "schema", "schema.graphql")),
  language: "javascript",
  artifactDirectory: "./__generated__",
  // CommonJS artifacts (this folder's package.json says so): Node resolves their require("./X.graphql").
  eagerEsModules: false,
  excludes: ["**/node_modules/**", "**/__generated__/**"],
};
