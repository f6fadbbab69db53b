// Runs once after every test file: removes what the global setup made besides dist/.
const { rmSync } = require("node:fs");
const { dirname } = require("node:path");

module.exports = async function tearDownOnce() {
  if (process.env.PGLITE_TEMPLATE_DIR) rmSync(dirname(process.env.PGLITE_TEMPLATE_DIR), { recursive: true, force: true });
};
