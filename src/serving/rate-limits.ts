import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { type RateLimits } from "../config";
import { ErrorCode } from "../errors";
import { type Logger } from "../logger";
import { type SharedStore } from "../store/shared-store";
import { type Metrics } from "./metrics";
import { type Refusal } from "./refusal";

/** The window every limit counts in. */
const WINDOW_SECONDS = 60;

type LimitName = "address" | "key" | "failed_auth";

/**
 * Requests per minute, counted in the shared store (so N copies enforce one limit together)
 * or in memory; when Redis is down the counting falls back to memory. Requests carrying an API
 * key count against that key (by its hash, before any lookup), others against the client's
 * address; requests with a bad key also count against the address, so guessing keys is slow.
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
   * Counts a request: against its API key (by the key's hash, before any lookup) when it carries
   * one, else against the client's address. The refusal (429 with Retry-After) when over the limit.
   */
  async check(authorization: string | undefined, address: string): Promise<Refusal | null> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1];
    const [name, key]: [LimitName, string] = token ? ["key", createHash("sha256").update(token).digest("hex")] : ["address", address];
    const retryAfter = await this.consume(name, key);
    if (retryAfter === null) return null;
    this.metrics.rateLimited.inc({ limit: name });
    const why = name === "key" ? "too many requests with this API key" : "too many requests from this address";
    return { status: 429, message: retryMessage(why, retryAfter), extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter }, headers: { "retry-after": String(retryAfter) } };
  }

  /** Counts a request with a bad API key against its address; the error to throw when over the limit. */
  async failedAuthentication(address: string | undefined): Promise<GraphQLError | null> {
    const retryAfter = await this.consume("failed_auth", address ?? "unknown");
    if (retryAfter === null) return null;
    this.metrics.rateLimited.inc({ limit: "failed_auth" });
    return rateLimitedError(retryAfter, "too many requests with a bad API key from this address");
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

function rateLimitedError(retryAfter: number, why: string): GraphQLError {
  return new GraphQLError(retryMessage(why, retryAfter), {
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter, http: { status: 429, headers: new Map([["retry-after", String(retryAfter)]]) } },
  });
}
