/**
 * The registry of features (src/features.ts) against what it declares: what a new feature or a
 * renamed field could forget is caught here. Every prefetchable relation names
 * a field of its type (a rename cannot silently turn prefetching off) and a loader that exists;
 * every Node type can be fetched through `node(id:)`; every entity and resolver is declared once;
 * every revertible table is an entity's table or one of its link tables.
 */
import { type GraphQLSchema, isObjectType } from "graphql";
import { getMetadataArgsStorage } from "typeorm";
import { Reader } from "../../src/db/reader";
import { FEATURES } from "../../src/features";
import { dropTableTriggers, installTableTriggers } from "../../src/db/table-triggers";
import { assembleFeatures } from "../../src/graphql/feature";
import { createLoaders } from "../../src/graphql/read/loaders";
import { Prefetch } from "../../src/graphql/read/prefetch";
import { createSchema } from "../../src/graphql/schema";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

let schema: GraphQLSchema;
let db: TestDatabase;

beforeAll(async () => {
  schema = await createSchema(FEATURES);
  db = await openTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

/** A request's loaders (making them sends no SQL). */
function loaders(): Record<string, unknown> {
  const reader = new Reader(db.dataSource);
  return createLoaders(reader, new Prefetch(reader, FEATURES.relations), FEATURES.loaderGroups) as unknown as Record<string, unknown>;
}

it("names, for every prefetchable relation, a field of its type and a loader that exists", () => {
  const made = loaders();
  const problems: string[] = [];
  for (const [entity, relations] of FEATURES.relations) {
    const type = schema.getType(entity.name);
    if (!isObjectType(type)) {
      problems.push(`${entity.name} is no object type of the schema`);
      continue;
    }
    for (const [field, relation] of Object.entries(relations)) {
      if (!type.getFields()[field]) problems.push(`${entity.name}.${field}: no such field`);
      if (!(relation.loader in made) || made[relation.loader] === undefined) problems.push(`${entity.name}.${field}: no loader ${relation.loader}`);
    }
  }
  expect(problems).toEqual([]);
  expect(FEATURES.relations.size).toBeGreaterThan(0);
});

it("lets node(id:) fetch every type that implements Node, and only those", () => {
  const nodeTypes = Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && type.getInterfaces().some((it) => it.name === "Node"))
    .map((type) => type.name)
    .sort();
  expect([...FEATURES.nodes.keys()].sort()).toEqual(nodeTypes);
  const made = loaders();
  for (const [type, loaderOf] of FEATURES.nodes) expect({ type, loader: typeof loaderOf(made as never) }).toEqual({ type, loader: "object" });
});

it("declares every entity and every resolver once, and every entity TypeORM knows", () => {
  const entities = FEATURES.entities;
  expect(new Set(entities).size).toBe(entities.length);
  expect(new Set(FEATURES.resolvers).size).toBe(FEATURES.resolvers.length);
  const known = getMetadataArgsStorage().tables.map((table) => table.target);
  for (const target of known) expect(entities).toContain(target);
});

it("makes every table the audit trail records revertible, but the keys', and every revertible table one it records", async () => {
  const audited = await db.dataSource.query<Array<{ table: string }>>(
    `SELECT DISTINCT c.relname AS "table" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE '%\\_audit\\_insert' ORDER BY 1`,
  );
  expect(audited.map((row) => row.table).filter((table) => table !== "api_keys")).toEqual(Object.keys(FEATURES.revertible).sort());
});

it("gives every table the audit trail records its triggers: insert, update, delete, truncate; and every versioned one its version's", async () => {
  const triggers = await db.dataSource.query<Array<{ table: string; names: string[] }>>(
    `SELECT c.relname AS "table", array_agg(t.tgname::text ORDER BY t.tgname) AS names FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace GROUP BY c.relname`,
  );
  const versioned = await db.dataSource.query<Array<{ table: string }>>(`SELECT table_name AS "table" FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'version'`);
  const byTable = new Map(triggers.map((row) => [row.table, row.names]));
  const missing = (table: string, wanted: string[]) => ({ table, missing: wanted.filter((name) => !(byTable.get(table) ?? []).includes(name)) });
  for (const table of [...Object.keys(FEATURES.revertible), "api_keys"]) {
    const audit = ["insert", "update", "delete", "truncate"].map((event) => `${table}_audit_${event}`);
    expect(missing(table, audit)).toEqual({ table, missing: [] });
  }
  for (const { table } of versioned) expect(missing(table, [`${table}_bump_version`])).toEqual({ table, missing: [] });
  expect(versioned.length).toBe(6);
});

it("refuses two features that declare the same node type, constraint or table", () => {
  const twice = { name: "twice", nodes: { Person: FEATURES.nodes.get("Person")! } };
  expect(() => assembleFeatures([...FEATURES.features, twice])).toThrow(/two features declare the node type Person/);
});

it("installs a new table's triggers with one call: its version rises, its writes and its truncation are audited", async () => {
  const runner = db.dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(
      `CREATE TABLE things (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, version integer NOT NULL DEFAULT 1,
         created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`,
    );
    await installTableTriggers(runner, { table: "things", nodeType: "Thing", versioned: true });
    const [{ id }] = (await runner.query(`INSERT INTO things (name) VALUES ('first') RETURNING id`)) as [{ id: string }];
    await runner.query(`UPDATE things SET name = 'second' WHERE id = $1`, [id]);
    expect(await runner.query(`SELECT name, version FROM things`)).toEqual([{ name: "second", version: 2 }]);
    await runner.query(`TRUNCATE things`);
    const changes = (await runner.query(`SELECT node_type, before, after FROM audit_changes WHERE table_name = 'things' ORDER BY id`)) as Array<{
      node_type: string;
      before: { name: string } | null;
      after: { name: string } | null;
    }>;
    expect(changes.map((change) => [change.node_type, change.before?.name ?? null, change.after?.name ?? null])).toEqual([
      ["Thing", null, "first"],
      ["Thing", "first", "second"],
      ["Thing", "second", null],
    ]);
    // The trail keys a row by one or two columns (audit_row_key inlined): more is refused before any trigger exists.
    await expect(installTableTriggers(runner, { table: "things", nodeType: "Thing", versioned: false, key: ["id", "name", "version"] })).rejects.toThrow(
      "things: the audit trail keys a row by one or two columns, not 3",
    );
    await dropTableTriggers(runner, { table: "things", nodeType: "Thing", versioned: true });
    const left: unknown = await runner.query(`SELECT count(*)::int AS count FROM pg_trigger WHERE tgrelid = 'things'::regclass AND NOT tgisinternal`);
    expect(left).toEqual([{ count: 0 }]);
  } finally {
    await runner.query(`DROP TABLE IF EXISTS things`);
    await runner.release();
  }
});
