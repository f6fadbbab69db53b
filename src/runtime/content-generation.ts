import { randomBytes } from "node:crypto";
import { type SharedStore } from "./store/shared-store";

/** The key of the generation in the shared store. */
const KEY = "content-generation";

/**
 * The content's generation: a value in the shared store that every completed write replaces.
 * Cached responses are keyed by it, so a write makes every earlier entry unreachable at once, on
 * every copy of the gateway that shares the store. A generation reads `<ms since epoch>.<random>`:
 * when it was made, and unique.
 */
export class ContentGeneration {
  constructor(private readonly store: SharedStore) {
    // While the store was unreachable, writes may have happened that could not bump it.
    store.onAvailableAgain(() => void this.bump());
  }

  /** The generation now; null when the store cannot tell (caches are then bypassed). */
  async current(): Promise<string | null> {
    if (!this.store.isAvailable()) return null;
    const value = await this.store.get(KEY);
    if (value !== undefined) return value;
    const fresh = newGeneration();
    return (await this.store.set(KEY, fresh)) ? fresh : null;
  }

  /** Starts a new generation: every cached response from before is unreachable from now on. */
  async bump(): Promise<void> {
    await this.store.set(KEY, newGeneration());
  }

  /** When a generation was made (ms since epoch). */
  static madeAt(generation: string): number {
    return Number(generation.split(".")[0]);
  }
}

function newGeneration(): string {
  return `${Date.now()}.${randomBytes(6).toString("hex")}`;
}
