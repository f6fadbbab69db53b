import { type KeyValueCache, type KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import { type SharedStore } from "./shared-store";

/** A part of a shared store seen as Apollo's KeyValueCache (for the response cache and APQ). */
export class StoreKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly store: SharedStore,
    private readonly prefix: string,
  ) {}

  get(key: string): Promise<string | undefined> {
    return this.store.get(this.prefix + key);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await this.store.set(this.prefix + key, value, options?.ttl ?? undefined);
  }

  delete(key: string): Promise<void> {
    return this.store.delete(this.prefix + key);
  }
}
