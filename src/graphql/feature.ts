import type DataLoader from "dataloader";
import { type DataSource } from "typeorm";
import { type Logger } from "../logger";
import { type Node } from "./node.type";
import { type LoaderGroup as ReadLoaderGroup, type Loaders } from "./read/loaders";
import { type Prefetch, type Relation, type RelationRegistry } from "./read/prefetch";
import { CORE_JSON_TYPES } from "./json/core-json-types";
import { type JsonField, type JsonTypes } from "./json/json-fields";

/** Makes one feature's loaders for a request (they send no SQL until asked for something). */
export type LoaderGroup = ReadLoaderGroup<Prefetch>;

/** What a unique or check constraint that a race can meet (two writers at once) means to a client. */
export interface ConstraintMeaning {
  argumentPath: string;
  message: string;
}

/** A content table the audit trail may revert: its key columns, and its rank in the order of foreign keys (parents first). */
export interface RevertibleTable {
  key: string[];
  rank: number;
}

/**
 * One feature, declared once in its folder (`x.feature.ts`) and listed in src/features.ts: what
 * the database, the schema, the loaders, `node(id:)`, the audit trail and the start-up need of it.
 * Adding an entity is a folder and a line there (and its migration); the layers below the
 * features read this, never a feature.
 */
export interface Feature {
  name: string;
  /** TypeORM entities (their tables are the migrations'). */
  entities?: Array<new () => object>;
  /** TypeGraphQL resolver classes: the feature's own types and the relation fields it answers on others. */
  resolvers?: Array<new () => object>;
  /** The request's loaders of the feature (their names are typed by augmenting `Loaders`). */
  loaders?: LoaderGroup;
  /** The relations a root statement may prefetch, by entity and GraphQL field: the fields this feature answers. */
  relations?: Array<[entity: new () => object, relations: Readonly<Record<string, Relation>>]>;
  /** How the fields it answers are written as JSON by PostgreSQL (json/json-fields.ts), by GraphQL type: trusted operations that select only such fields run as one statement. */
  json?: JsonTypes;
  /** Node types it serves through `node(id:)`: the GraphQL type's name, and its by-id loader. */
  nodes?: Record<string, (loaders: Loaders) => DataLoader<string, Node | null>>;
  /** The constraints of its tables a concurrent write may meet, in the API's words. */
  constraints?: Record<string, ConstraintMeaning>;
  /** Its tables the audit trail may revert. */
  revertible?: Record<string, RevertibleTable>;
  /** Work at start-up, once the database is migrated (loading content into an empty database). */
  onStart?: (dataSource: DataSource, logger: Logger, options: StartOptions) => Promise<void>;
}

/** What start-up work is told. */
export interface StartOptions {
  /** Load the content folder into an empty database (LOAD_CONTENT_ON_EMPTY). */
  loadContentOnEmpty: boolean;
  /** The content folder (default: the project's content/). */
  contentDir?: string;
}

/** The features put together: what each layer reads, built once by src/features.ts. */
export interface FeatureRegistry {
  features: readonly Feature[];
  entities: Array<new () => object>;
  resolvers: Array<new () => object>;
  loaderGroups: LoaderGroup[];
  relations: RelationRegistry;
  /** The JSON fields of every feature and of the graphql layer's own types. */
  json: JsonTypes;
  /** The entities, by the name of the GraphQL object type each is. */
  entitiesByType: ReadonlyMap<string, new () => object>;
  nodes: ReadonlyMap<string, (loaders: Loaders) => DataLoader<string, Node | null>>;
  constraints: Readonly<Record<string, ConstraintMeaning>>;
  revertible: Readonly<Record<string, RevertibleTable>>;
}

/** Puts features together; a name declared twice (a node type, a constraint, a table) is a mistake, refused. */
export function assembleFeatures(features: readonly Feature[]): FeatureRegistry {
  const relations = new Map<new () => object, Record<string, Relation>>();
  const nodes = new Map<string, (loaders: Loaders) => DataLoader<string, Node | null>>();
  const constraints: Record<string, ConstraintMeaning> = {};
  const revertible: Record<string, RevertibleTable> = {};
  const json: Record<string, Record<string, JsonField>> = {};
  const once = <T>(into: Record<string, T> | Map<string, T>, name: string, value: T, what: string) => {
    const has = into instanceof Map ? into.has(name) : Object.hasOwn(into, name);
    if (has) throw new Error(`internal: two features declare the ${what} ${name}`);
    if (into instanceof Map) into.set(name, value);
    else into[name] = value;
  };
  const addJson = (types: JsonTypes) => {
    for (const [type, fields] of Object.entries(types)) {
      const known = (json[type] ??= {});
      for (const [field, sql] of Object.entries(fields)) once(known, field, sql, `JSON field ${type}.`);
    }
  };
  addJson(CORE_JSON_TYPES);
  for (const feature of features) {
    for (const [entity, fields] of feature.relations ?? []) {
      const known = relations.get(entity) ?? {};
      for (const [field, relation] of Object.entries(fields)) once(known, field, relation, `relation ${entity.name}.`);
      relations.set(entity, known);
    }
    addJson(feature.json ?? {});
    for (const [type, loader] of Object.entries(feature.nodes ?? {})) once(nodes, type, loader, "node type");
    for (const [name, meaning] of Object.entries(feature.constraints ?? {})) once(constraints, name, meaning, "constraint");
    for (const [table, spec] of Object.entries(feature.revertible ?? {})) once(revertible, table, spec, "revertible table");
  }
  return {
    features,
    entities: features.flatMap((feature) => feature.entities ?? []),
    resolvers: features.flatMap((feature) => feature.resolvers ?? []),
    loaderGroups: features.flatMap((feature) => (feature.loaders ? [feature.loaders] : [])),
    relations,
    json,
    entitiesByType: new Map(features.flatMap((feature) => feature.entities ?? []).map((entity) => [(entity as { nodeType?: string }).nodeType ?? entity.name, entity])),
    nodes,
    constraints,
    revertible,
  };
}
