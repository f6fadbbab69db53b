import { type GatewayExecutor, type GatewayInterface } from "@apollo/server-gateway-interface";
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";

/**
 * Operations executed by graphql-jit: each document (Apollo keeps one parsed and validated
 * document per query text) is compiled once, per operation, into a function that walks its
 * selection without graphql-js's bookkeeping on every field; the resolvers are the schema's own.
 * Plugged in through Apollo's executor hook (its gateway interface, which serves our one
 * schema), so parsing, validation, the plugins and error formatting stay Apollo's.
 *
 * Measured on the 100k corpus, interleaved against graphql-js's execution: see bench/RESULTS.md.
 * `compile` is graphql-jit's (a test counts its calls).
 */
export function compiledExecution(schema: GraphQLSchema, compile: typeof compileQuery = compileQuery): GatewayInterface {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult>>();
  const compiledOf = (document: DocumentNode, operationName: string | null): CompiledQuery | ExecutionResult => {
    const byOperation = compiled.get(document) ?? new Map<string, CompiledQuery | ExecutionResult>();
    compiled.set(document, byOperation);
    let query = byOperation.get(operationName ?? "");
    if (query === undefined) {
      query = compile(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      byOperation.set(operationName ?? "", query);
    }
    return query;
  };
  const executor: GatewayExecutor = async (requestContext) => {
    const query = compiledOf(requestContext.document, requestContext.operationName);
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
 * graphql-jit's errors only look like graphql-js's (no `extensions` object when the cause has
 * none, no `toJSON`): Apollo and our error formatting get a real one, with the same message,
 * path, locations, cause and extensions.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const converted = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined });
  Object.assign(converted, { locations: error.locations });
  return converted;
}
