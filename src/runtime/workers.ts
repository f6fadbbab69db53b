import { Piscina } from "piscina";

/** How long an idle worker thread is kept before it exits. */
const IDLE_MS = 60_000;

/**
 * Worker threads for heavy work (piscina), off the event loop: each task names its worker
 * module (a compiled file whose default export takes the input). One thread: what goes there is
 * rare and large (an imported bundle's checks, a correction's re-anchoring), and more waits its
 * turn. `close` ends it.
 */
export class Workers {
  private readonly pool = new Piscina({ minThreads: 0, maxThreads: 1, idleTimeout: IDLE_MS });

  /** Runs `workerFile`'s default export with `input` on a worker thread. */
  run<I, O>(workerFile: string, input: I): Promise<O> {
    return this.pool.run(input, { filename: workerFile }) as Promise<O>;
  }

  /** How many tasks the threads have finished (for tests, and for whoever wonders where work went). */
  get completed(): number {
    return this.pool.completed;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
