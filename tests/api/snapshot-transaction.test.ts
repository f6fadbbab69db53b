/**
 * A request's snapshot (db/reader.ts) as PostgreSQL sees it: its first statement carries the
 * BEGIN of a read-only, repeatable-read transaction in the same round trip, every later statement
 * of the request runs in that transaction, and a statement the server refuses ends it cleanly,
 * leaving the connection as the pool gave it. On both databases; the write committed between two
 * statements needs a second connection, so only on PostgreSQL.
 */
import { Client } from "pg";
import { Reader } from "../../src/db/reader";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
  await db.dataSource.query(`CREATE TABLE snapshot_probe (n integer NOT NULL)`);
  await db.dataSource.query(`INSERT INTO snapshot_probe VALUES (1)`);
});

afterAll(async () => {
  await db.close();
});

/** What a statement sees of its transaction; `marker` makes each statement's text distinct (and, with no parameter, unnamed ones run too). */
const TRANSACTION_OF = (marker: string) => `
  SELECT '${marker}' AS marker, current_setting('transaction_isolation') AS isolation, current_setting('transaction_read_only') AS "readOnly",
         transaction_timestamp()::text AS began, pg_backend_pid() AS backend, (SELECT count(*)::int FROM snapshot_probe) AS probes`;

interface Seen {
  isolation: string;
  readOnly: string;
  began: string;
  backend: number;
  probes: number;
}

async function seen(reader: Reader, marker: string, parameters: unknown[] = []): Promise<Seen> {
  const sql = parameters.length > 0 ? `${TRANSACTION_OF(marker)} WHERE $1::int IS NOT NULL` : TRANSACTION_OF(marker);
  const [row] = await reader.query<Array<Seen & { marker: string }>>(sql, parameters);
  if (!row) throw new Error("no row");
  const { marker: _marker, ...what } = row;
  return what;
}

it("begins a read-only, repeatable-read transaction with the request's first statement, which every later one shares", async () => {
  for (const parameters of [[], [1]]) {
    const reader = new Reader(db.dataSource);
    reader.readInOneSnapshot();
    const first = await seen(reader, `first ${parameters.length}`, parameters);
    const second = await seen(reader, `second ${parameters.length}`, parameters);
    await reader.finish();
    expect(first).toMatchObject({ isolation: "repeatable read", readOnly: "on" });
    expect(second).toEqual(first);
    // Counted: the statements asked for, not BEGIN and COMMIT.
    expect(reader.sqlStats.statements).toBe(2);
  }
  // The connection went back to the pool out of the transaction.
  const after = await seen(new Reader(db.dataSource), "after");
  expect(after).toMatchObject({ isolation: "read committed", readOnly: "off" });
});

/** Counts the round trips to the database (ReadyForQuery messages) on connections the pool hands out while `run` runs. */
async function roundTrips(run: () => Promise<void>): Promise<number> {
  type Connection = { on(event: "readyForQuery", listener: () => void): void; off(event: "readyForQuery", listener: () => void): void };
  const pool = (db.dataSource.driver as unknown as { master: { on(event: "acquire", listener: (client: { connection: Connection }) => void): void; off(event: "acquire", listener: (client: { connection: Connection }) => void): void } }).master;
  let count = 0;
  const counted = new Set<Connection>();
  const onReady = () => (count += 1);
  const onAcquire = (client: { connection: Connection }) => {
    if (counted.has(client.connection)) return;
    counted.add(client.connection);
    client.connection.on("readyForQuery", onReady);
  };
  pool.on("acquire", onAcquire);
  try {
    await run();
  } finally {
    pool.off("acquire", onAcquire);
    for (const connection of counted) connection.off("readyForQuery", onReady);
  }
  return count;
}

it("costs one round trip more than its statements: BEGIN travels with the first, COMMIT ends it", async () => {
  const snapshot = await roundTrips(async () => {
    const reader = new Reader(db.dataSource);
    reader.readInOneSnapshot();
    await seen(reader, "trip one");
    await seen(reader, "trip two");
    await reader.finish();
  });
  expect(snapshot).toBe(3);
  const alone = await roundTrips(async () => {
    await seen(new Reader(db.dataSource), "alone");
  });
  expect(alone).toBe(1);
});

/** The embedded database is one session: no second writer can commit while a snapshot holds it. */
const onPostgres = process.env.DATABASE_URL ? it : it.skip;

onPostgres("sees nothing that commits between its statements (a second connection writes)", async () => {
  const url = db.config.databaseUrl ?? "";
  const reader = new Reader(db.dataSource);
  reader.readInOneSnapshot();
  const before = await seen(reader, "before the write");
  const writer = new Client({ connectionString: url });
  await writer.connect();
  try {
    await writer.query(`INSERT INTO snapshot_probe VALUES (2)`);
  } finally {
    await writer.end();
  }
  const after = await seen(reader, "after the write");
  await reader.finish();
  expect(after.probes).toBe(before.probes);
  expect((await seen(new Reader(db.dataSource), "outside")).probes).toBe(before.probes + 1);
  await db.dataSource.query(`DELETE FROM snapshot_probe WHERE n = 2`);
});

it("ends the transaction when the first statement is refused: later statements run on their own, and the connection comes back clean", async () => {
  const reader = new Reader(db.dataSource);
  reader.readInOneSnapshot();
  await expect(reader.query("SELECT 1 / 0 AS never")).rejects.toThrow(/division by zero/);
  const next = await seen(reader, "after a refusal");
  await reader.finish();
  expect(next).toMatchObject({ isolation: "read committed", readOnly: "off" });
  const later = await seen(new Reader(db.dataSource), "a later request");
  expect(later).toMatchObject({ isolation: "read committed", readOnly: "off" });
});
