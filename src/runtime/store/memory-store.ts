import { LRUCache } from "lru-cache";
import { type SharedStore } from "./shared-store";

/** Bytes of values the memory store keeps before it evicts the least recently used. */
const MAX_MEMORY_BYTES = 64 * 1024 * 1024;

/** The store of one process: an LRU cache with per-key expiry. */
export class MemoryStore implements SharedStore {
  readonly kind = "memory";
  readonly redis = undefined;
  private readonly entries = new LRUCache<string, string>({ maxSize: MAX_MEMORY_BYTES, sizeCalculation: (value, key) => value.length + key.length });

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<boolean> {
    this.entries.set(key, value, ttlSeconds ? { ttl: ttlSeconds * 1000 } : {});
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  isAvailable(): boolean {
    return true;
  }

  onAvailableAgain(): void {
    // Memory never goes away.
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
