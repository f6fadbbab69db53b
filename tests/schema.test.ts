/**
 * The GraphQL schema as clients see it: the committed SDL matches the code, everything carries
 * a description (it is what a developer reads in Apollo Sandbox), and the names and types of
 * design.md's contract are there, as far as they are built. No database needed.
 */
import { readFile } from "node:fs/promises";
import {
  buildSchema as buildSchemaFromSdl,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from "graphql";
import { printCurrentSchema, SCHEMA_FILE } from "../src/cli/schema";
import { createSchema } from "../src/schema";

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await createSchema();
});

/**
 * design.md's contract, for the types and fields built so far: field → its type as the design
 * writes it. A field of the design that is not built yet is left out here; a field that is
 * built must be named and typed as the design says.
 */
const DESIGN_OBJECT_FIELDS: Record<string, Record<string, string>> = {
  FuzzyDate: {
    edtf: "String!",
    year: "Int!",
    month: "Int",
    day: "Int",
    precision: "DatePrecision!",
    approximate: "Boolean!",
    uncertain: "Boolean!",
    earliest: "String!",
    latest: "String!",
  },
  TextSpan: { start: "Int!", end: "Int!" },
  PageInfo: { hasNextPage: "Boolean!", hasPreviousPage: "Boolean!", startCursor: "String", endCursor: "String" },
  Person: { id: "ID!", slug: "String!", name: "String!", headline: "String", careerTimeline: "[CareerStep!]!" },
  Company: { id: "ID!", slug: "String!", name: "String!" },
  CareerStep: {
    id: "ID!",
    person: "Person!",
    company: "Company!",
    title: "String",
    start: "FuzzyDate",
    end: "FuzzyDate",
    isCurrent: "Boolean!",
    source: "Source",
    evidence: "Passage",
  },
  Passage: { text: "String!", span: "TextSpan!", source: "Source!" },
  Quote: { id: "ID!", text: "String!", speaker: "Person!", source: "Source!", span: "TextSpan!", section: "String" },
  QuoteEdge: { cursor: "String!", node: "Quote!", highlight: "String" },
  QuoteConnection: { edges: "[QuoteEdge!]!", nodes: "[Quote!]!", pageInfo: "PageInfo!", totalCount: "Int!" },
  Source: {
    id: "ID!",
    slug: "String!",
    title: "String!",
    kind: "SourceKind!",
    url: "String",
    publisher: "String",
    publishedOn: "FuzzyDate",
    narrator: "Person",
    body: "String!",
    bodySha256: "String!",
  },
};

/** The types design.md says implement Node. */
const NODE_TYPES = ["Person", "Company", "CareerStep", "Quote", "Source"];

const DESIGN_ENUMS: Record<string, string[]> = {
  DatePrecision: ["YEAR", "MONTH", "DAY"],
  SourceKind: ["AS_TOLD_TO_ESSAY", "INTERVIEW", "ARTICLE", "TRANSCRIPT", "PODCAST", "TALK"],
};

/** Query fields built so far: type, and each argument's type and default (undefined = none). */
const DESIGN_QUERIES: Record<string, { type: string; args: Record<string, { type: string; defaultValue?: unknown }> }> = {
  person: { type: "Person", args: { slug: { type: "String!" } } },
  source: { type: "Source", args: { slug: { type: "String!" } } },
  quotes: { type: "QuoteConnection!", args: { first: { type: "Int", defaultValue: 20 }, after: { type: "String" } } },
};

function field(typeName: string, fieldName: string): GraphQLField<unknown, unknown> | undefined {
  const type = schema.getType(typeName);
  if (!isObjectType(type) && !isInterfaceType(type)) return undefined;
  return type.getFields()[fieldName];
}

describe("schema/schema.graphql", () => {
  it("is what the code builds (run npm run schema:emit when this fails, and read the diff)", async () => {
    const committed = await readFile(SCHEMA_FILE, "utf8");
    expect(await printCurrentSchema()).toBe(committed);
  });
});

describe("descriptions", () => {
  /** Every named thing of a schema that lacks a description, as `Type.field(arg)` paths. */
  function undescribed(schema: GraphQLSchema): string[] {
    const missing: string[] = [];
    const lacks = (description: string | null | undefined) => description == null || description.trim() === "";
    const rootTypes = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((type) => type?.name));
    const checkArgs = (path: string, args: readonly GraphQLArgument[]) => {
      for (const arg of args) if (lacks(arg.description)) missing.push(`${path}(${arg.name})`);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      // The root types are containers with nothing to say of their own; their fields are checked.
      if (!rootTypes.has(type.name) && lacks(type.description)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const f of Object.values(type.getFields())) {
          if (lacks(f.description)) missing.push(`${type.name}.${f.name}`);
          checkArgs(`${type.name}.${f.name}`, f.args);
        }
      } else if (isInputObjectType(type)) {
        for (const f of Object.values(type.getFields())) if (lacks(f.description)) missing.push(`${type.name}.${f.name}`);
      } else if (isEnumType(type)) {
        for (const value of type.getValues()) if (lacks(value.description)) missing.push(`${type.name}.${value.name}`);
      } else if (isUnionType(type)) {
        // A union's description is its type's, checked above.
      }
    }
    return missing;
  }

  it("every type, field, argument, enum value and interface has one", () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it("the check finds each kind of missing description (so the test above can fail)", () => {
    const sample = buildSchemaFromSdl(`
      """Described."""
      interface Thing { id: ID! }
      interface Bare { """Described.""" id: ID! }
      """Described."""
      enum Mood { """Described.""" CALM LOUD }
      """Described."""
      input Filter { """Described.""" mood: Mood, search: String }
      """Described."""
      type Item implements Thing & Bare { id: ID! """Described.""" name(upper: Boolean, """Described.""" trim: Boolean): String }
      type Query { """Described.""" item(filter: Filter): Item  items: [Item!]! }
    `);
    expect(undescribed(sample).sort()).toEqual(
      ["Bare", "Filter.search", "Item.id", "Item.name(upper)", "Mood.LOUD", "Query.item(filter)", "Query.items", "Thing.id"].sort(),
    );
  });
});

describe("design.md's contract, as far as it is built", () => {
  it.each(Object.keys(DESIGN_OBJECT_FIELDS))("%s has the design's fields, typed as the design says", (typeName) => {
    const type = schema.getType(typeName);
    expect(isObjectType(type)).toBe(true);
    const expected = DESIGN_OBJECT_FIELDS[typeName] ?? {};
    const actual = Object.fromEntries(Object.keys(expected).map((name) => [name, field(typeName, name)?.type.toString() ?? "(missing)"]));
    expect(actual).toEqual(expected);
  });

  it("Node is an interface with id: ID!", () => {
    const node = schema.getType("Node");
    expect(isInterfaceType(node)).toBe(true);
    expect(field("Node", "id")?.type.toString()).toBe("ID!");
  });

  it.each(NODE_TYPES)("%s implements Node", (typeName) => {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    expect(type.getInterfaces().map((iface) => iface.name)).toContain("Node");
  });

  it.each(Object.keys(DESIGN_ENUMS))("%s has exactly the design's values", (enumName) => {
    const type = schema.getType(enumName);
    if (!isEnumType(type)) throw new Error(`${enumName} is not an enum`);
    expect(type.getValues().map((value) => value.name).sort()).toEqual([...(DESIGN_ENUMS[enumName] ?? [])].sort());
  });

  it.each(["person", "source"])("Query.%s(slug: String!) is typed as the design says", (name) => {
    const expected = DESIGN_QUERIES[name];
    const actual = field("Query", name);
    expect(actual?.type.toString()).toBe(expected?.type);
    expect(Object.fromEntries((actual?.args ?? []).map((arg) => [arg.name, { type: arg.type.toString() }]))).toEqual(expected?.args);
  });

  it("Query.quotes returns QuoteConnection! with after: String and first defaulting to 20", () => {
    const quotes = field("Query", "quotes");
    expect(quotes?.type.toString()).toBe("QuoteConnection!");
    const args = Object.fromEntries((quotes?.args ?? []).map((arg) => [arg.name, arg]));
    expect(args.after?.type.toString()).toBe("String");
    expect(args.first?.defaultValue).toBe(20);
  });

  it("Query.quotes takes first: Int = 20 (nullable), as the design writes it", () => {
    const first = field("Query", "quotes")?.args.find((arg) => arg.name === "first");
    expect(first?.type.toString()).toBe(DESIGN_QUERIES.quotes?.args.first?.type);
  });
});
