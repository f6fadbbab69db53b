import { floorRequest } from "../operations/floor.js";
import { openGatewayDatabase } from "./gateway-database.js";
import { FLOOR_PARAMETERS, FLOOR_SQL } from "../peers/floor-sql.js";

/**
 * The floor's answers on the embedded database: `node floor-worker.js FIXTURES_JSON NAME,...`
 * with PGLITE_DATA_DIR, run before our gateway opens it (one process at a time). Prints one JSON
 * line, the answers by operation.
 *
 * Why not the floor's answers on PostgreSQL: the two databases hold the same corpus under other
 * ids (gen_random_uuid), and a list whose order ends on the id (steps during a period: many
 * start in the same year) then differs in its ties, and at the page's edge in which steps it
 * holds. The same statements over the embedded data are the reference that shares its ids.
 */
const [fixturesJson, names] = process.argv.slice(2);
const fixtures = JSON.parse(fixturesJson);
const database = await openGatewayDatabase();
try {
  const answers = {};
  for (const name of names.split(",")) {
    const query = new URLSearchParams(floorRequest(name, fixtures).path.split("?")[1]);
    const [row] = await database.dataSource.query(FLOOR_SQL[name], FLOOR_PARAMETERS[name](query));
    answers[name] = JSON.parse(row.json);
  }
  console.log(JSON.stringify(answers));
} finally {
  await database.close();
}
