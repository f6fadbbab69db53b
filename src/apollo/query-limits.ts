import { type ApolloServerPlugin } from "@apollo/server";
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isInterfaceType,
  isObjectType,
  type SelectionNode,
  type GraphQLSchema,
  GraphQLError,
  isListType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
} from "graphql";
import { getArgumentValues, getDirectiveValues, getVariableValues } from "graphql/execution/values";
import { type ComplexityEstimator, getComplexity } from "graphql-query-complexity";
import { LRUCache } from "lru-cache";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../graphql/connection";
import { type QueryLimits } from "../config";
import { type Context } from "../graphql/context";
import { ErrorCode } from "../errors";
import { type RequestBudget } from "../db/admission";
import { operationPlan, planPart } from "./operation-plan";
import { type TableSizes } from "../db/table-sizes";
import { type HoldingField, type Scan, type ScanExtension } from "../graphql/scan";

/** What an unpaged list (a timeline, a quote's topics) is guessed to hold, for its cost. */
export const LIST_SIZE_GUESS = 10;

/** The most field nodes the cost calculation walks (fragments spread many times count each time). */
const MAX_NODES_WALKED = 50_000;

/** The most tokens an operation's text may have (graphql-js stops parsing there). */
const MAX_TOKENS = 20_000;

/**
 * The cost of a field: an object costs 1 plus what its selection costs; a connection multiplies
 * its selection by `first` (20 when not given), a list by the ids asked for or by
 * LIST_SIZE_GUESS; a scalar costs nothing (the field count bounds those). The edges and nodes of
 * a connection are its `first` already, not another list.
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const named = getNamedType(field.type);
  if (!("getFields" in named)) return 0;
  // A `first` past the cap is refused when the field runs (BAD_USER_INPUT): cost it at the cap.
  if (named.name.endsWith("Connection")) return 1 + Math.min(Math.max((args.first as number | null | undefined) ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE) * childComplexity;
  const inConnection = type.name.endsWith("Connection") && (field.name === "edges" || field.name === "nodes");
  if (isListType(getNullableType(field.type)) && !inConnection) {
    const size = Array.isArray(args.ids) ? args.ids.length : LIST_SIZE_GUESS;
    return 1 + size * childComplexity;
  }
  return 1 + childComplexity;
};

/** The most fields counted before an operation is known to be too large: counting a flood costs time too. */
const FIELDS_COUNTED_PAST_LIMIT = 10;

/** The deepest brackets (`{`, `(`, `[`) may nest in an operation's text: GraphQL's parser recurses on each. */
export const MAX_BRACKET_DEPTH = 64;

/**
 * How deep brackets nest in an operation's text, strings and comments skipped: a lexical scan
 * that stays cheap and flat where parsing thousands of nested brackets would exhaust the stack.
 */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === "#") {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i += 1;
    } else if (char === '"') {
      const block = text.startsWith('"""', i);
      const end = block ? '"""' : '"';
      i += end.length;
      while (i < text.length && !text.startsWith(end, i)) i += text[i] === "\\" ? 2 : 1;
      i += end.length - 1;
    } else if (char === "{" || char === "(" || char === "[") {
      depth += 1;
      deepest = Math.max(deepest, depth);
    } else if (char === "}" || char === ")" || char === "]") {
      depth -= 1;
    }
  }
  return deepest;
}

/** The fields that introspect the schema: what is under them describes the API, not its data. */
const INTROSPECTION_ROOTS = new Set(["__schema", "__type"]);

/**
 * The list fields of introspection's types: each multiplies what is under it by the number of
 * types, fields, arguments… The stock introspection queries (graphql-js's, GraphiQL's, Apollo
 * Sandbox's) nest at most three (`types { fields { args } }`) and never one inside itself; the
 * circular-introspection attack (`types { fields { type { fields { type { fields … } } } } }`)
 * nests `fields` inside `fields` to multiply the answer.
 */
const INTROSPECTION_LISTS = new Set(["types", "fields", "inputFields", "interfaces", "possibleTypes", "enumValues", "args", "directives"]);

/**
 * How much introspection one operation may ask for: a bound of its own, which the stock queries
 * of every client stay well inside (graphql-js's deepest is 15 levels and 230 fields), and
 * which the data limits do not touch.
 */
export const INTROSPECTION_LIMITS = { maxDepth: 32, maxFields: 2_000, maxNestedLists: 3 } as const;

/** What an operation's introspection asks for: how deep, how many fields, and the first list nested inside itself or too deep, if any. */
export interface IntrospectionMeasure {
  depth: number;
  fields: number;
  /** A path of introspection lists that nests one inside itself or more than allowed (`types.fields.fields`), else null. */
  tooNested: string | null;
}

/** What an operation asks for: its data (depth and fields, introspection left out) and its introspection. */
export interface OperationMeasure {
  depth: number;
  fields: number;
  introspection: IntrospectionMeasure;
}

/**
 * How deep an operation nests and how many fields it selects (aliases and fragments counted),
 * its introspection measured apart. Counting stops once `stopAfterFields` is passed (the fields
 * are then a lower bound).
 */
export function measureOperation(document: DocumentNode, operationName: string | null | undefined, stopAfterFields = Infinity): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operationName ? operations.find((op) => op.name?.value === operationName) : operations[0];
  let fields = 0;
  const introspection: IntrospectionMeasure = { depth: 0, fields: 0, tooNested: null };
  const stopped = () => fields > stopAfterFields || introspection.fields > INTROSPECTION_LIMITS.maxFields;

  /** Walks a selection set: `lists` is the path of introspection lists above it, or null outside introspection. */
  const walk = (selectionSet: SelectionSetNode | undefined, depth: number, spread: ReadonlySet<string>, lists: readonly string[] | null): number => {
    if (!selectionSet) return depth;
    let deepest = depth;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (lists === null && INTROSPECTION_ROOTS.has(name)) {
          introspection.fields += 1;
          introspection.depth = Math.max(introspection.depth, walk(selection.selectionSet, 1, spread, []));
          continue;
        }
        let under = lists;
        if (lists === null) {
          fields += 1;
        } else {
          introspection.fields += 1;
          if (INTROSPECTION_LISTS.has(name)) {
            under = [...lists, name];
            if (introspection.tooNested === null && (lists.includes(name) || under.length > INTROSPECTION_LIMITS.maxNestedLists)) introspection.tooNested = under.join(".");
          }
        }
        deepest = Math.max(deepest, walk(selection.selectionSet, depth + 1, spread, under));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, walk(selection.selectionSet, depth, spread, lists));
      } else {
        const name = selection.name.value;
        // A fragment spread inside itself is invalid; validation says so, here it just stops.
        if (spread.has(name)) continue;
        deepest = Math.max(deepest, walk(fragments.get(name)?.selectionSet, depth, new Set([...spread, name]), lists));
      }
      // Past the limit there is no point walking further: the answer is already "too many".
      if (stopped()) break;
    }
    return deepest;
  };
  const depth = walk(operation?.selectionSet, 0, new Set(), null);
  return { depth, fields, introspection };
}

/** Why an operation is refused for its size: the message and extensions of its error. */
interface Excess {
  message: string;
  extensions: Record<string, unknown>;
}

/** A refusal: the operation asks for more than a limit allows; nothing was executed. */
function tooComplex({ message, extensions }: Excess): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, ...extensions, http: { status: 400 } } });
}

/** How many operation texts keep their verdict, and how many characters of text at most. */
const VERDICTS_KEPT = 1000;
const VERDICT_TEXT_KEPT = 4_000_000;

/**
 * Why an operation's text is too large to run (too deep, too many fields), or null. Checked on
 * the request as it arrives, before GraphQL validates it: validating a flood of aliases is
 * itself costly. A text that does not parse is left for GraphQL to report. Clients send the
 * same few texts over and over, so each text's verdict is kept (a bounded LRU): the text is
 * parsed here once, not on every request.
 */
export function shapeChecker(limits: QueryLimits): (query: string, operationName: string | null | undefined) => GraphQLError | null {
  const verdicts = new LRUCache<string, { refusal: Excess | null }>({ max: VERDICTS_KEPT, maxSize: VERDICT_TEXT_KEPT, sizeCalculation: (_, key) => key.length || 1 });
  return (query, operationName) => {
    const key = `${operationName ?? ""}\u0000${query}`;
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = { refusal: shapeRefusal(query, operationName, limits) };
      if (key.length <= VERDICT_TEXT_KEPT) verdicts.set(key, verdict);
    }
    return verdict.refusal && tooComplex(verdict.refusal);
  };
}

function shapeRefusal(query: string, operationName: string | null | undefined, limits: QueryLimits): Excess | null {
  const brackets = bracketDepth(query);
  if (brackets > MAX_BRACKET_DEPTH) {
    return { message: `the operation nests brackets ${brackets} deep; the limit is ${MAX_BRACKET_DEPTH}`, extensions: { depth: brackets, limit: MAX_BRACKET_DEPTH } };
  }
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch (error) {
    return /token/i.test((error as Error).message) ? { message: `the operation is over ${MAX_TOKENS} tokens long`, extensions: { limit: MAX_TOKENS } } : null;
  }
  const countUpTo = limits.maxFields * FIELDS_COUNTED_PAST_LIMIT;
  const { depth, fields, introspection } = measureOperation(document, operationName, countUpTo);
  const introspectionRefusal = introspectionExcess(introspection);
  if (introspectionRefusal) return introspectionRefusal;
  if (fields > limits.maxFields) {
    const counted = fields > countUpTo ? `more than ${countUpTo}` : String(fields);
    return { message: `the operation selects ${counted} fields (aliases and fragments counted); the limit is ${limits.maxFields}`, extensions: { fields, limit: limits.maxFields } };
  }
  if (depth > limits.maxDepth) return { message: `the operation nests ${depth} levels deep; the limit is ${limits.maxDepth}`, extensions: { depth, limit: limits.maxDepth } };
  return null;
}

/** Why an operation's introspection is refused (a list nested in itself or too deep, too deep, too many fields), or null. */
function introspectionExcess({ depth, fields, tooNested }: IntrospectionMeasure): Excess | null {
  if (tooNested !== null) {
    return {
      message: `the operation's introspection nests its lists as ${tooNested}: a list may not nest inside itself, nor more than ${INTROSPECTION_LIMITS.maxNestedLists} deep (the stock introspection query nests types.fields.args)`,
      extensions: { introspection: tooNested, limit: INTROSPECTION_LIMITS.maxNestedLists },
    };
  }
  if (fields > INTROSPECTION_LIMITS.maxFields) {
    return { message: `the operation's introspection selects more than ${INTROSPECTION_LIMITS.maxFields} fields`, extensions: { fields, limit: INTROSPECTION_LIMITS.maxFields } };
  }
  if (depth > INTROSPECTION_LIMITS.maxDepth) {
    return { message: `the operation's introspection nests ${depth} levels deep; the limit is ${INTROSPECTION_LIMITS.maxDepth}`, extensions: { depth, limit: INTROSPECTION_LIMITS.maxDepth } };
  }
  return null;
}

/**
 * Refuses operations that cost too much once their variables are known, before they touch the
 * database (their shape is checked as the request arrives: shapeChecker). The cost is the
 * structure's (costEstimator) plus what whole-table work costs now (scans: counts, statistics,
 * searches, priced by the rows they may read, from `tables`). The operations of one HTTP
 * request (a batch) share one budget: each is refused once their summed cost passes the limit.
 * Every executed operation says its cost in `extensions.cost`.
 */
export function queryLimitsPlugin(schema: GraphQLSchema, limits: QueryLimits, tables: TableSizes): ApolloServerPlugin<Context> {
  // An operation's costing depends on its document and variables only: kept in the operation's
  // plan by variables, so a repeated request is not walked again. Its price in cost units is
  // worked out on each request, as the tables grow.
  const COSTINGS = planPart<LRUCache<string, Costing>>("costings by variables");
  const costingOf = (document: DocumentNode, request: { variables?: Record<string, unknown>; operationName?: string | null }, operation: OperationDefinitionNode | undefined): Costing => {
    const byVariables = operationPlan(schema, document, operation?.name?.value ?? request.operationName).part(COSTINGS, () => new LRUCache<string, Costing>({ max: COSTINGS_KEPT_PER_OPERATION }));
    const key = JSON.stringify(request.variables ?? {});
    let costing = byVariables.get(key);
    if (!costing) byVariables.set(key, (costing = costOperation(schema, document, request, operation)));
    return costing;
  };
  return {
    async requestDidStart() {
      let cost: number | null = null;
      return {
        async didResolveOperation({ document, request, operation, contextValue }) {
          const costing = costingOf(document, request, operation);
          // Bad variables are the execution's to report (BAD_USER_INPUT); there is nothing to cost.
          if ("badVariables" in costing) return;
          if ("refusal" in costing) throw tooComplex(costing.refusal);
          const price = priceOf(costing, tables);
          const refusal = priceRefusal(price, limits.maxCost) ?? statementRefusal(price, contextValue.budget) ?? batchRefusal(price, contextValue.budget, limits.maxCost);
          if (refusal) throw tooComplex(refusal);
          cost = price.total;
        },
        async willSendResponse({ response }) {
          if (cost === null || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requested: cost, limit: limits.maxCost } };
        },
      };
    },
  };
}

/** How many sets of variables of one operation keep their costing. */
const COSTINGS_KEPT_PER_OPERATION = 64;

/** An operation's costing with its variables: its structure's cost and its scans by table, why it cannot be costed, or that its variables are bad. */
type Costing = { structure: number; scans: ReadonlyMap<string, number> } | { refusal: Excess } | { badVariables: true };

/** What an operation costs now: its structure, its scans at the tables' current sizes, and both. */
interface Price {
  structure: number;
  scans: number;
  scanCount: number;
  total: number;
}

function costOperation(schema: GraphQLSchema, document: DocumentNode, request: { variables?: Record<string, unknown>; operationName?: string | null }, operation: OperationDefinitionNode | undefined): Costing {
  const variables = getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {});
  if (variables.errors) return { badVariables: true };
  try {
    const structure = getComplexity({ schema, query: document, variables: request.variables ?? {}, operationName: request.operationName ?? undefined, estimators: [costEstimator], maxQueryNodes: MAX_NODES_WALKED });
    return { structure, scans: operation ? scansOf(schema, document, operation, variables.coerced) : new Map() };
  } catch (error) {
    return { refusal: { message: `the operation is too large to cost: ${(error as Error).message}`, extensions: {} } };
  }
}

function priceOf(costing: { structure: number; scans: ReadonlyMap<string, number> }, tables: TableSizes): Price {
  let scans = 0;
  let scanCount = 0;
  for (const [table, count] of costing.scans) {
    scans += count * (table === FEW_ROWS ? 1 : tables.scanCost(table));
    scanCount += count;
  }
  return { structure: costing.structure, scans, scanCount, total: costing.structure + scans };
}

function describe(price: Price): string {
  if (price.scanCount === 0) return "lists cost their `first`, nested lists multiply";
  return `${price.structure} for its objects and lists (each costs its \`first\`, nested lists multiply), ${price.scans} for ${price.scanCount} count${price.scanCount === 1 ? "" : "s"}, statistics or searches over whole tables (each priced by the rows it may read)`;
}

function priceRefusal(price: Price, limit: number): Excess | null {
  if (price.total <= limit) return null;
  return { message: `the operation would cost ${price.total}; the limit is ${limit} (${describe(price)})`, extensions: { cost: price.total, limit } };
}

/** An operation whose counts, statistics and searches alone (a statement each) would pass the request's statement budget is refused before it runs. */
function statementRefusal(price: Price, budget: RequestBudget | undefined): Excess | null {
  if (!budget || budget.foresee(price.scanCount)) return null;
  return {
    message: `the operation asks for ${price.scanCount} counts, statistics or searches, a SQL statement each, past what is left of the request's budget of ${budget.maxStatements} statements (a batch shares one budget)`,
    extensions: { statements: price.scanCount, limit: budget.maxStatements },
  };
}

/** The operations of one request share its budget: this one is refused when the sum passes the limit. */
function batchRefusal(price: Price, budget: RequestBudget | undefined, limit: number): Excess | null {
  if (!budget) return null;
  if (budget.cost + price.total > limit) {
    return {
      message: `the request's operations would cost ${budget.cost + price.total} together; the limit is ${limit} for all the operations of one request (${describe(price)})`,
      extensions: { cost: budget.cost + price.total, limit },
    };
  }
  budget.cost += price.total;
  return null;
}

/**
 * How many scans an operation makes, by table: each field that scans counts once where it
 * stands in the query, however many parents it has (its loader reads for all of them in one
 * statement), and once per alias. Fields that @skip/@include leave out are not counted.
 */
function scansOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): Map<string, number> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const scans = new Map<string, number>();
  let walked = 0;
  /** `holder`: the field whose object the selections are of (its arguments read only when a field asks). */
  const visit = (parent: GraphQLNamedType | null | undefined, set: SelectionSetNode, spread: ReadonlySet<string>, holder: () => HoldingField | null): void => {
    if (!isObjectType(parent) && !isInterfaceType(parent)) return;
    for (const selection of set.selections) {
      if ((walked += 1) > MAX_NODES_WALKED) throw new Error(`more than ${MAX_NODES_WALKED} fields to walk`);
      if (!shouldInclude(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const field = parent.getFields()[selection.name.value];
        if (!field) continue;
        const scan = (field.extensions as Partial<ScanExtension> | undefined)?.scans;
        if (scan && (scan.when === undefined || hasValue(getArgumentValues(field, selection, variables), scan.when))) {
          const key = scannedTable(scan, holder());
          scans.set(key, (scans.get(key) ?? 0) + 1);
        }
        if (selection.selectionSet) {
          const parentType = parent.name;
          visit(getNamedType(field.type), selection.selectionSet, spread, () => ({ parentType, args: getArgumentValues(field, selection, variables) }));
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent, selection.selectionSet, spread, holder);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || spread.has(fragment.name.value)) continue;
        visit(schema.getType(fragment.typeCondition.name.value), fragment.selectionSet, new Set([...spread, fragment.name.value]), holder);
      }
    }
  };
  visit(schema.getRootType(operation.operation), operation.selectionSet, new Set(), () => null);
  return scans;
}

/** The key under which reads of a few rows are counted (a count kept at write time): a unit each. */
const FEW_ROWS = "";

/** What a scanning field reads, as a key of the scans: its table, or what it reads instead given its holder. */
function scannedTable(scan: Scan, holder: HoldingField | null): string {
  const reading = holder && scan.readsInstead ? scan.readsInstead(holder) : null;
  if (reading === null) return scan.table;
  return reading === "few rows" ? FEW_ROWS : reading.table;
}

/** Whether `@skip`/`@include` keep a selection with these variables. */
function shouldInclude(selection: SelectionNode, variables: Record<string, unknown>): boolean {
  if (!selection.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, selection, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, selection, variables)?.if !== false;
}

/** Whether the argument at `path` (`filter.search`) holds a value: not null, not empty. */
function hasValue(args: Record<string, unknown>, path: string): boolean {
  let value: unknown = args;
  for (const step of path.split(".")) value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[step] : undefined;
  return value !== undefined && value !== null && value !== "";
}
