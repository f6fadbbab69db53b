import type DataLoader from "dataloader";
import { type FieldNode, type FragmentSpreadNode, getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, type GraphQLResolveInfo, type InlineFragmentNode, Kind, type SelectionSetNode } from "graphql";
import { type ReadSource, selectedColumns } from "../../db/sql";
import { type Loaders } from "./loaders";

/**
 * Prefetching: a root statement (a person by slug, a page of quotes or people) also fetches, as
 * JSON built by PostgreSQL, the related rows its query's selection will ask for, and primes the
 * request's loaders with them. The field resolvers stay as they are: they ask their loader,
 * which answers from what was primed, so a timeline with companies and evidence is one statement
 * instead of one per level. Relations nobody registered, or not selected, load as before.
 */

/** The fields selected at one place of a query (fragments merged), each with what is selected under it. */
export type SelectionTree = Map<string, SelectionTree>;

/** What a selection is read with: its field nodes, the document's fragments, and the variables its `@skip`/`@include` read. */
type SelectionInfo = Pick<GraphQLResolveInfo, "fieldNodes" | "fragments" | "variableValues">;

/** The selection under the resolver's field, or under `path` below it (e.g. `edges`, `node`): what `@skip`/`@include` leave out is not in it. */
export function selectionOf(info: SelectionInfo, path: string[] = []): SelectionTree {
  let tree = collect(info, info.fieldNodes.flatMap((field) => (field.selectionSet ? [field.selectionSet] : [])));
  for (const step of path) tree = tree.get(step) ?? new Map<string, SelectionTree>();
  return tree;
}

/** The nodes of a connection, whether asked through `edges { node }` or `nodes`. */
export function connectionNodesOf(info: SelectionInfo): SelectionTree {
  return merge(selectionOf(info, ["edges", "node"]), selectionOf(info, ["nodes"]));
}

function collect(info: Pick<GraphQLResolveInfo, "fragments" | "variableValues">, sets: readonly SelectionSetNode[]): SelectionTree {
  const children = new Map<string, SelectionSetNode[]>();
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (!isIncluded(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) {
        const under = children.get(selection.name.value) ?? [];
        if (selection.selectionSet) under.push(selection.selectionSet);
        children.set(selection.name.value, under);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return new Map([...children].map(([name, under]) => [name, collect(info, under)]));
}

/** A selection without conditions, or whose `@skip`/`@include` keep it with these variables (graphql-js's rule). */
function isIncluded(selection: FieldNode | InlineFragmentNode | FragmentSpreadNode, variables: GraphQLResolveInfo["variableValues"]): boolean {
  if (!selection.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, selection, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, selection, variables)?.if !== false;
}

/** Whether a node carries `@skip` or `@include`. */
function isConditional(selection: FieldNode | InlineFragmentNode | FragmentSpreadNode): boolean {
  return selection.directives?.some((directive) => directive.name.value === "skip" || directive.name.value === "include") ?? false;
}

/**
 * The conditional selections (`@skip`/`@include`) under a field's nodes, fragments followed:
 * kept per first field node, since a document's nodes never change.
 */
const keptConditions = new WeakMap<object, ReadonlyArray<FieldNode | InlineFragmentNode | FragmentSpreadNode>>();

function conditionsUnder(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">): ReadonlyArray<FieldNode | InlineFragmentNode | FragmentSpreadNode> {
  const first = info.fieldNodes[0];
  const found = first ? keptConditions.get(first) : undefined;
  if (found) return found;
  const conditions: Array<FieldNode | InlineFragmentNode | FragmentSpreadNode> = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (isConditional(selection)) conditions.push(selection);
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        if (seen.has(selection.name.value)) continue;
        seen.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet);
      } else {
        visit(selection.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  if (first) keptConditions.set(first, conditions);
  return conditions;
}

/** Which of the conditional selections under a field these variables keep, as a key ("" when there are none). */
function conditionsKey(info: SelectionInfo): string {
  const conditions = conditionsUnder(info);
  if (conditions.length === 0) return "";
  return conditions.map((selection) => (isIncluded(selection, info.variableValues) ? "1" : "0")).join("");
}

function merge(a: SelectionTree, b: SelectionTree): SelectionTree {
  const merged = new Map(a);
  for (const [name, under] of b) merged.set(name, merge(merged.get(name) ?? new Map<string, SelectionTree>(), under));
  return merged;
}

/** What to prefetch under an entity: its relation fields, each with what to prefetch under it. Serializes as JSON (a loader key). */
export interface PrefetchPlan {
  [field: string]: PrefetchPlan;
}

/** What a connection's statement fetches besides its rows: their relations, and the total count when it is asked for. */
export interface ConnectionPlan {
  nodes: PrefetchPlan;
  total: boolean;
}

/** A connection that fetches nothing besides its rows. */
export const NO_CONNECTION_PLAN: ConnectionPlan = { nodes: {}, total: false };

/** The loaders a prefetch primes, by name (a request's `Loaders`). */
export type PrimableLoaders = Record<string, unknown>;

/**
 * The SQL of a to-many relation for the rows of a loader and for the JSON of a prefetch alike,
 * so both return the same rows in the same order. `n` makes its aliases unique in a statement.
 */
export interface ManyRelationSql {
  /** FROM clause (tables and joins). */
  from: string;
  /** The alias of the related entity's table in `from`. */
  alias: string;
  /** The column holding the parent's id. */
  key: string;
  /** ORDER BY of the related rows of one parent. */
  order: string;
}

/**
 * The FROM clause of a relation through a link table: each link row (`links`) with the row of
 * `table` its `foreignKey` names, as `alias`. The row is looked up link by link (a lateral
 * subquery the planner may not flatten): a prefetch runs this once per parent row, and a join
 * that the planner turns into a hash join re-reads the whole table every time.
 */
export function linkedRows(links: string, foreignKey: string, table: string, alias: string): string {
  return `${links} CROSS JOIN LATERAL (SELECT * FROM ${table} WHERE id = ${foreignKey} OFFSET 0) ${alias}`;
}

/** A relation a resolver loads and a prefetch can fetch instead. */
export type Relation =
  | {
      kind: "one";
      target: new () => object;
      /** The parent's property holding the target's id (a foreign key, maybe null). */
      foreignKey: string;
      /** The by-id loader the field's resolver reads. */
      loader: string;
      /** Nothing under the field is the target's relations (it wraps the target, as a Passage does). */
      leaf?: boolean;
    }
  | {
      kind: "many";
      target: new () => object;
      sql(n: string): ManyRelationSql;
      /** The by-parent-id loader the field's resolver reads. */
      loader: string;
    };

/** A field resolved by a by-id loader from the parent's foreign key (`CareerStep.company`). */
export function oneRelation(target: new () => object, foreignKey: string, loader: keyof Loaders, options: { leaf?: boolean } = {}): Relation {
  return { kind: "one", target, foreignKey, loader, ...options };
}

/** A field resolved by a by-parent loader built on the relation's SQL (`Person.careerTimeline`). */
export function manyRelation(target: new () => object, sql: (n: string) => ManyRelationSql, loader: keyof Loaders): Relation {
  return { kind: "many", target, sql, loader };
}

/** The relations of each entity that can be prefetched, by GraphQL field name. */
export type RelationRegistry = ReadonlyMap<new () => object, Readonly<Record<string, Relation>>>;

/** The plan of what `selection` asks under an `entity`: the registered relations it selects, recursively. */
export function planOf(registry: RelationRegistry, entity: new () => object, selection: SelectionTree): PrefetchPlan {
  const relations = registry.get(entity) ?? {};
  const plan: PrefetchPlan = {};
  for (const [field, under] of selection) {
    const relation = relations[field];
    if (!relation) continue;
    plan[field] = relation.kind === "one" && relation.leaf ? {} : planOf(registry, relation.target, under);
  }
  return plan;
}

/** The column a prefetched relation comes back in: `$field`, which no entity property can be. */
const prefetchedKey = (field: string): string => `$${field}`;

/**
 * Plans kept between requests, by registry, by the field nodes they were made for, and by
 * entity. Field nodes belong to a parsed document, which Apollo keeps per query text: every
 * request of the same document selects the same, but for what `@skip`/`@include` leave out with
 * its variables (the plan is kept per outcome of those), so its plan is made once, and dropped
 * with the document. The nodes merged into one field may differ
 * by the parent's type (fragments on an interface), so all of them must match.
 */
interface KeptPlan {
  nodes: readonly object[];
  plan: unknown;
}
const keptPlans = new WeakMap<RelationRegistry, WeakMap<object, Map<string, KeptPlan>>>();

function kept<P>(registry: RelationRegistry, kind: string, entity: new () => object, info: GraphQLResolveInfo, plan: () => P): P {
  const nodes = info.fieldNodes;
  const first = nodes[0];
  if (!first) return plan();
  let byNode = keptPlans.get(registry);
  if (!byNode) keptPlans.set(registry, (byNode = new WeakMap<object, Map<string, KeptPlan>>()));
  let byEntity = byNode.get(first);
  if (!byEntity) byNode.set(first, (byEntity = new Map<string, KeptPlan>()));
  const key = `${kind} ${entity.name} ${conditionsKey(info)}`;
  const found = byEntity.get(key);
  if (found && found.nodes.length === nodes.length && found.nodes.every((node, i) => node === nodes[i])) return found.plan as P;
  const made = plan();
  byEntity.set(key, { nodes: [...nodes], plan: made });
  return made;
}

/** The select-list items of a kept plan, by entity and alias: their SQL depends on nothing else. */
const keptColumns = new WeakMap<PrefetchPlan, Map<string, string>>();

/** What priming one prefetched relation takes: the relation, what is prefetched under it, where a row holds it, and the order of its entity's values in its JSON. */
interface RelationPrimer {
  relation: Relation;
  under: PrefetchPlan;
  /** The column of a root row holding it. */
  key: string;
  /** The related entity's properties, in the order its JSON array holds their values. */
  properties: readonly string[];
}

/** Relation primers of a kept plan, by the entity whose relations they are. */
const keptPrimers = new WeakMap<PrefetchPlan, Map<new () => object, RelationPrimer[]>>();

/** The prefetching of one request: builds the SQL, and primes its loaders with the rows. */
export class Prefetch {
  private loaders: PrimableLoaders = {};
  private aliases = 0;

  constructor(
    private readonly source: ReadSource,
    private readonly registry: RelationRegistry,
  ) {}

  /** The request's loaders, once they exist (they and this refer to each other). */
  attach(loaders: PrimableLoaders): void {
    this.loaders = loaders;
  }

  /** The plan of what the resolver's field selects under its entity (`person(slug)`). */
  forField(entity: new () => object, info: GraphQLResolveInfo): PrefetchPlan {
    return kept(this.registry, "field", entity, info, () => planOf(this.registry, entity, selectionOf(info)));
  }

  /** The plan of what the resolver's connection selects under its nodes (`quotes`, `people`), and whether it asks for `totalCount`. */
  forConnection(entity: new () => object, info: GraphQLResolveInfo): ConnectionPlan {
    return kept(this.registry, "connection", entity, info, () => ({ nodes: planOf(this.registry, entity, connectionNodesOf(info)), total: selectionOf(info).has("totalCount") }));
  }

  /** Extra select-list items (each `, (…) AS "$field"`) prefetching `plan` for the rows of `entity` at `alias`. */
  columns(entity: new () => object, alias: string, plan: PrefetchPlan): string {
    let byTarget = keptColumns.get(plan);
    if (!byTarget) keptColumns.set(plan, (byTarget = new Map<string, string>()));
    const target = `${entity.name} ${alias}`;
    let columns = byTarget.get(target);
    if (columns === undefined) {
      this.aliases = 0;
      const relations = this.registry.get(entity) ?? {};
      columns = Object.entries(plan)
        .map(([field, under]) => `, ${this.relatedJson(entity, required(relations, field), alias, under)} AS "${prefetchedKey(field)}"`)
        .join("");
      byTarget.set(target, columns);
    }
    return columns;
  }

  /** Primes the loaders with what a row selected with {@link columns} prefetched for `instance`. */
  prime(entity: new () => object, instance: object, row: Record<string, unknown>, plan: PrefetchPlan): void {
    for (const primer of this.primersOf(entity, plan)) this.primeRelation(primer, instance, row[primer.key]);
  }

  /** How to prime each relation of `plan` under `entity`: worked out once per kept plan, not per row. */
  private primersOf(entity: new () => object, plan: PrefetchPlan): readonly RelationPrimer[] {
    let byEntity = keptPrimers.get(plan);
    if (!byEntity) keptPrimers.set(plan, (byEntity = new Map<new () => object, RelationPrimer[]>()));
    let primers = byEntity.get(entity);
    if (primers === undefined) {
      const relations = this.registry.get(entity) ?? {};
      primers = Object.entries(plan).map(([field, under]) => {
        const relation = required(relations, field);
        return { relation, under, key: prefetchedKey(field), properties: selectedColumns(this.source.getMetadata(relation.target)).map((column) => column.propertyName) };
      });
      byEntity.set(entity, primers);
    }
    return primers;
  }

  /** Primes the loader of one relation of `instance` with its prefetched value (JSON). */
  private primeRelation(primer: RelationPrimer, instance: object, value: unknown): void {
    const { relation } = primer;
    const loader = this.loaders[relation.loader] as DataLoader<string, unknown> | undefined;
    if (!loader) throw new Error(`internal: no loader ${relation.loader}`);
    if (relation.kind === "many") {
      const children = (value as unknown[][]).map((child) => this.fromJson(primer, child));
      loader.prime((instance as { id: string }).id, children);
    } else if (value !== null && value !== undefined) {
      const child = this.fromJson(primer, value as unknown[]);
      loader.prime((child as { id: string }).id, child);
    }
  }

  /** A related entity from its JSON ({@link entityJson}: its columns' values, then its relations'), priming what it holds. */
  private fromJson(primer: RelationPrimer, json: unknown[]): object {
    const { properties } = primer;
    const instance = new primer.relation.target() as Record<string, unknown>;
    for (let index = 0; index < properties.length; index += 1) instance[properties[index] as string] = json[index];
    const nested = this.primersOf(primer.relation.target, primer.under);
    for (let index = 0; index < nested.length; index += 1) this.primeRelation(nested[index] as RelationPrimer, instance, json[properties.length + index]);
    return instance;
  }

  /** A correlated subquery: the related rows of the `owner` row at `parentAlias`, as JSON. */
  private relatedJson(owner: new () => object, relation: Relation, parentAlias: string, plan: PrefetchPlan): string {
    const n = String(++this.aliases);
    if (relation.kind === "one") {
      const alias = `r${n}`;
      const metadata = this.source.getMetadata(relation.target);
      const foreignKey = this.source.getMetadata(owner).findColumnWithPropertyName(relation.foreignKey);
      if (!foreignKey) throw new Error(`internal: no column ${relation.foreignKey}`);
      return `(SELECT ${this.entityJson(relation.target, alias, plan)} FROM ${metadata.tablePath} ${alias} WHERE ${alias}.id = ${parentAlias}.${foreignKey.databaseName})`;
    }
    const sql = relation.sql(n);
    return `(SELECT coalesce(json_agg(${this.entityJson(relation.target, sql.alias, plan)} ORDER BY ${sql.order}), '[]'::json) FROM ${sql.from} WHERE ${sql.key} = ${parentAlias}.id)`;
  }

  /**
   * An entity as a JSON array: the values of the columns {@link entityColumns} reads, in their
   * order, then those of its prefetched relations, in the plan's order. An array, not an object:
   * no key is written for every value of every row, so PostgreSQL ran the statement of a page of
   * people with their timelines 1.4 times as often per second (pgbench, 100k corpus), and the
   * answer is shorter to parse.
   * The values are the columns' own: JSON writes a date as its ISO string already, so none needs
   * the `to_char` a row's column does.
   */
  private entityJson(entity: new () => object, alias: string, plan: PrefetchPlan): string {
    const relations = this.registry.get(entity) ?? {};
    const columns = selectedColumns(this.source.getMetadata(entity)).map((column) => `${alias}.${column.databaseName}`);
    const related = Object.entries(plan).map(([field, under]) => this.relatedJson(entity, required(relations, field), alias, under));
    return `json_build_array(${[...columns, ...related].join(", ")})`;
  }
}

function required(relations: Readonly<Record<string, Relation>>, field: string): Relation {
  const relation = relations[field];
  if (!relation) throw new Error(`internal: no prefetchable relation ${field}`);
  return relation;
}
