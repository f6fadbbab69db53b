import { type ApolloServerPlugin } from "@apollo/server";
import {
  type ConstDirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLCompositeType,
  type GraphQLField,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type GraphQLSchema,
  type GraphQLNamedType,
} from "graphql";
import { operationPlan, planPart } from "./operation-plan";

/**
 * The cache policy of an operation (how long, and by whom, its answer may be cached), read from
 * the @cacheControl hints of the fields it selects, by the rules of Apollo's cache-control
 * plugin: a field takes its return type's hint, then its own; a root field, or one returning an
 * object, without a maxAge gets the default; the policy is the most restrictive of all.
 *
 * Apollo's plugin works this out while the operation runs, by wrapping every field's resolver,
 * which costs on every field of every answer. Our hints are static (no resolver sets one), so the
 * policy is a property of the document: computed once per document and operation, from the
 * query's text alone. It counts every field the query names, also under a fragment of a type
 * that is not returned or under a null: never more permissive than Apollo's, at times stricter.
 */
/** A cache hint: how long (seconds), and for whom; what is unset does not restrict. */
export interface CacheHint {
  maxAge?: number;
  scope?: "PUBLIC" | "PRIVATE";
}

/** A @cacheControl directive's arguments. */
interface Annotation extends CacheHint {
  inheritMaxAge?: boolean;
}

/** An operation's cache policy, part of its plan. */
const CACHE_POLICY = planPart<CacheHint>("cache policy");

export function cachePolicyOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, defaultMaxAge: number): CacheHint {
  return operationPlan(schema, document, operation.name?.value).part(CACHE_POLICY, () => computePolicy(schema, document, operation, defaultMaxAge));
}

function computePolicy(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, defaultMaxAge: number): CacheHint {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const overall: CacheHint = {};
  const restrict = (hint: Annotation): void => {
    if (hint.maxAge !== undefined && (overall.maxAge === undefined || hint.maxAge < overall.maxAge)) overall.maxAge = hint.maxAge;
    if (hint.scope === "PRIVATE") overall.scope = "PRIVATE";
    else if (hint.scope === "PUBLIC" && overall.scope === undefined) overall.scope = "PUBLIC";
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return {};
  const visiting = new Set<string>();
  const visit = (parent: GraphQLCompositeType, set: SelectionSetNode, isRoot: boolean): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = fieldOf(parent, selection.name.value);
        if (!field) continue; // __typename and the introspection fields carry no hint.
        const target = getNamedType(field.type);
        const policy: Annotation = {};
        let inheritMaxAge = false;
        if (isCompositeType(target)) {
          Object.assign(policy, typeAnnotation(target));
          inheritMaxAge = policy.inheritMaxAge === true;
          delete policy.inheritMaxAge;
        }
        const own = annotationOf(field.astNode?.directives);
        if (own.inheritMaxAge && policy.maxAge === undefined) {
          inheritMaxAge = true;
          if (own.scope) policy.scope = own.scope;
        } else {
          if (own.maxAge !== undefined) policy.maxAge = own.maxAge;
          if (own.scope !== undefined) policy.scope = own.scope;
        }
        if (policy.maxAge === undefined && ((isCompositeType(target) && !inheritMaxAge) || isRoot)) policy.maxAge = defaultMaxAge;
        restrict(policy);
        if (selection.selectionSet && isCompositeType(target)) visit(target, selection.selectionSet, false);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        visit(isCompositeType(condition) ? condition : parent, selection.selectionSet, isRoot);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visiting.has(fragment.name.value)) continue;
        visiting.add(fragment.name.value);
        const condition = schema.getType(fragment.typeCondition.name.value);
        visit(isCompositeType(condition) ? condition : parent, fragment.selectionSet, isRoot);
        visiting.delete(fragment.name.value);
      }
    }
  };
  visit(root, operation.selectionSet, true);
  return overall;
}

/** A field of an object or interface type by name (a union has none but __typename). */
function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

function typeAnnotation(type: GraphQLNamedType): Annotation {
  for (const node of [type.astNode, ...type.extensionASTNodes]) {
    const hint = node && "directives" in node ? annotationOf(node.directives) : {};
    if (Object.keys(hint).length > 0) return hint;
  }
  return {};
}

function annotationOf(directives: readonly ConstDirectiveNode[] | undefined): Annotation {
  const directive = directives?.find((d) => d.name.value === "cacheControl");
  if (!directive?.arguments) return {};
  const argument = (name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
  const scopeValue = argument("scope");
  const scope = scopeValue?.kind === Kind.ENUM && (scopeValue.value === "PUBLIC" || scopeValue.value === "PRIVATE") ? scopeValue.value : undefined;
  const inherit = argument("inheritMaxAge");
  if (inherit?.kind === Kind.BOOLEAN && inherit.value) return { inheritMaxAge: true, ...(scope ? { scope } : {}) };
  const maxAge = argument("maxAge");
  return { ...(maxAge?.kind === Kind.INT ? { maxAge: parseInt(maxAge.value, 10) } : {}), ...(scope ? { scope } : {}) };
}

/**
 * Cache control without wrapping any resolver: the operation's static policy goes into Apollo's
 * `overallCachePolicy` (which the response cache reads) once the operation is known, and the
 * answer gets the Cache-Control header Apollo's plugin would give it: `max-age=N, public|private`
 * for a cacheable answer without errors, else `no-store`.
 */
export function cachePolicyPlugin(schema: GraphQLSchema, defaultMaxAge: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, overallCachePolicy }) {
          if (operation) overallCachePolicy.restrict(cachePolicyOf(schema, document, operation, defaultMaxAge));
        },
        async willSendResponse({ response, overallCachePolicy }) {
          const cacheable = overallCachePolicy.policyIfCacheable();
          if (response.http.headers.has("cache-control")) return;
          if (cacheable && response.body.kind === "single" && !response.body.singleResult.errors) {
            response.http.headers.set("cache-control", `max-age=${cacheable.maxAge}, ${cacheable.scope.toLowerCase()}`);
          } else {
            response.http.headers.set("cache-control", "no-store");
          }
        },
      };
    },
  };
}
