import { createApiKeyLoaders } from "../../api-keys/api-key.loaders";
import { createAuditLoaders } from "../../audit/audit.loaders";
import { createCareerStepLoaders } from "../../career-steps/career-step.loaders";
import { createCompanyLoaders } from "../../companies/company.loaders";
import { createPersonLoaders } from "../../people/person.loaders";
import { createQuoteLoaders } from "../../quotes/quote.loaders";
import { createSourceLoaders } from "../../sources/source.loaders";
import { type Prefetch } from "./prefetch";
import { type Reader } from "../../db/reader";
import { createTopicLoaders } from "../../topics/topic.loaders";

/**
 * Each feature's loaders, made together from a request's reader and prefetch. A group only
 * makes its loaders: it sends no SQL until one of them is asked for something.
 */
const GROUPS = [
  createPersonLoaders,
  createCompanyLoaders,
  createTopicLoaders,
  createSourceLoaders,
  createCareerStepLoaders,
  createQuoteLoaders,
  createApiKeyLoaders,
  createAuditLoaders,
] satisfies Array<(reader: Reader, prefetch: Prefetch) => Record<string, Clearable>>;

/** What every loader is (and all the set needs of one): something that can forget what it holds. */
interface Clearable {
  clearAll(): unknown;
}

type Intersection<U> = (U extends unknown ? (all: U) => void : never) extends (all: infer I) => void ? I : never;

/**
 * Every loader of a request, by name: one batched statement per relation and level of the
 * query, never a statement per row. A new set per request, so no request sees another's rows.
 */
export type Loaders = Intersection<ReturnType<(typeof GROUPS)[number]>> & {
  /** Forgets every row the request's loaders hold (after the request writes). */
  clearAll(): void;
};

/**
 * A request's loaders, each feature's group made when the request first asks for one of its
 * loaders: `{ __typename }` makes none, a timeline four groups of eight (making them all took a
 * fifth of a small request's CPU). The loaders are getters on the prototype over a fixed array
 * of groups, so every request's object has the same shape; accessors added to each object and
 * replaced by values on first use were measured slower than making every loader up front.
 */
class RequestLoaders {
  private readonly groups: Array<Record<string, Clearable> | undefined> = GROUPS.map(() => undefined);

  constructor(
    private readonly reader: Reader,
    private readonly prefetch: Prefetch,
  ) {}

  clearAll(): void {
    for (const group of this.groups) for (const loader of Object.values(group ?? {})) loader.clearAll();
  }

  /**
   * Defines a getter for every loader of every group, named as the group names it. The names
   * are read from groups made once from the first request's reader and prefetch (making a group
   * sends no SQL); a name two groups share is a mistake, refused.
   */
  static defineLoaders(reader: Reader, prefetch: Prefetch): void {
    const defined = new Set<string>(Object.getOwnPropertyNames(RequestLoaders.prototype));
    GROUPS.forEach((make: (reader: Reader, prefetch: Prefetch) => Record<string, Clearable>, index) => {
      for (const name of Object.keys(make(reader, prefetch))) {
        if (defined.has(name)) throw new Error(`internal: two loaders are named ${name}`);
        defined.add(name);
        Object.defineProperty(RequestLoaders.prototype, name, {
          get(this: RequestLoaders) {
            return (this.groups[index] ??= make(this.reader, this.prefetch))[name];
          },
        });
      }
    });
  }
}

let loadersDefined = false;

/** The loaders of a new request. */
export function createLoaders(reader: Reader, prefetch: Prefetch): Loaders {
  if (!loadersDefined) {
    RequestLoaders.defineLoaders(reader, prefetch);
    loadersDefined = true;
  }
  // The getters defined above make it a Loaders; TypeScript cannot see getters defined in a loop.
  return new RequestLoaders(reader, prefetch) as unknown as Loaders;
}
