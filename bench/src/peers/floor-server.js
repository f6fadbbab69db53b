import { createServer } from "node:http";
import pg from "pg";
import { FLOOR_PARAMETERS, FLOOR_SQL } from "./floor-sql.js";

/**
 * The floor server: `GET /<operation>?...` runs the operation's one statement and sends the JSON
 * text PostgreSQL built, untouched. Same pool size as the gateway's (10). `node floor-server.js`
 * with DATABASE_URL and PORT.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? "/", "http://floor");
  const operation = url.pathname.slice(1);
  const sql = FLOOR_SQL[operation];
  if (!sql) {
    response.writeHead(404).end();
    return;
  }
  try {
    const { rows } = await pool.query(sql, FLOOR_PARAMETERS[operation](url.searchParams));
    const body = rows[0]?.json ?? "null";
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
  } catch (error) {
    response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
  }
});

server.listen(Number(process.env.PORT ?? 5001), "127.0.0.1", () => console.log(`floor listening on ${server.address().port}`));
process.once("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
