/**
 * The GraphQL schema as clients see it: the committed SDL matches the code, everything carries
 * a description (it is what a developer reads in Apollo Sandbox), and the names and types of
 * the product's contract (the design the README's API sections describe) are all there, as written. No database needed.
 */
import { readFile } from "node:fs/promises";
import {
  buildSchema as buildSchemaFromSdl,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from "graphql";
import { printCurrentSchema, SCHEMA_FILE } from "../../src/cli/schema";
import { CareerStep } from "../../src/career-steps/career-step.entity";
import { CareerStepResolver } from "../../src/career-steps/career-step.resolver";
import { getMetadataStorage } from "type-graphql";
import { createSchema } from "../../src/graphql/schema";
import { FEATURES } from "../../src/features";

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await createSchema(FEATURES);
});

/** The product's contract: each object type's fields, typed as the design writes them. */
const connection = (node: string) => ({ edges: `[${node}Edge!]!`, nodes: `[${node}!]!`, pageInfo: "PageInfo!", totalCount: "Int!" });
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
  Person: {
    id: "ID!",
    slug: "String!",
    name: "String!",
    headline: "String",
    careerTimeline: "[CareerStep!]!",
    currentRoles: "[CareerStep!]!",
    quotes: "QuoteConnection!",
    sources: "[Source!]!",
  },
  Company: { id: "ID!", slug: "String!", name: "String!", careerSteps: "[CareerStep!]!", people: "[Person!]!", quotes: "QuoteConnection!" },
  CareerStep: {
    id: "ID!",
    person: "Person!",
    company: "Company!",
    title: "String",
    start: "FuzzyDate",
    end: "FuzzyDate",
    isCurrent: "Boolean!",
    durationMonths: "Int",
    source: "Source",
    evidence: "Passage",
  },
  Passage: { text: "String!", span: "TextSpan!", source: "Source!" },
  Quote: {
    id: "ID!",
    text: "String!",
    speaker: "Person!",
    source: "Source!",
    span: "TextSpan!",
    section: "String",
    topics: "[Topic!]!",
    companies: "[Company!]!",
    context: "QuoteContext!",
  },
  QuoteContext: { before: "String!", after: "String!" },
  Topic: { id: "ID!", slug: "String!", name: "String!", quoteCount: "Int!", quotes: "QuoteConnection!" },
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
    people: "[Person!]!",
    quotes: "QuoteConnection!",
  },
  QuoteEdge: { cursor: "String!", node: "Quote!", highlight: "String" },
  QuoteConnection: connection("Quote"),
  PersonEdge: { cursor: "String!", node: "Person!" },
  PersonConnection: connection("Person"),
  CompanyEdge: { cursor: "String!", node: "Company!" },
  CompanyConnection: connection("Company"),
  SourceEdge: { cursor: "String!", node: "Source!" },
  SourceConnection: connection("Source"),
  TopicCount: { topic: "Topic!", count: "Int!" },
  CompanyCount: { company: "Company!", count: "Int!" },
  PersonCount: { person: "Person!", count: "Int!" },
  QuoteStats: { total: "Int!", byTopic: "[TopicCount!]!", byCompany: "[CompanyCount!]!", bySpeaker: "[PersonCount!]!" },
  // Corrections (the revisions issue's contract), on top of the types above.
  Anchor: { status: "AnchorStatus!", score: "Float!", revision: "Int!", previousText: "String" },
  Review: { status: "ReviewStatus!", note: "String", reviewedAt: "String", by: "String" },
  SourceRevision: { number: "Int!", bodySha256: "String!", note: "String", createdAt: "String!" },
};

/** Fields the revisions issue adds to the types above. */
const REVISION_FIELDS: Record<string, Record<string, string>> = {
  Source: { revision: "Int!", revisions: "[SourceRevision!]!", body: "String!" },
  Quote: { anchor: "Anchor!", review: "Review!" },
  CareerStep: { anchor: "Anchor", review: "Review!" },
};

/** The types the contract says implement Node. */
const NODE_TYPES = ["Person", "Company", "CareerStep", "Quote", "Topic", "Source"];

const DESIGN_ENUMS: Record<string, string[]> = {
  DatePrecision: ["YEAR", "MONTH", "DAY"],
  SourceKind: ["AS_TOLD_TO_ESSAY", "INTERVIEW", "ARTICLE", "TRANSCRIPT", "PODCAST", "TALK"],
  QuoteOrder: ["SOURCE_ORDER", "RELEVANCE"],
  AnchorStatus: ["EXACT", "SHIFTED", "FUZZY", "ORPHANED"],
  ReviewStatus: ["UNREVIEWED", "CONFIRMED", "DISPUTED"],
};

const DESIGN_INPUTS: Record<string, Record<string, string>> = {
  QuoteFilter: {
    speakers: "[String!]",
    companies: "[String!]",
    topics: "[String!]",
    sources: "[String!]",
    search: "String",
    anchorStatus: "[AnchorStatus!]",
    review: "[ReviewStatus!]",
  },
};

/** Fields with arguments: `Type.field` → its type and each argument's type and default (undefined = none). */
type Args = Record<string, { type: string; defaultValue?: unknown }>;
const page = (defaultFirst?: number): Args => ({ first: { type: "Int", defaultValue: defaultFirst }, after: { type: "String" } });
const DESIGN_FIELDS_WITH_ARGS: Record<string, { type: string; args: Args }> = {
  "Query.node": { type: "Node", args: { id: { type: "ID!" } } },
  "Query.nodes": { type: "[Node]!", args: { ids: { type: "[ID!]!" } } },
  "Query.person": { type: "Person", args: { slug: { type: "String!" } } },
  "Query.people": { type: "PersonConnection!", args: { ...page(20), search: { type: "String" } } },
  "Query.company": { type: "Company", args: { slug: { type: "String!" } } },
  "Query.companies": { type: "CompanyConnection!", args: { ...page(20), search: { type: "String" } } },
  "Query.source": { type: "Source", args: { slug: { type: "String!" } } },
  "Query.sources": { type: "SourceConnection!", args: page(20) },
  "Query.quotes": { type: "QuoteConnection!", args: { ...page(20), filter: { type: "QuoteFilter" }, orderBy: { type: "QuoteOrder", defaultValue: "SOURCE_ORDER" } } },
  "Query.topics": { type: "[Topic!]!", args: {} },
  "Query.quoteStats": { type: "QuoteStats!", args: { filter: { type: "QuoteFilter" } } },
  // The design gives nested lists no default for `first`; 20 applies there too, as at the root.
  "Person.quotes": { type: "QuoteConnection!", args: { ...page(20), filter: { type: "QuoteFilter" } } },
  "Company.quotes": { type: "QuoteConnection!", args: { ...page(20), filter: { type: "QuoteFilter" } } },
  "Topic.quotes": { type: "QuoteConnection!", args: page(20) },
  "Source.quotes": { type: "QuoteConnection!", args: page(20) },
  "Quote.context": { type: "QuoteContext!", args: { chars: { type: "Int", defaultValue: 80 } } },
  // Facts in time (the timelines issue's contract).
  "Query.careerSteps": { type: "CareerStepConnection!", args: { ...page(20), filter: { type: "CareerStepFilter" } } },
  "Person.careerTimeline": { type: "[CareerStep!]!", args: { during: { type: "String" }, certainty: { type: "Certainty", defaultValue: "POSSIBLY" } } },
  "Company.careerSteps": { type: "[CareerStep!]!", args: { during: { type: "String" }, certainty: { type: "Certainty", defaultValue: "POSSIBLY" } } },
  "Company.people": { type: "[Person!]!", args: { during: { type: "String" }, certainty: { type: "Certainty", defaultValue: "POSSIBLY" } } },
  "CareerStep.duration": { type: "MonthRange", args: {} },
  "MonthRange.min": { type: "Int!", args: {} },
  "MonthRange.max": { type: "Int", args: {} },
  // Corrections (the revisions issue's contract).
  "Source.body": { type: "String!", args: { revision: { type: "Int" } } },
  "Mutation.reviseSource": { type: "ReviseSourcePayload!", args: { input: { type: "ReviseSourceInput!" } } },
  "Mutation.reviewQuote": { type: "QuotePayload!", args: { input: { type: "ReviewInput!" } } },
  "Mutation.reviewCareerStep": { type: "CareerStepPayload!", args: { input: { type: "ReviewInput!" } } },
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

describe("the contract", () => {
  it.each(Object.keys(DESIGN_OBJECT_FIELDS))("%s has the design's fields, typed as the design says", (typeName) => {
    const type = schema.getType(typeName);
    expect(isObjectType(type)).toBe(true);
    const expected = DESIGN_OBJECT_FIELDS[typeName] ?? {};
    const actual = Object.fromEntries(Object.keys(expected).map((name) => [name, field(typeName, name)?.type.toString() ?? "(missing)"]));
    expect(actual).toEqual(expected);
  });

  it.each(Object.keys(REVISION_FIELDS))("%s has the revisions issue's fields", (typeName) => {
    const expected = REVISION_FIELDS[typeName] ?? {};
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

  it.each(Object.keys(DESIGN_INPUTS))("input %s has the design's fields", (inputName) => {
    const type = schema.getType(inputName);
    if (!isInputObjectType(type)) throw new Error(`${inputName} is not an input type`);
    expect(Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, f.type.toString()]))).toEqual(DESIGN_INPUTS[inputName]);
  });

  it.each(Object.keys(DESIGN_FIELDS_WITH_ARGS))("%s takes the design's arguments", (path) => {
    const [typeName = "", fieldName = ""] = path.split(".");
    const expected = DESIGN_FIELDS_WITH_ARGS[path];
    const actual = field(typeName, fieldName);
    expect(actual?.type.toString()).toBe(expected?.type);
    const args = Object.fromEntries(
      (actual?.args ?? []).map((arg) => [arg.name, arg.defaultValue === undefined ? { type: arg.type.toString() } : { type: arg.type.toString(), defaultValue: arg.defaultValue }]),
    );
    const wanted = Object.fromEntries(
      Object.entries(expected?.args ?? {}).map(([name, arg]) => [name, arg.defaultValue === undefined ? { type: arg.type } : arg]),
    );
    expect(args).toEqual(wanted);
  });

  it("has every Query field of the design, and besides them only the write path's admin fields", () => {
    const queries = Object.keys(schema.getQueryType()?.getFields() ?? {}).sort();
    const design = Object.keys(DESIGN_FIELDS_WITH_ARGS).filter((path) => path.startsWith("Query.")).map((path) => path.slice(6));
    expect(queries).toEqual([...design, "viewer", "apiKeys", "auditEvents"].sort());
  });
});

describe("field resolvers without arguments", () => {
  const infoOf = (type: string, field: string) => ({ fieldName: field, parentType: schema.getType(type) }) as unknown as GraphQLResolveInfo;
  const step = () =>
    Object.assign(new CareerStep(), {
      ...{ startEdtf: "2016~", startEarliest: "2016-01-01", startLatest: "2016-12-31" },
      ...{ endEdtf: "2023~", endEarliest: "2023-01-01", endLatest: "2023-12-31", endOpen: false },
    });
  const expectedMonths = () => {
    const months = new CareerStepResolver().durationMonths(step());
    expect(months).toBeGreaterThan(12);
    return months;
  };

  afterEach(() => jest.restoreAllMocks());

  it("are called directly on an instance of their class, with what TypeGraphQL would pass", () => {
    const expected = expectedMonths();
    const method = jest.spyOn(CareerStepResolver.prototype, "durationMonths");
    const resolve = (schema.getType("CareerStep") as GraphQLObjectType).getFields().durationMonths?.resolve;
    const months = resolve?.(step(), {}, {}, infoOf("CareerStep", "durationMonths"));
    expect(months).toBe(expected);
    // The method was taken when the schema was built: a spy put on it since is not called.
    expect(method).not.toHaveBeenCalled();
  });

  it("go through TypeGraphQL for an object that is not an instance of the class (it makes one)", () => {
    const expected = expectedMonths();
    const method = jest.spyOn(CareerStepResolver.prototype, "durationMonths");
    const resolve = (schema.getType("CareerStep") as GraphQLObjectType).getFields().durationMonths?.resolve;
    const months = resolve?.({ ...step() }, {}, {}, infoOf("CareerStep", "durationMonths"));
    expect(months).toBe(expected);
    expect(method).toHaveBeenCalledTimes(1);
    expect(method.mock.calls[0]?.[0]).toBeInstanceOf(CareerStep);
  });

  it("read the object's own getters directly", () => {
    const resolve = (schema.getType("CareerStep") as GraphQLObjectType).getFields().isCurrent?.resolve;
    expect(resolve?.(Object.assign(step(), { endOpen: true }), {}, {}, infoOf("CareerStep", "isCurrent"))).toBe(true);
  });

  it("go through TypeGraphQL when DIRECT_FIELD_RESOLVERS is off (tests/api/direct-resolvers.test.ts: the same answers)", async () => {
    const plain = await createSchema(FEATURES, { directFieldResolvers: false });
    const expected = expectedMonths();
    const method = jest.spyOn(CareerStepResolver.prototype, "durationMonths");
    const resolve = (plain.getType("CareerStep") as GraphQLObjectType).getFields().durationMonths?.resolve;
    expect(await resolve?.(step(), {}, {}, infoOf("CareerStep", "durationMonths"))).toBe(expected);
    expect(method).toHaveBeenCalledTimes(1);
  });
});

describe("fields that read a property", () => {
  it("are graphql-js's default resolver on every object type (simpleResolvers), so no property read pays TypeGraphQL's middleware chain", () => {
    const objectTypes = getMetadataStorage().objectTypes;
    expect(objectTypes.filter((type) => type.simpleResolvers !== true).map((type) => type.name)).toEqual([]);
    const person = schema.getType("Person") as GraphQLObjectType;
    expect(person.getFields().name?.resolve).toBeUndefined();
    // A field answered by a getter or a resolver method keeps its own resolve function.
    expect(person.getFields().id?.resolve).toBeDefined();
  });

  it("are never a property renamed in the schema, nor guarded by a role or middleware (a default resolver would skip those)", () => {
    const storage = getMetadataStorage();
    const answeredByMember = (field: (typeof storage.fields)[number]) => storage.fieldResolvers.some((resolver) => resolver.getObjectType?.() === field.target && resolver.methodName === field.name);
    const odd = storage.fields.filter((field) => !answeredByMember(field) && (field.name !== field.schemaName || (field.roles?.length ?? 0) > 0 || (field.middlewares?.length ?? 0) > 0));
    expect(odd.map((field) => `${field.target.name}.${field.name}`)).toEqual([]);
  });
});
