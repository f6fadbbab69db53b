import { hydrate, type MetadataSource, type ReadSource, selectEntities } from "../../db/sql";
import { type Prefetch, type PrefetchPlan } from "./prefetch";

/** A root statement's prefetching: the plan of what to fetch with its rows, and the request's prefetch. */
export interface Prefetching {
  prefetch: Prefetch;
  plan: PrefetchPlan;
  /** A page's statement also counts its whole list ({@link totalColumn}). */
  total?: boolean;
}

/** The select-list items that prefetch for rows of `entity` at `alias` (none without prefetching). */
export function prefetchColumns(prefetching: Prefetching | undefined, entity: new () => object, alias: string): string {
  return prefetching ? prefetching.prefetch.columns(entity, alias, prefetching.plan) : "";
}

/** An entity instance from a row, priming the request's loaders with what the row prefetched. */
export function hydratePrefetched<T extends object>(entity: new () => T, row: Record<string, unknown>, source: MetadataSource, prefetching?: Prefetching): T {
  const instance = hydrate(entity, row, source);
  prefetching?.prefetch.prime(entity, instance, row, prefetching.plan);
  return instance;
}

/** The entity whose slug is `slug`, or null; with what the selection asks of its relations when prefetching. */
export async function selectBySlug<T extends object>(source: ReadSource, entity: new () => T, slug: string, prefetching?: Prefetching): Promise<T | null> {
  const extra = prefetching ? { columns: prefetchColumns(prefetching, entity, "x"), made: (instance: T, row: Record<string, unknown>) => prefetching.prefetch.prime(entity, instance, row, prefetching.plan) } : null;
  return (await selectEntities(source, entity, "x.slug = $1", [slug], extra))[0] ?? null;
}

