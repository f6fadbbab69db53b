import {
  type DocumentNode,
  type FieldNode,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  isObjectType,
  Kind,
  OperationTypeNode,
  type SelectionSetNode,
} from "graphql";
import { type MetadataSource } from "../../db/sql";
import { findUnstorableText } from "../../domain/storable-text";
import { type FieldSql, globalId, type JsonField, type JsonTypes, NotCompilable, type Row, value } from "./json-fields";

/** A trusted operation's statement for one request: its one row's one column is the `data` object's JSON. */
export interface JsonStatement {
  sql: string;
  values: unknown[];
}

/** What a plan is made from besides the operation: the declared JSON fields, and the entities whose columns are fields as they are. */
export interface JsonPlanning {
  types: JsonTypes;
  /** The entity of each GraphQL object type that is one (`Person`), for its plain columns. */
  entities: ReadonlyMap<string, new () => object>;
  metadata: MetadataSource;
}

/** Column types whose JSON (`to_json`) is the GraphQL value of a String, Int or Boolean field over them. */
const PLAIN_COLUMN_TYPES = new Set(["text", "varchar", "character varying", "integer", "int", "int4", "smallint", "boolean", "date"]);

/** How many variants of one operation are kept (each a statement): past them, the operation runs through the GraphQL layer. */
const MAX_VARIANTS = 32;

/** An argument of a selected field. */
interface ArgumentRef {
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  argument: string;
}

/** One parameter of a statement: its value for a request (from an argument, or fixed). */
interface Parameter {
  valueFor(request: RequestArguments): unknown;
}

/** A place where a field's SQL depends on an argument's value (a cursor given or not, which filter): what it names. */
interface VariantPoint extends ArgumentRef {
  name: (given: unknown) => string;
}

/** A variant of an operation, made into its statement. */
interface Variant {
  sql: string;
  parameters: readonly Parameter[];
}

/** The arguments of a request's fields, worked out once per field node (graphql-js's coercion). */
class RequestArguments {
  private readonly byNode = new Map<FieldNode, Record<string, unknown>>();

  constructor(private readonly variables: Readonly<Record<string, unknown>>) {}

  /** An argument's value; throws for text the resolvers refuse (graphql/validation.ts: text the database cannot store). */
  of({ field, node, argument }: ArgumentRef): unknown {
    let given = this.byNode.get(node);
    if (!given) {
      given = getArgumentValues(field, node, this.variables);
      if (findUnstorableText(given).length > 0) throw new NotCompilable("an argument the resolvers refuse");
      this.byNode.set(node, given);
    }
    return given[argument];
  }
}

/**
 * An operation planned into one statement that builds its whole `data` as JSON text in
 * PostgreSQL, from the SQL of each selected field (json-fields.ts). Where a field's SQL depends on
 * an argument's value (a first page or a later one), each variant is planned on its first
 * request and kept with the plan. An operation, or a variant, that selects a field without SQL
 * or uses `@skip`/`@include` is not planned: it runs through the GraphQL layer as any other.
 */
export class JsonPlan {
  private readonly points: VariantPoint[] = [];
  private readonly variants = new Map<string, Variant | NotCompilable>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly document: DocumentNode,
    private readonly operationName: string | undefined,
    private readonly planning: JsonPlanning,
  ) {}

  /**
   * The statement of a request, from its variables (coerced, with their defaults). Throws when
   * the GraphQL layer must answer it: a variant without a plan, or an argument the resolvers
   * refuse (a bad cursor, a page size out of range), which they then say what is wrong with.
   */
  statement(variables: Readonly<Record<string, unknown>>): JsonStatement {
    const request = new RequestArguments(variables);
    let variant = this.variants.get(this.keyOf(request));
    if (!variant) {
      variant = this.plan(request);
      if (this.variants.size >= MAX_VARIANTS) throw new NotCompilable("too many variants of one operation");
      this.variants.set(this.keyOf(request), variant);
    }
    if (variant instanceof NotCompilable) throw variant;
    return { sql: variant.sql, values: variant.parameters.map((parameter) => parameter.valueFor(request)) };
  }

  /** The variant a request is, by the names of the plan's variant points (every one known so far). */
  private keyOf(request: RequestArguments): string {
    return this.points.map((point) => point.name(request.of(point))).join("\u0000");
  }

  private plan(request: RequestArguments): Variant | NotCompilable {
    try {
      return new Planner(this.schema, this.document, this.planning, request, (point) => {
        if (!this.points.some((known) => known.node === point.node && known.argument === point.argument)) this.points.push(point);
      }).plan(this.operationName);
    } catch (error) {
      if (error instanceof NotCompilable) return error;
      throw error;
    }
  }
}

/** An argument's value as given (or defaulted). */
const asGiven = (given: unknown): unknown => given;

/** Plans one variant of an operation. */
class Planner {
  private readonly parameters: Parameter[] = [];
  private aliases = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly document: DocumentNode,
    private readonly planning: JsonPlanning,
    private readonly request: RequestArguments,
    private readonly dependsOn: (point: VariantPoint) => void,
  ) {}

  plan(operationName: string | undefined): Variant {
    const operation = getOperationAST(this.document, operationName);
    if (!operation || operation.operation !== OperationTypeNode.QUERY) throw new NotCompilable("not a query operation");
    const root = this.schema.getQueryType();
    if (!root) throw new NotCompilable("no query type");
    const noRow: Row = {
      column() {
        throw new NotCompilable("the query type has no row");
      },
    };
    return { sql: `SELECT ${this.object(root, [operation.selectionSet], noRow)} AS data`, parameters: this.parameters };
  }

  /** A parameter's placeholder (`$3::int`). */
  private parameter(parameter: Parameter, cast: string | undefined): string {
    this.parameters.push(parameter);
    return `$${this.parameters.length}${cast ? `::${cast}` : ""}`;
  }

  /** The JSON object of the selection sets over a row of `type`, fields in the order of the selection (graphql-js's). */
  private object(type: GraphQLObjectType, sets: readonly SelectionSetNode[], row: Row): string {
    const fields = this.collect(type, sets);
    if (fields.size === 0) throw new NotCompilable(`nothing selected under ${type.name}`);
    // A response key is a GraphQL name (letters, digits, _): it needs no escaping in JSON nor in the SQL literal.
    const parts = [...fields].map(([key, nodes], index) => `'${index === 0 ? "{" : ","}"${key}":' || ${this.field(type, nodes, row)}`);
    return `(${parts.join(" || ")} || '}')`;
  }

  /** The fields selected on `type`, by response key, with the nodes merged under each (fragments followed). */
  private collect(type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Map<string, FieldNode[]> {
    const fields = new Map<string, FieldNode[]>();
    const visit = (set: SelectionSetNode): void => {
      for (const selection of set.selections) {
        if (selection.directives?.length) throw new NotCompilable("a selection with directives");
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          fields.set(key, [...(fields.get(key) ?? []), selection]);
          continue;
        }
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : this.document.definitions.find((definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value);
        if (!fragment || fragment.kind === Kind.OPERATION_DEFINITION || !("selectionSet" in fragment)) throw new NotCompilable("an unknown fragment");
        const condition = "typeCondition" in fragment ? fragment.typeCondition?.name.value : undefined;
        if (condition !== undefined && condition !== type.name) throw new NotCompilable(`a fragment on ${condition} under ${type.name}`);
        visit(fragment.selectionSet);
      }
    };
    sets.forEach(visit);
    return fields;
  }

  /** One response key's JSON: the field's SQL over the parent's row. */
  private field(parent: GraphQLObjectType, nodes: readonly FieldNode[], row: Row): string {
    const [node] = nodes;
    if (!node) throw new Error("internal: a response key without a field");
    const name = node.name.value;
    if (name === "__typename") return `'"${parent.name}"'`;
    const definition = parent.getFields()[name];
    if (!definition) throw new NotCompilable(`no field ${parent.name}.${name}`);
    const json = this.jsonField(parent, definition);
    const placeholders = new Map<string, Array<{ value: (given: unknown) => unknown; placeholder: string }>>();
    const ref = (argument: string): ArgumentRef => {
      if (!definition.args.some((arg) => arg.name === argument)) throw new Error(`internal: ${parent.name}.${name} has no argument ${argument}`);
      return { field: definition, node, argument };
    };
    const sql: FieldSql = {
      row,
      argument: (argument, value = asGiven, type = "text") => {
        const key = `${argument}::${type}`;
        const known = placeholders.get(key)?.find((each) => each.value === value);
        if (known) return known.placeholder;
        const given = ref(argument);
        const placeholder = this.parameter({ valueFor: (request) => value(request.of(given)) }, type);
        placeholders.set(key, [...(placeholders.get(key) ?? []), { value, placeholder }]);
        return placeholder;
      },
      constants: {
        add: (fixed, cast) => this.parameter({ valueFor: () => fixed }, cast),
      },
      variant: (argument, nameOf) => {
        const point = { ...ref(argument), name: nameOf };
        this.dependsOn(point);
        return nameOf(this.request.of(point));
      },
      object: (under) => {
        const type = getNamedType(definition.type);
        if (!isObjectType(type)) throw new NotCompilable(`${parent.name}.${name} is not an object`);
        return this.object(type, nodes.flatMap((each) => (each.selectionSet ? [each.selectionSet] : [])), under);
      },
      alias: () => `j${++this.aliases}`,
    };
    return json(sql);
  }

  /** The JSON field declared for `parent.field`, else a plain column of its entity, else the global id of a node. */
  private jsonField(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>): JsonField {
    const declared = this.planning.types[parent.name]?.[field.name];
    if (declared) return declared;
    const entity = this.planning.entities.get(parent.name);
    if (entity && field.args.length === 0) {
      if (field.name === "id" && "nodeType" in entity) return globalId(String(entity.nodeType));
      const column = this.planning.metadata.getMetadata(entity).findColumnWithPropertyName(field.name);
      if (column && column.isSelect && PLAIN_COLUMN_TYPES.has(String(column.type))) return value((row) => row.column(column.databaseName));
    }
    throw new NotCompilable(`no JSON for ${parent.name}.${field.name}`);
  }
}
