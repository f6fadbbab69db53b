import { ErrorCode } from "../errors";
import { GraphQLError } from "graphql";

/** How long a client told the gateway is overloaded should wait before asking again. */
export const RETRY_AFTER_OVERLOAD_SECONDS = 2;

/**
 * The gateway has more work waiting for the database than it takes on: answered 503 OVERLOADED
 * with Retry-After, never "the database is unavailable" (it is there, only busy).
 */
export class OverloadedError extends GraphQLError {
  constructor(why: string) {
    super(`the gateway is overloaded (${why}); retry in ${RETRY_AFTER_OVERLOAD_SECONDS} s`, {
      extensions: {
        code: ErrorCode.OVERLOADED,
        retryAfterSeconds: RETRY_AFTER_OVERLOAD_SECONDS,
        http: { status: 503, headers: new Map([["retry-after", String(RETRY_AFTER_OVERLOAD_SECONDS)]]) },
      },
    });
  }
}

/** A request ran more SQL statements than one request may: what it already has is answered, the rest refused. */
export class StatementBudgetError extends GraphQLError {
  constructor(limit: number) {
    super(`the request has run its budget of ${limit} SQL statements (a batch shares one budget): ask for less in one request`, {
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, statements: limit, limit },
    });
  }
}

/** What the database may do for one HTTP request (a batch's operations share it). */
export class RequestBudget {
  /** The cost of the operations costed so far (a batch sums its operations). */
  cost = 0;
  /** The statements the operations costed so far are known, before they run, to need at least. */
  private foreseen = 0;
  private statements = 0;

  constructor(readonly maxStatements: number) {}

  /**
   * Sets aside the statements an operation is known to need (one per count, statistic or
   * search it asks for), before it runs; false when they would pass the budget, so that an
   * operation that cannot finish is refused whole instead of failing field by field.
   */
  foresee(statements: number): boolean {
    if (this.foreseen + statements > this.maxStatements) return false;
    this.foreseen += statements;
    return true;
  }

  /** Counts one more statement as it is sent; refuses it past the budget. */
  spendStatement(): void {
    this.statements += 1;
    if (this.statements > this.maxStatements) throw new StatementBudgetError(this.maxStatements);
  }
}

/** A budget that never runs out: the command line's and the tests' own work. */
export const UNLIMITED_BUDGET = new RequestBudget(Number.POSITIVE_INFINITY);

/** How much of the database the reads may use at once, and how much may wait. */
export interface AdmissionLimits {
  /** Connections the reads may hold at once: the pool's size (all its replicas' together). */
  capacity: number;
  /** The most of them one client may hold at once (default: half of them, at least one), so that others always find some free. */
  perClient?: number;
  /** Statements (or requests' snapshots) of one client waiting their turn; past it that client's next one is refused (OVERLOADED), no one else's. */
  queuedPerClient: number;
  /** Statements waiting their turn, all clients together; past it a new one is refused (OVERLOADED). */
  waiting: number;
}

/** A turn taken: say when it holds a connection, and give it back. */
export interface AdmissionEntry {
  connected: () => void;
  leave: () => void;
}

/** One client's share: how many of its turns run now, and those waiting, first come first served. */
class Share {
  running = 0;
  readonly queue: Array<() => void> = [];
}

/**
 * Fair use of the database's connections. While connections are free a client takes one at
 * once, up to half of them (a query's snapshot holds its connection for the whole request, so
 * the other half is what keeps a flood of heavy requests from making everyone else wait for
 * them); once they are all taken, each one that comes free goes to the waiting client that has
 * the fewest running (ties to the one that waited longest), so one client, however many requests
 * it sends, cannot starve the others: they get their turns between its requests. What waits is bounded, per client and in all:
 * past either the gateway sheds load at once (503 OVERLOADED with Retry-After, to that client
 * alone for its own queue) rather than letting every request wait until its pool timeout and
 * then calling the database unavailable. One per gateway process, shared by its requests; a
 * turn is a statement's, or a query's whole snapshot (Reader).
 */
export class DatabaseAdmission {
  private running = 0;
  private waiting = 0;
  private readonly shares = new Map<string, Share>();
  /** Clients with turns waiting, in the order they began to wait. */
  private readonly waitingClients: string[] = [];

  private readonly perClient: number;

  constructor(private readonly limits: AdmissionLimits) {
    this.perClient = limits.perClient ?? Math.max(1, Math.floor(limits.capacity / 2));
  }

  /** Turns waiting now, all clients together (tests). */
  get waitingNow(): number {
    return this.waiting;
  }

  /** Clients with a turn running or waiting (tests: none once all are done). */
  get clientsNow(): number {
    return this.shares.size;
  }

  /** Runs one statement's `work` in a turn of `client`'s. */
  async run<T>(client: string, work: (connected: () => void) => Promise<T>): Promise<T> {
    const entry = await this.enter(client);
    try {
      return await work(entry.connected);
    } finally {
      entry.leave();
    }
  }

  /**
   * Takes a turn for `client`: at once while a connection is free, else when the fair order
   * says. `leave()` gives it back (`connected()` is kept for callers that tell when they hold
   * their connection; the turn is what is counted).
   */
  async enter(client: string): Promise<AdmissionEntry> {
    const share = this.shareOf(client);
    if (this.running < this.limits.capacity && share.running < this.perClient && share.queue.length === 0) {
      this.running += 1;
      share.running += 1;
    } else {
      if (share.queue.length >= this.limits.queuedPerClient) {
        this.forgetIfIdle(client, share);
        throw new OverloadedError(`this client has ${share.queue.length} statements waiting their turn`);
      }
      if (this.waiting >= this.limits.waiting) {
        this.forgetIfIdle(client, share);
        throw new OverloadedError(`${this.waiting} statements are waiting for the database`);
      }
      this.waiting += 1;
      if (share.queue.length === 0) this.waitingClients.push(client);
      await new Promise<void>((resolve) => share.queue.push(resolve));
    }
    let left = false;
    return {
      connected: () => {},
      leave: () => {
        if (left) return;
        left = true;
        share.running -= 1;
        this.running -= 1;
        this.forgetIfIdle(client, share);
        this.handOver();
      },
    };
  }

  private shareOf(client: string): Share {
    let share = this.shares.get(client);
    if (!share) this.shares.set(client, (share = new Share()));
    return share;
  }

  private forgetIfIdle(client: string, share: Share): void {
    if (share.running === 0 && share.queue.length === 0) this.shares.delete(client);
  }

  /** Gives free connections to the waiting clients below their share with the fewest running, the longest waiting first among equals. */
  private handOver(): void {
    while (this.running < this.limits.capacity) {
      let chosen = -1;
      for (let i = 0; i < this.waitingClients.length; i += 1) {
        const candidate = this.shares.get(this.waitingClients[i] as string) as Share;
        if (candidate.running >= this.perClient) continue;
        if (chosen < 0 || candidate.running < (this.shares.get(this.waitingClients[chosen] as string) as Share).running) chosen = i;
      }
      if (chosen < 0) return;
      const client = this.waitingClients[chosen] as string;
      const share = this.shares.get(client) as Share;
      const next = share.queue.shift() as () => void;
      // A client with more waiting goes to the back of the line: its next turn waits for the others'.
      this.waitingClients.splice(chosen, 1);
      if (share.queue.length > 0) this.waitingClients.push(client);
      this.waiting -= 1;
      this.running += 1;
      share.running += 1;
      next();
    }
  }
}
