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

/** How many of one client's statements may use the database at once or wait their turn, and how many may wait for a connection in all. */
export interface AdmissionLimits {
  /** Statements of one client (an API key, else an address) holding or waiting for a connection at once; more wait their turn. */
  perClient: number;
  /** Statements of one client waiting their turn; past it that client's next one is refused (OVERLOADED), no one else's. */
  queuedPerClient: number;
  /** Statements waiting for a connection, all clients together; past it a new one is refused (OVERLOADED). */
  waiting: number;
}

/** One client's turns: how many of its statements have one, and those waiting, first come first served. */
class Turns {
  running = 0;
  readonly queue: Array<() => void> = [];
}

/**
 * Fair use of the database's connections. Each client (an API key, else an address) runs at most
 * `perClient` statements at once, so one client, however many requests it sends, cannot take
 * every connection of the pool: the others keep theirs; what it sends beyond waits its turn, up
 * to `queuedPerClient`, past which that client alone is refused. And the statements waiting for
 * a connection are bounded: past it the gateway sheds load at once (503 OVERLOADED with
 * Retry-After) rather than letting every request wait until its pool timeout and then calling
 * the database unavailable. One per gateway process, shared by its requests.
 */
export class DatabaseAdmission {
  private waiting = 0;
  private readonly turns = new Map<string, Turns>();

  constructor(private readonly limits: AdmissionLimits) {}

  /** Statements that have their turn and wait for a connection now (tests). */
  get waitingNow(): number {
    return this.waiting;
  }

  /** Clients with a statement running or waiting (tests: none once all are done). */
  get clientsNow(): number {
    return this.turns.size;
  }

  /**
   * Runs one statement's `work` in `client`'s turn. `work` calls `connected()` once it holds a
   * connection: from then on it no longer counts as waiting.
   */
  async run<T>(client: string, work: (connected: () => void) => Promise<T>): Promise<T> {
    const turns = this.turnsOf(client);
    if (turns.running >= this.limits.perClient) {
      if (turns.queue.length >= this.limits.queuedPerClient) throw new OverloadedError(`this client has ${turns.queue.length} statements waiting their turn`);
      await new Promise<void>((resolve) => turns.queue.push(resolve));
    } else {
      turns.running += 1;
    }
    try {
      if (this.waiting >= this.limits.waiting) throw new OverloadedError(`${this.waiting} statements are waiting for a database connection`);
      this.waiting += 1;
      let stillWaiting = true;
      const connected = (): void => {
        if (!stillWaiting) return;
        stillWaiting = false;
        this.waiting -= 1;
      };
      try {
        return await work(connected);
      } finally {
        connected();
      }
    } finally {
      this.release(client, turns);
    }
  }

  private turnsOf(client: string): Turns {
    let turns = this.turns.get(client);
    if (!turns) this.turns.set(client, (turns = new Turns()));
    return turns;
  }

  /** Hands the finished statement's turn to the client's next one, or gives it back. */
  private release(client: string, turns: Turns): void {
    const next = turns.queue.shift();
    if (next) {
      next();
      return;
    }
    turns.running -= 1;
    if (turns.running === 0) this.turns.delete(client);
  }
}
