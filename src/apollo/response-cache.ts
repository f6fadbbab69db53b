import { type ApolloServerPlugin, type GraphQLRequestContext } from "@apollo/server";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import { type Context } from "../graphql/context";
import { StoreKeyValueCache } from "../runtime/store/key-value-cache";
import { type SharedStore } from "../runtime/store/shared-store";
import { ContentGeneration } from "../runtime/content-generation";
import { type Metrics } from "../runtime/metrics";

/**
 * How long after a write the cache takes no new entries when reads go to replicas: a replica a
 * little behind could otherwise answer from before the write, and that answer would be cached.
 */
export const REPLICA_LAG_GRACE_MS = 2_000;

/** Whether a request's response came from the cache (hit), was looked up there (miss), or not (bypass). */
export type CacheStatus = "hit" | "miss" | "bypass";

/** The generation each request looked up the cache under (null: the cache was bypassed). */
const generations = new WeakMap<Context, string | null>();

export interface ResponseCacheOptions {
  store: SharedStore;
  generation: ContentGeneration;
  metrics: Metrics;
  /** False while writes made elsewhere cannot reach this copy (it then neither reads nor fills the cache). */
  seesAllWrites: () => boolean;
  /** Reads go to replicas (see REPLICA_LAG_GRACE_MS). */
  replicas: boolean;
}

/**
 * Whole responses of public reads, cached by operation, variables and the content's generation
 * (Apollo's response cache plugin; what is public and for how long comes from @cacheControl
 * hints). A completed write starts a new generation, so no answer older than it is served.
 */
export function responseCache(options: ResponseCacheOptions): ApolloServerPlugin<Context>[] {
  const cache = responseCachePlugin<Context>({
    cache: new StoreKeyValueCache(options.store, "response:"),
    extraCacheKeyData: async ({ contextValue }) => {
      const generation = options.seesAllWrites() ? await options.generation.current() : null;
      generations.set(contextValue, generation);
      return generation;
    },
    shouldReadFromCache: async ({ contextValue }) => (generations.get(contextValue) ?? null) !== null,
    shouldWriteToCache: async ({ contextValue }) => {
      const generation = generations.get(contextValue) ?? null;
      if (generation === null || contextValue.reader.wrote) return false;
      return !(options.replicas && Date.now() - ContentGeneration.madeAt(generation) < REPLICA_LAG_GRACE_MS);
    },
  });
  const counter: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext) {
          const status = cacheStatus(requestContext);
          if (status !== "bypass") options.metrics.cacheLookups.inc({ result: status });
        },
      };
    },
  };
  return [cache, counter];
}

/** Whether a request was answered from the cache. */
export function cacheStatus(requestContext: GraphQLRequestContext<Context>): CacheStatus {
  if (requestContext.metrics.responseCacheHit) return "hit";
  return (generations.get(requestContext.contextValue) ?? null) === null ? "bypass" : "miss";
}
