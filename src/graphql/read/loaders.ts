import { type Reader } from "../../db/reader";

/** What every loader is (and all a set of them needs of one): something that can forget what it holds. */
export interface Clearable {
  clearAll(): unknown;
}

/** Makes one feature's loaders for a request, from its reader and what else they are given (its prefetch). */
export type LoaderGroup<P> = (reader: Reader, prefetch: P) => Record<string, Clearable>;

/**
 * Every loader of a request, by name: one batched statement per relation and level of the
 * query, never a statement per row. A new set per request, so no request sees another's rows.
 * Each feature adds its own loaders' names by augmenting this interface beside its loaders
 * (`declare module "…/graphql/read/loaders" { interface Loaders extends PersonLoaders {} }`).
 */
export interface Loaders {
  /** Forgets every row the request's loaders hold (after the request writes). */
  clearAll(): void;
}

/** A request's set of loaders: what {@link createLoaders} makes for one list of groups. */
type LoadersClass<P> = new (reader: Reader, prefetch: P) => Loaders;

/**
 * The class of a request's loaders for these groups (the features' loader groups), each
 * feature's group made when the request first asks for one of its loaders: `{ __typename }`
 * makes none, a timeline four groups of eight (making them all took a fifth of a small request's
 * CPU). The loaders are getters on the prototype over a fixed array of groups, so every
 * request's object has the same shape; accessors added to each object and replaced by values on
 * first use were measured slower than making every loader up front. The names are read from
 * the groups made once (making a group sends no SQL); a name two groups share is refused.
 */
function loadersClass<P>(groups: ReadonlyArray<LoaderGroup<P>>, reader: Reader, prefetch: P): LoadersClass<P> {
  class RequestLoaders {
    private readonly made: Array<Record<string, Clearable> | undefined> = groups.map(() => undefined);

    constructor(
      private readonly reader: Reader,
      private readonly prefetch: P,
    ) {}

    clearAll(): void {
      for (const group of this.made) for (const loader of Object.values(group ?? {})) loader.clearAll();
    }
  }
  const defined = new Set<string>(Object.getOwnPropertyNames(RequestLoaders.prototype));
  groups.forEach((make, index) => {
    for (const name of Object.keys(make(reader, prefetch))) {
      if (defined.has(name)) throw new Error(`internal: two loaders are named ${name}`);
      defined.add(name);
      Object.defineProperty(RequestLoaders.prototype, name, {
        get(this: { made: Array<Record<string, Clearable> | undefined>; reader: Reader; prefetch: P }) {
          return (this.made[index] ??= make(this.reader, this.prefetch))[name];
        },
      });
    }
  });
  // The getters defined above make it Loaders; TypeScript cannot see getters defined in a loop.
  return RequestLoaders as unknown as LoadersClass<P>;
}

const classes = new WeakMap<object, LoadersClass<unknown>>();

/** The loaders of a new request, from the features' loader groups. */
export function createLoaders<P>(reader: Reader, prefetch: P, groups: ReadonlyArray<LoaderGroup<P>>): Loaders {
  let made = classes.get(groups) as LoadersClass<P> | undefined;
  if (!made) classes.set(groups, (made = loadersClass(groups, reader, prefetch)) as LoadersClass<unknown>);
  return new made(reader, prefetch);
}
