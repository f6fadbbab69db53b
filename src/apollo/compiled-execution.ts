import { type GatewayExecutor, type GatewayGraphQLRequestContext, type GatewayInterface } from "@apollo/server-gateway-interface";
import { type ExecutionResult, getVariableValues, GraphQLError, type GraphQLSchema, OperationTypeNode } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import { type Context } from "../graphql/context";
import { JsonPlan, type JsonPlanning } from "../graphql/json/json-plan";
import { type JsonTypes } from "../graphql/json/json-fields";
import { READ_STATEMENT_NAMES, type StatementNames } from "../db/reader";
import { JsonText } from "./json-text";
import { operationPlan, planPart } from "./operation-plan";

/** Trusted operations, and what plans them into one statement each (graphql/json/). */
export interface JsonExecution {
  /** The texts of the trusted operations (their manifests' bodies). */
  trusted: ReadonlySet<string>;
  /** The names for the statements of queries sent as other texts; none: such queries run through the resolvers. */
  textStatements?: StatementNames;
  types: JsonTypes;
  entities: JsonPlanning["entities"];
}

/**
 * Operations executed by graphql-jit: each document (Apollo keeps one parsed and validated
 * document per query text) is compiled once, per operation, into a function that walks its
 * selection without graphql-js's bookkeeping on every field; the resolvers are the schema's own.
 * Plugged in through Apollo's executor hook (its gateway interface, which serves our one
 * schema), so parsing, validation, the plugins and error formatting stay Apollo's.
 *
 * Measured when it came (commit 92f9791, the 100k corpus, interleaved against graphql-js's
 * execution): CPU per request 5% lower on a timeline, 16% on a first page, 33% on the dashboard.
 * `compile` is graphql-jit's (a test counts its calls).
 */
export function compiledExecution(schema: GraphQLSchema, json?: JsonExecution, compile: typeof compileQuery = compileQuery): GatewayInterface {
  // This executor's compiled query, part of the operation's plan (a part per executor: a test's second executor compiles anew).
  const COMPILED = planPart<CompiledQuery | ExecutionResult>("compiled query");
  const JSON_PLAN = planPart<JsonPlan>("JSON plan");
  const ASKED = planPart<{ times: number }>("times asked");
  /** The names a query's statement runs under: the reads' for a trusted operation, the texts' for one asked often enough; undefined: not planned. */
  const statementNames = (requestContext: GatewayGraphQLRequestContext, context: Context): StatementNames | undefined => {
    const { operation, source } = requestContext;
    if (!json || operation?.operation !== OperationTypeNode.QUERY || source === undefined) return undefined;
    if (json.trusted.has(source)) return READ_STATEMENT_NAMES;
    if (!json.textStatements || !context.reader.preparesStatements) return undefined;
    const asked = operationPlan(schema, requestContext.document, operation.name?.value).part(ASKED, () => ({ times: 0 }));
    asked.times += 1;
    return asked.times >= PLAN_TEXT_AFTER_ASKS ? json.textStatements : undefined;
  };
  const executor: GatewayExecutor = async (requestContext) => {
    const { document, operationName } = requestContext;
    // No operation of that name (or several and no name): Apollo answers this error as its
    // OPERATION_RESOLUTION_FAILURE, a 400, as it would with graphql-js's execution.
    if (!requestContext.operation) return { errors: [operationNotFound(requestContext.request.operationName)] };
    const context = requestContext.context as unknown as Context;
    const names = statementNames(requestContext, context);
    if (json && names) {
      const plan = operationPlan(schema, document, requestContext.operation.name?.value).part(JSON_PLAN, () => new JsonPlan(schema, document, operationName ?? undefined, { ...json, metadata: context.reader }));
      const data = await planned(plan, names, requestContext, context);
      if (data !== undefined) return { data };
    }
    const query = operationPlan(schema, document, requestContext.operation.name?.value).part(COMPILED, () => compile(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true }));
    const result = isCompiledQuery(query) ? await query.query(undefined, requestContext.context, requestContext.request.variables ?? {}) : query;
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async stop() {},
  };
}

/**
 * How many times a query sent as text (not a trusted operation) is asked for before it is planned
 * into one statement, which then takes one of the texts' statement names: a flood of distinct
 * documents, each asked once or twice, takes none. Unnamed, the statement would cost PostgreSQL
 * more to parse and plan than the resolvers' small statements (0.6 to 1 ms of database CPU per
 * request, measured at the end of stop 25).
 */
const PLAN_TEXT_AFTER_ASKS = 3;

/**
 * The `data` of a query from its one statement, or undefined when the GraphQL layer must
 * answer: variables or arguments it would refuse (its resolvers say what is wrong), a variant
 * without a plan, a statement left without a name (past the texts' names), or a statement that
 * failed (the layer meets the same failure, and answers it as it does). Why, in the request's log
 * (debug).
 */
async function planned(plan: JsonPlan, names: StatementNames, requestContext: GatewayGraphQLRequestContext, context: Context): Promise<JsonText | undefined> {
  const variables = getVariableValues(requestContext.schema, requestContext.operation?.variableDefinitions ?? [], requestContext.request.variables ?? {});
  if (variables.errors) return undefined;
  try {
    const statement = plan.statement(variables.coerced);
    if (names !== READ_STATEMENT_NAMES && names.nameOf(statement.sql) === undefined) throw new Error("every statement name for query texts is taken");
    const [row] = await context.reader.queryAlone<Array<{ data: string }>>(statement.sql, statement.values, names);
    if (!row) throw new Error("internal: the statement returned no row");
    context.sqlStats.builtBySql = true;
    return new JsonText(row.data);
  } catch (error) {
    context.logger.debug({ why: (error as Error).message }, "a planned operation answered by the resolvers");
    return undefined;
  }
}

/** Why no operation of the document can run: graphql-js's wording. */
function operationNotFound(operationName: string | null | undefined): GraphQLError {
  const message = operationName ? `Unknown operation named "${operationName}".` : "Must provide operation name if query contains multiple operations.";
  return new GraphQLError(message, { extensions: { argumentPath: "operationName" } });
}

/**
 * graphql-jit's errors only look like graphql-js's (no `extensions` object when the cause has
 * none, no `toJSON`): Apollo and our error formatting get a real one, with the same message,
 * path, locations, cause and extensions.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const converted = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined });
  Object.assign(converted, { locations: error.locations });
  return converted;
}
