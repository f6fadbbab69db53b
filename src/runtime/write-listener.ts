import { Client } from "pg";
import { type Logger } from "../logger";

/** The channel every committed write is announced on (see migration 1764400000000). */
export const WRITES_CHANNEL = "interview_graph_writes";

/** The longest wait between attempts to listen again after the connection is lost. */
const MAX_RETRY_MS = 5_000;

/**
 * Listens for the writes every copy of the gateway, every command and every psql session
 * announce, on a connection of its own to the primary, and calls `onWrite` for each. When the
 * connection is lost it tries again until it is back, then calls `onWrite` once more: writes
 * may have been missed meanwhile.
 */
export class WriteListener {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly onWrite: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.connect(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(attempt: number): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.url, application_name: "interview-graph-listener", connectionTimeoutMillis: 5_000 });
    client.on("notification", () => void this.onWrite());
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${WRITES_CHANNEL}`);
      this.client = client;
      if (attempt > 0) {
        this.logger.info("listening for writes again");
        await this.onWrite();
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      this.retry(attempt + 1, error as Error);
    }
  }

  private lost(client: Client, error: Error | null): void {
    if (this.stopped || this.client !== client) return;
    this.client = null;
    this.retry(1, error);
  }

  private retry(attempt: number, error: Error | null): void {
    if (this.stopped || this.retryTimer) return;
    if (attempt === 1) this.logger.warn({ err: error }, "lost the connection that listens for writes: the response cache is bypassed until it is back");
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect(attempt);
    }, Math.min(attempt * 250, MAX_RETRY_MS));
    this.retryTimer.unref();
  }

  /** Whether writes made elsewhere reach this copy now. */
  isListening(): boolean {
    return this.client !== null;
  }
}
