import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { type RateLimits } from "../config";
import { ErrorCode } from "../errors";
import { type Logger } from "../logger";
import { type SharedStore } from "../runtime/store/shared-store";
import { type Metrics } from "../runtime/metrics";
import { type Refusal } from "./refusal";

/** The window every limit counts in. */
const WINDOW_SECONDS = 60;

type LimitName = "address" | "key" | "failed_auth";

/**
 * Requests per minute, counted in the shared store (so N copies enforce one limit together)
 * or in memory; when Redis is down the counting falls back to memory. Requests with a valid API
 * key count against that key, others against the client's address. A request with a bad key
 * (unknown, revoked, malformed: a random token) counts against its address's failed-auth limit,
 * checked before the key is looked up and before the body is read: a fresh random token per
 * request buys no fresh budget.
 */
export class RateLimiter {
  private readonly limiters: Partial<Record<LimitName, RateLimiterAbstract>>;

  constructor(
    limits: RateLimits,
    store: SharedStore,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    const make = (name: LimitName, points: number): RateLimiterAbstract | undefined => {
      if (points === 0) return undefined;
      const options = { keyPrefix: `rate-limit:${name}`, points, duration: WINDOW_SECONDS };
      return store.redis ? new RateLimiterRedis({ ...options, storeClient: store.redis, insuranceLimiter: new RateLimiterMemory(options) }) : new RateLimiterMemory(options);
    };
    this.limiters = { address: make("address", limits.perMinute), key: make("key", limits.perMinuteWithKey), failed_auth: make("failed_auth", limits.failedAuthPerMinute) };
  }

  /**
   * Counts a request: against its valid API key (by the key's id) when it has one, else against
   * the client's address. The refusal (429 with Retry-After) when over the limit.
   */
  async check(apiKeyId: string | null, address: string): Promise<Refusal | null> {
    const [name, key]: [LimitName, string] = apiKeyId !== null ? ["key", apiKeyId] : ["address", address];
    const retryAfter = await this.consume(name, key);
    if (retryAfter === null) return null;
    const why = name === "key" ? "too many requests with this API key" : "too many requests from this address";
    return this.refusal(name, why, retryAfter);
  }

  /**
   * Whether an address has used up its failed-auth budget: checked, without counting, before a
   * key it sends is looked up (and before its body is read). The refusal when it has.
   */
  async failedAuthenticationBlocked(address: string): Promise<Refusal | null> {
    const limiter = this.limiters.failed_auth;
    if (!limiter) return null;
    try {
      const state = await limiter.get(address);
      if (state === null || state.remainingPoints > 0) return null;
      return this.refusal("failed_auth", "too many requests with a bad API key from this address", Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
    } catch (error) {
      this.logger.warn({ err: error }, "rate limit could not be read");
      return null;
    }
  }

  /** Counts a request with a bad API key against its address; the refusal when that passes the limit. */
  async failedAuthentication(address: string): Promise<Refusal | null> {
    const retryAfter = await this.consume("failed_auth", address);
    if (retryAfter === null) return null;
    return this.refusal("failed_auth", "too many requests with a bad API key from this address", retryAfter);
  }

  private refusal(name: LimitName, why: string, retryAfter: number): Refusal {
    this.metrics.rateLimited.inc({ limit: name });
    return { status: 429, message: retryMessage(why, retryAfter), extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter }, headers: { "retry-after": String(retryAfter) } };
  }

  /** Seconds to wait when over the limit; null when within it (or when counting failed). */
  private async consume(name: LimitName, key: string): Promise<number | null> {
    const limiter = this.limiters[name];
    if (!limiter) return null;
    try {
      await limiter.consume(key);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      // Counting itself failed: let the request through rather than fail it.
      this.logger.warn({ err: rejection }, "rate limit could not be counted");
      return null;
    }
  }
}

function retryMessage(why: string, retryAfter: number): string {
  return `${why}: retry in ${retryAfter} s`;
}

