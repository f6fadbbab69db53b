import { type DocumentNode, type GraphQLSchema } from "graphql";

/**
 * A typed part of an operation's plan, declared by the module that works it out (the cache
 * policy, the costings, the compiled query): `const POLICY = planPart<CacheHint>("cache policy")`.
 */
export interface PlanPart<T> {
  readonly name: string;
  /** Never read: it carries the part's type. */
  readonly type?: T;
}

export function planPart<T>(name: string): PlanPart<T> {
  return { name };
}

/**
 * What is worked out once per operation of a parsed document, and kept while the document lives:
 * Apollo keeps one parsed, validated document per query text, so every request of the same text
 * finds its operation's plan, and the plan goes when Apollo drops the document. Each part is made
 * on first use by the module that declares it. The prefetch plans of the read layer
 * (graphql/read/prefetch.ts) are kept by the same document's field nodes, below this layer: they
 * live and go with the document too.
 */
export class OperationPlan {
  private readonly parts = new Map<PlanPart<unknown>, unknown>();

  part<T>(part: PlanPart<T>, make: () => T): T {
    if (this.parts.has(part)) return this.parts.get(part) as T;
    const value = make();
    this.parts.set(part, value);
    return value;
  }
}

const plans = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationPlan>>>();

/** The plan of a document's operation (by name; "" for an anonymous one) against a schema. */
export function operationPlan(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): OperationPlan {
  let bySchema = plans.get(schema);
  if (!bySchema) plans.set(schema, (bySchema = new WeakMap<DocumentNode, Map<string, OperationPlan>>()));
  let byName = bySchema.get(document);
  if (!byName) bySchema.set(document, (byName = new Map<string, OperationPlan>()));
  const name = operationName ?? "";
  let plan = byName.get(name);
  if (!plan) byName.set(name, (plan = new OperationPlan()));
  return plan;
}
