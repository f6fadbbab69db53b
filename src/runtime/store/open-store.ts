import { type Config } from "../../config";
import { type Logger } from "../../logger";
import { MemoryStore } from "./memory-store";
import { RedisStore } from "./redis-store";
import { type SharedStore } from "./shared-store";

/** Redis when REDIS_URL is set, else this process's memory. */
export function openStore(config: Pick<Config, "redisUrl">, logger: Logger): SharedStore {
  return config.redisUrl === undefined ? new MemoryStore() : new RedisStore(config.redisUrl, logger);
}
