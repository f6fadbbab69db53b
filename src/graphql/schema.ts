import { type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema, isInterfaceType, isObjectType, specifiedDirectives } from "graphql";
import { buildSchema, getMetadataStorage } from "type-graphql";
import { cacheControlDirective } from "./cache-control";
import { type FeatureRegistry } from "./feature";
import { nodeTypeOf } from "./node.type";
import { NodeResolver } from "./node.resolver";
import { validateArguments } from "./validation";
import { authChecker } from "./auth";

/** How the schema is built. */
export interface SchemaOptions {
  /**
   * Call argument-less field resolvers directly rather than through TypeGraphQL's handler
   * ({@link callFieldResolversDirectly}); on by default (DIRECT_FIELD_RESOLVERS). Off, the schema
   * is TypeGraphQL's own: the same answers (tests/api/direct-resolvers.test.ts), more CPU.
   */
  directFieldResolvers?: boolean;
}

/**
 * The GraphQL schema, built from the features' decorated classes (and `node`/`nodes`); arguments
 * checked by class-validator. Fields that only read their object's property of the same name are
 * resolved by graphql-js's default resolver: every object type says `simpleResolvers: true`
 * (a test checks it), so no field pays TypeGraphQL's middleware chain for a property read.
 */
export async function createSchema(features: FeatureRegistry, options: SchemaOptions = {}): Promise<GraphQLSchema> {
  const resolvers: [new () => object, ...Array<new () => object>] = [NodeResolver, ...features.resolvers];
  // graphql-js's own directives (@skip, @include, @deprecated, @specifiedBy, @oneOf) beside ours:
  // TypeGraphQL's `directives` replaces the specified ones rather than adding to them.
  const schema = await buildSchema({
    resolvers,
    validateFn: validateArguments,
    authChecker,
    directives: [...specifiedDirectives, cacheControlDirective],
    container: RESOLVER_INSTANCES,
  });
  describeRootTypes(schema);
  resolveNodeTypesAtOnce(schema);
  if (options.directFieldResolvers ?? true) callFieldResolversDirectly(schema, resolvers);
  return schema;
}

/** What Sandbox shows for the root types, which TypeGraphQL gives no description of their own. */
const ROOT_DESCRIPTIONS = {
  Query:
    "Everything that can be read: people, companies, sources, career steps and quotes (each also by its global id through `node`), quote statistics, and, with an ADMIN key, API keys and the audit trail. Reads are public unless the server requires a key.",
  Mutation:
    "Every write: importing interview bundles, adding and correcting quotes and career steps, people, companies and topics, managing API keys and reverting audit events. Every mutation needs an API key (`Authorization: Bearer …`) and runs in one transaction.",
} as const;

function describeRootTypes(schema: GraphQLSchema): void {
  for (const [name, description] of Object.entries(ROOT_DESCRIPTIONS)) {
    const type = schema.getType(name);
    if (!isObjectType(type)) throw new Error(`internal: the schema has no ${name} type`);
    type.description = description;
  }
}

/** One instance of each resolver class (they hold no state), shared by TypeGraphQL and {@link callFieldResolversDirectly}. */
const RESOLVER_INSTANCES = {
  instances: new Map<new () => object, object>(),
  get(resolverClass: new () => object): object {
    let instance = this.instances.get(resolverClass);
    if (!instance) this.instances.set(resolverClass, (instance = new resolverClass()));
    return instance;
  },
};

/** How a field resolver's parameter is read from what graphql-js passes every resolver. */
type ParameterOf = (root: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

const PARAMETERS: Record<string, ParameterOf> = {
  root: (root) => root,
  context: (_root, context) => context,
  info: (_root, _context, info) => info,
};

/**
 * A field resolver that takes no arguments and has no role and no middleware is called directly
 * by graphql-js, not through TypeGraphQL's handler, which sorts and maps the parameters'
 * metadata on every call (a page of people with timelines makes hundreds of such calls): a
 * resolver class's method (`careerTimeline(@Root() person, @Ctx() context)`), or a getter or
 * method of the object's own class (`CareerStep.start`). It is called with what TypeGraphQL
 * would pass: the root, the context, the info, in the method's order. An object that is not
 * already an instance of its class (TypeGraphQL would make one) goes through TypeGraphQL's
 * handler, as before.
 */
function callFieldResolversDirectly(schema: GraphQLSchema, resolvers: ReadonlyArray<new () => object>): void {
  const storage = getMetadataStorage();
  for (const objectType of storage.objectTypes) {
    const graphqlType = schema.getType(objectType.name);
    if (!isObjectType(graphqlType)) continue;
    const interfaceFields = storage.interfaceTypes.filter((it) => objectType.interfaceClasses?.includes(it.target)).flatMap((it) => it.fields ?? []);
    for (const field of [...interfaceFields, ...(objectType.fields ?? [])]) {
      const resolver = storage.fieldResolvers.find(
        (it) => it.getObjectType?.() === field.target && it.methodName === field.name && (it.kind === "internal" || resolvers.includes(it.target as new () => object)),
      );
      const graphqlField = graphqlType.getFields()[field.schemaName];
      if (!resolver || !graphqlField?.resolve || resolver.roles !== undefined || (resolver.middlewares?.length ?? 0) > 0) continue;
      const parameters = [...(resolver.params ?? [])].sort((a, b) => a.index - b.index);
      if (!parameters.every((parameter) => parameter.kind in PARAMETERS && !("propertyName" in parameter && parameter.propertyName))) continue;
      const root = parameters.find((parameter) => parameter.kind === "root");
      // TypeGraphQL turns the object into an instance of this class unless it is one already.
      const objectClass = resolver.kind === "internal" ? field.target : root && "getType" in root && root.getType ? (root.getType() as unknown) : undefined;
      if (objectClass !== undefined && typeof objectClass !== "function") continue;
      const readers = parameters.map((parameter) => PARAMETERS[parameter.kind] as ParameterOf);
      const direct = resolver.kind === "internal" ? ownMember(resolver.methodName, readers) : directCall(RESOLVER_INSTANCES.get(resolver.target as new () => object), resolver.methodName, readers);
      const viaTypeGraphql = graphqlField.resolve;
      graphqlField.resolve = objectClass === undefined ? direct : (source, args, context, info) => (source instanceof objectClass ? direct(source, args, context, info) : viaTypeGraphql(source, args, context, info));
    }
  }
}

/** A resolve function reading the object's own getter, or calling its own method with its parameters. */
function ownMember(member: string, parameters: ParameterOf[]): GraphQLFieldResolver<unknown, unknown> {
  return (root, _args, context, info) => {
    const value = (root as Record<string, unknown>)[member];
    if (typeof value !== "function") return value;
    return (value as (...values: unknown[]) => unknown).apply(root, parameters.map((parameter) => parameter(root, context, info)));
  };
}

/** A resolve function calling `instance[method]` with its parameters, without an array per call for up to three of them. */
function directCall(instance: object, method: string, parameters: ParameterOf[]): GraphQLFieldResolver<unknown, unknown> {
  const member = (instance as Record<string, unknown>)[method];
  if (typeof member !== "function") throw new Error(`internal: no resolver method ${method}`);
  const handler = member as (...values: unknown[]) => unknown;
  const [first, second, third] = parameters;
  if (parameters.length === 0) return () => handler.call(instance);
  if (parameters.length === 1 && first) return (root, _args, context, info) => handler.call(instance, first(root, context, info));
  if (parameters.length === 2 && first && second) return (root, _args, context, info) => handler.call(instance, first(root, context, info), second(root, context, info));
  if (parameters.length === 3 && first && second && third) {
    return (root, _args, context, info) => handler.call(instance, first(root, context, info), second(root, context, info), third(root, context, info));
  }
  return (root, _args, context, info) => handler.apply(instance, parameters.map((parameter) => parameter(root, context, info)));
}

/**
 * `Node`'s type is its class's `nodeType`, known at once; TypeGraphQL wraps every resolveType in
 * an async function, which graphql-jit (apollo/compiled-execution.ts) does not await, and which
 * costs graphql-js a promise per node.
 */
function resolveNodeTypesAtOnce(schema: GraphQLSchema): void {
  const node = schema.getType("Node");
  if (!isInterfaceType(node)) throw new Error("internal: the schema has no Node interface");
  node.resolveType = nodeTypeOf;
}
