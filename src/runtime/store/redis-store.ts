import { Redis } from "ioredis";
import { type Logger } from "../../logger";
import { type SharedStore } from "./shared-store";

/** Keys of every copy of the gateway share this prefix in Redis. */
const PREFIX = "interview-graph:";

/**
 * The store shared by every copy of the gateway. Commands fail at once while Redis is down (no
 * offline queue) and the client keeps reconnecting in the background: a down Redis costs a
 * warning and cache misses, never a failed or hanging request.
 */
export class RedisStore implements SharedStore {
  readonly kind = "redis";
  readonly redis: Redis;
  private warned = false;
  private readonly availableAgain: Array<() => void> = [];

  constructor(url: string, private readonly logger: Logger) {
    this.redis = new Redis(url, {
      keyPrefix: PREFIX,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      commandTimeout: 1_000,
      // Keep trying, a little slower each time, never more than every two seconds.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    this.redis.on("error", (error: Error) => this.unavailable(error));
    this.redis.on("ready", () => {
      if (!this.warned) return;
      this.logger.warn("Redis is back: caches and rate limits are shared again");
      this.warned = false;
      for (const listener of this.availableAgain) listener();
    });
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(key)) ?? undefined;
    } catch (error) {
      this.unavailable(error as Error);
      return undefined;
    }
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<boolean> {
    try {
      if (ttlSeconds) await this.redis.set(key, value, "EX", ttlSeconds);
      else await this.redis.set(key, value);
      return true;
    } catch (error) {
      this.unavailable(error as Error);
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.redis.del(key);
    } catch (error) {
      this.unavailable(error as Error);
    }
  }

  isAvailable(): boolean {
    return this.redis.status === "ready";
  }

  onAvailableAgain(listener: () => void): void {
    this.availableAgain.push(listener);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private unavailable(error: Error): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn({ err: error }, "Redis is unreachable: serving from the database, caches bypassed, rate limits in memory, until it is back");
  }
}
