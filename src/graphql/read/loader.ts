import DataLoader from "dataloader";
import { type ManyRelationSql } from "./prefetch";
import { entityColumns, keyedEntities, type ReadSource } from "../../db/sql";

/** A value now, or the promise of it: what a resolver may return. */
export type Now<T> = T | Promise<T>;

/** `f` of a value now or later: now when the value is there now. */
export function then<T, R>(value: Now<T>, f: (value: T) => Now<R>): Now<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/**
 * A DataLoader that answers at once, without a promise, what the request holds already: a
 * prefetched row (primed) or one loaded before. graphql-js completes a value it is given now
 * without the promise, the microtask and the promise hooks a field costs otherwise; a page of 20
 * people with their timelines and companies has hundreds of such fields.
 */
export class ReadyLoader<K, V> extends DataLoader<K, V, string> {
  private readonly ready = new Map<string, V>();

  constructor(
    batch: DataLoader.BatchLoadFn<K, V>,
    private readonly keyOf: (key: K) => string = (key) => String(key),
  ) {
    super(batch, { cacheKeyFn: keyOf });
  }

  /** Keeps a value to answer at once; DataLoader's own cache (a promise per key) is left to what is loaded. */
  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    if (value instanceof Error || value instanceof Promise) return super.prime(key, value);
    const cacheKey = this.keyOf(key);
    if (!this.ready.has(cacheKey)) this.ready.set(cacheKey, value as V);
    return this;
  }

  /** A value the request holds already, else DataLoader's load (batched). */
  override load(key: K): Promise<V> {
    const cacheKey = this.keyOf(key);
    if (this.ready.has(cacheKey)) return Promise.resolve(this.ready.get(cacheKey) as V);
    return super.load(key);
  }

  override clear(key: K): this {
    this.ready.delete(this.keyOf(key));
    return super.clear(key);
  }

  /** Forgets everything (after the request writes), what it could answer at once included. */
  override clearAll(): this {
    this.ready.clear();
    return super.clearAll();
  }

  /** The value now when the request has it, else the promise of it (loaded in a batch, as `load`). */
  get(key: K): Now<V> {
    const cacheKey = this.keyOf(key);
    if (this.ready.has(cacheKey)) return this.ready.get(cacheKey) as V;
    return this.load(key).then((value) => {
      this.ready.set(cacheKey, value);
      return value;
    });
  }
}

/** A loader of rows by id: one `IN` query per batch, results in key order, null for a missing id. */
export function byIdLoader<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>): ReadyLoader<string, T | null> {
  return new ReadyLoader(async (ids) => {
    const rows = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

/**
 * A loader of lists by a key (a foreign key, or the other side of a link table): one query per
 * batch returning `[key, value]` pairs, each key's values in the query's order.
 */
export function groupLoader<T>(load: (keys: readonly string[]) => Promise<Array<[key: string, value: T]>>): ReadyLoader<string, T[]> {
  return new ReadyLoader(async (keys) => {
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const [key, value] of await load(keys)) groups.get(key)?.push(value);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/**
 * The loader of a to-many relation by the parent's id: the relation's rows (its SQL, which a
 * prefetch shares) for a batch of parents, in one statement, each parent's in the relation's order.
 */
export function relationLoader<T extends object>(reader: ReadSource, target: new () => T, relation: (n: string) => ManyRelationSql): ReadyLoader<string, T[]> {
  return groupLoader((parentIds) => {
    const { from, alias, key, order } = relation("");
    return keyedEntities(reader, target, `SELECT ${key} AS key, ${entityColumns(reader, target, alias)} FROM ${from} WHERE ${key} = ANY($1::uuid[]) ORDER BY ${key}, ${order}`, [parentIds]);
  });
}

/** A key of a {@link perParentLoader}: the arguments of a nested field, and whose field it is. */
export interface ParentKey<A> {
  args: A;
  /** The parent object's id; null for a root field. */
  parentId: string | null;
}

/**
 * A loader of a nested field that takes arguments (a page of each person's quotes): the keys of
 * a batch that share arguments are loaded in one call with all their parents' ids, so a list of
 * 50 people costs what a list of 5 costs. `args` must serialize the same way for the same
 * arguments (sorted lists, fixed key order): it is compared as JSON.
 */
export function perParentLoader<A, R>(load: (args: A, parentIds: Array<string | null>) => Promise<Map<string | null, R>>): DataLoader<ParentKey<A>, R, string> {
  return new DataLoader(
    async (keys) => {
      const batches = new Map<string, { args: A; parentIds: Array<string | null> }>();
      for (const key of keys) {
        const argsKey = JSON.stringify(key.args);
        const batch = batches.get(argsKey) ?? { args: key.args, parentIds: [] };
        batch.parentIds.push(key.parentId);
        batches.set(argsKey, batch);
      }
      const results = new Map(
        await Promise.all([...batches].map(async ([argsKey, batch]) => [argsKey, await load(batch.args, batch.parentIds)] as const)),
      );
      return keys.map((key) => {
        const result = results.get(JSON.stringify(key.args))?.get(key.parentId);
        return result === undefined ? new Error(`internal: no result for ${JSON.stringify(key)}`) : result;
      });
    },
    { cacheKeyFn: (key) => JSON.stringify([key.args, key.parentId]) },
  );
}

/**
 * A row that a foreign key guarantees (a quote's speaker, a step's company), now when the
 * request has it: its absence is a bug, reported as an internal error rather than a null the
 * schema does not allow.
 */
export function existing<T>(loader: ReadyLoader<string, T | null>, id: string, what: string): Now<T> {
  return then(loader.get(id), (row) => {
    if (row === null) throw new Error(`internal: ${what} ${id} does not exist`);
    return row;
  });
}
