import { type Redis } from "ioredis";

/**
 * Where the gateway keeps what its copies share: response cache, persisted queries, the content
 * generation and rate-limit counters. In this process's memory by default; in Redis when
 * REDIS_URL is set, so every copy of the gateway sees the same.
 *
 * A store never fails a request: when Redis is unreachable, reads miss and writes are dropped
 * (with a warning), and the gateway serves from the database until Redis is back.
 */
export interface SharedStore {
  readonly kind: "memory" | "redis";
  /** The value of a key; undefined when absent, expired or unreachable. */
  get(key: string): Promise<string | undefined>;
  /** Sets a key, for `ttlSeconds` when given; false when the store could not take it. */
  set(key: string, value: string, ttlSeconds?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Whether the store answers now (always true in memory). */
  isAvailable(): boolean;
  /** Calls `listener` each time the store comes back after being unreachable (never, in memory). */
  onAvailableAgain(listener: () => void): void;
  /** The Redis client, for rate-limiter-flexible; undefined in memory. */
  readonly redis: Redis | undefined;
  close(): Promise<void>;
}
