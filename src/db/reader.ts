import { createHash } from "node:crypto";
import { Query, type QueryResult } from "pg";
import { type DataSource, type EntityMetadata, type EntityTarget, type ObjectLiteral } from "typeorm";
import { type PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { mustDropConnection } from "./connection-errors";
import { preparesReads } from "./database";
import { type Logger } from "../logger";
import { type AdmissionEntry, type DatabaseAdmission, OverloadedError, type RequestBudget, UNLIMITED_BUDGET } from "./admission";
import { newSqlStats, type SqlStats } from "./sql-stats";

/** A connection of `pg`'s pool, checked out for one statement or for a request's snapshot. */
interface PoolClient {
  query(statement: PgStatement | string): Promise<{ rows: unknown }>;
  query(statement: Query): Query;
  on(event: "error", listener: (error: Error) => void): void;
  release(destroy?: Error | boolean): void;
}

/** `pg`'s pool (the primary's, or a replica's). */
interface StatementPool {
  connect(): Promise<PoolClient>;
}

/**
 * The connections that have our error listener. A connection that the server drops emits
 * 'error' (more than once: the server's FATAL message, then the closed socket), and an 'error'
 * with no listener kills the process; pg-pool's own listener covers only an idle connection, and
 * its `pool.query` only the first error. The statement running on it fails by itself, so the
 * listener has nothing to do but be there.
 */
const listened = new WeakSet<PoolClient>();
const ignoreError = (): void => {};


/**
 * Names for statements, up to a number of them: every connection of a pool keeps each named
 * statement it has run prepared (parsed and planned once), so the number of texts given a name is
 * capped; past it, statements run unnamed (parsed each time), as every statement does on the
 * embedded database. A name is a hash of the text, the same in every budget.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(
    /** How many texts get a name. */
    readonly capacity: number,
  ) {}

  /** The name a statement is prepared under, or undefined once every name is given to other texts. */
  nameOf(sql: string): string | undefined {
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < this.capacity) {
      name = `ig_${createHash("sha256").update(sql).digest("hex").slice(0, 32)}`;
      this.names.set(sql, name);
    }
    return name;
  }
}

/** The names of the read statements of this process: the resolvers' and the trusted operations'. */
export const READ_STATEMENT_NAMES = new StatementNames(200);

/** pg-pool's words when no connection of the pool came free in time: the pool is busy, the database may be fine. */
const POOL_WAIT_TIMEOUT = "timeout exceeded when trying to connect";

/** Whether an error is pg-pool's: it waited for a free connection in vain (a busy pool, not an outage). */
export function isPoolWaitTimeout(error: unknown): boolean {
  return error instanceof Error && error.message.includes(POOL_WAIT_TIMEOUT);
}

/** Whose request reads, and what it may spend: its turns at the database (fair use) and its statement budget. */
export interface ReaderAccess {
  admission: DatabaseAdmission;
  /** The client the statements count for: an API key, else an address. */
  client: string;
  budget: RequestBudget;
}

/**
 * How one request reads: from the read replicas when there are some, from the primary once the
 * request has written, so that a request always reads its own writes. Each read takes a
 * connection for itself and gives it back at once; without replicas every read is the primary's.
 * A request that came over HTTP reads in its client's turn (db/admission.ts) and within its
 * statement budget.
 */
export class Reader {
  private writtenTo = false;
  private wantsSnapshot = false;
  /** The request's snapshot, once its first read opens it. */
  private snapshot: Promise<Snapshot> | null = null;

  constructor(
    /** The database read (the primary's DataSource, which knows the replicas). */
    readonly dataSource: DataSource,
    private readonly logger?: Logger,
    /** Where the request's statements are counted. */
    readonly sqlStats: SqlStats = newSqlStats(),
    /** Fair use and budget; none for the command line's and the tests' own reads. */
    private readonly access?: ReaderAccess,
  ) {}

  /** Whether the request has written (its reads have gone to the primary since). */
  get wrote(): boolean {
    return this.writtenTo;
  }

  /** From now on this request reads from the primary, each read on its own (it must see its writes). */
  markWrote(): void {
    this.writtenTo = true;
  }

  /**
   * One read statement, straight on `pg`'s pool (TypeORM's query runner costs more CPU than the
   * statement itself on the hot paths): counted and logged as TypeORM's statements are. On
   * PostgreSQL it runs as a named statement, so that each connection parses it once.
   */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T> {
    return this.read<T>(sql, parameters, this.wantsSnapshot && !this.writtenTo, READ_STATEMENT_NAMES);
  }

  /**
   * The one read of a request that reads nothing else (an operation planned into one statement,
   * graphql/json/): one statement sees one snapshot by itself, so no transaction is opened for it.
   * Named from `names` where reads are prepared.
   */
  async queryAlone<T>(sql: string, parameters: unknown[] = [], names: StatementNames = READ_STATEMENT_NAMES): Promise<T> {
    return this.read<T>(sql, parameters, this.snapshot !== null, names);
  }

  /** Whether reads run as named (prepared) statements: on PostgreSQL unless PREPARED_STATEMENTS is off. */
  get preparesStatements(): boolean {
    return preparesReads(this.dataSource);
  }

  private async read<T>(sql: string, parameters: unknown[], inSnapshot: boolean, names: StatementNames): Promise<T> {
    (this.access?.budget ?? UNLIMITED_BUDGET).spendStatement();
    this.sqlStats.statements += 1;
    this.logger?.trace({ query: sql, parameters }, "sql");
    if (inSnapshot) {
      this.snapshot ??= this.openSnapshot();
      return (await this.snapshot).query<T>(sql, parameters, this.preparesStatements ? names : undefined);
    }
    const statement = statementOf(sql, parameters, this.preparesStatements ? names : undefined);
    if (!this.access) return this.send<T>(statement, () => {});
    return this.access.admission.run(this.access.client, (connected) => this.send<T>(statement, connected));
  }

  /**
   * From now on every read of the request sees one snapshot of the database: the first opens a
   * read-only, repeatable-read transaction on a connection of its own, which every later read
   * of the request uses, one after the other, until {@link finish}. For a query operation: a page
   * and its total, a list and its statistics, a person and their timeline then agree, whatever
   * an import commits meanwhile. (A mutation reads without: it must see its own writes.)
   */
  readInOneSnapshot(): void {
    if (!this.writtenTo) this.wantsSnapshot = true;
  }

  /** Ends the request's snapshot, if it has one: its transaction ends and its connection goes back to the pool. Safe to call twice. */
  async finish(): Promise<void> {
    const opening = this.snapshot;
    this.snapshot = null;
    this.wantsSnapshot = false;
    if (!opening) return;
    const snapshot = await opening.catch(() => null);
    await snapshot?.close();
  }

  /** Takes the client's turn and a connection for the request (its transaction begins with its first statement). */
  private async openSnapshot(): Promise<Snapshot> {
    const entry = this.access ? await this.access.admission.enter(this.access.client) : null;
    try {
      const client = await this.connect();
      entry?.connected();
      return new Snapshot(client, entry, this.logger);
    } catch (error) {
      entry?.leave();
      throw error;
    }
  }

  /** Sends one statement on a connection of the pool; `connected` is called once it holds one. */
  private async send<T>(statement: PgStatement, connected: () => void): Promise<T> {
    const client = await this.connect();
    connected();
    let broken = false;
    try {
      return (await client.query(statement)).rows as T;
    } catch (error) {
      broken = mustDropConnection(error);
      this.logger?.debug({ err: error, query: statement.text }, "sql failed");
      throw error;
    } finally {
      // A connection that failed is replaced by the pool; one whose statement was refused serves on.
      client.release(broken);
    }
  }

  /** A connection of the pool, with our error listener; a wait for one that runs out is OVERLOADED. */
  private async connect(): Promise<PoolClient> {
    let client: PoolClient;
    try {
      client = await this.pool().connect();
    } catch (error) {
      if (isPoolWaitTimeout(error)) throw new OverloadedError("no database connection came free in time");
      throw error;
    }
    if (!listened.has(client)) {
      client.on("error", ignoreError);
      listened.add(client);
    }
    return client;
  }

  getMetadata(entity: EntityTarget<ObjectLiteral>): EntityMetadata {
    return this.dataSource.getMetadata(entity);
  }

  /** The primary's pool after a write or without replicas; else one replica's, at random (as TypeORM picks). */
  private pool(): StatementPool {
    const driver = this.dataSource.driver as PostgresDriver;
    const replicas = driver.slaves as StatementPool[];
    if (this.writtenTo || replicas.length === 0) return driver.master as StatementPool;
    return replicas[Math.floor(Math.random() * replicas.length)] as StatementPool;
  }
}

/** A statement as `pg` takes it. */
interface PgStatement {
  text: string;
  values: unknown[];
  name?: string;
}

/** A statement as `pg` takes it: named from `names` (prepared once per connection), when there are names and one is left. */
function statementOf(sql: string, parameters: unknown[], names: StatementNames | undefined): PgStatement {
  const name = names?.nameOf(sql);
  return { text: sql, values: parameters, ...(name ? { name } : {}) };
}

/** How a request's snapshot begins. */
const BEGIN_SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/** `pg`'s Query, as far as a subclass sees it (its typings leave out the protocol's steps). */
interface QueryInternals {
  prepare(connection: ProtocolConnection): void;
}

/** The messages of the extended protocol a Query writes on its connection. */
interface ProtocolConnection {
  parse(message: { text: string; name: string }): void;
  bind(message: { portal: string; statement: string }): void;
  execute(message: { portal: string }): void;
}

/**
 * A request's first statement with the BEGIN of its snapshot before it, in the same round trip:
 * BEGIN's Parse, Bind and Execute, then the statement's own messages and one Sync, written at
 * once. `pg` answers a callback with each command's result (BEGIN's, then the statement's).
 * Measured on the bench's first page: a round trip to PostgreSQL costs our process more CPU than
 * reading the rows (each is a write to a socket and a wake-up).
 */
class SnapshotBeginning extends Query {
  /** Always the extended protocol, even for a statement without parameters or name. */
  requiresPreparation(): boolean {
    return true;
  }

  prepare(connection: ProtocolConnection): void {
    connection.parse({ text: BEGIN_SNAPSHOT, name: "" });
    connection.bind({ portal: "", statement: "" });
    connection.execute({ portal: "" });
    (Query.prototype as unknown as QueryInternals).prepare.call(this, connection);
  }
}

/** Runs a statement after BEGIN in one round trip; its rows. */
function beginAndQuery(client: PoolClient, statement: PgStatement): Promise<unknown> {
  return new Promise((resolve, reject) => {
    client.query(
      // Typed as one result; with BEGIN before the statement, `pg` gives one per command.
      new SnapshotBeginning(statement, undefined, (error: Error | undefined, answer: unknown) => {
        const results = answer as QueryResult | QueryResult[];
        if (error) reject(error);
        else resolve((Array.isArray(results) ? results[results.length - 1] : results)?.rows);
      }),
    );
  });
}

/**
 * One request's snapshot: a connection in a read-only, repeatable-read transaction. Its
 * statements run one after the other (in the order asked). A statement the server refuses ends
 * the transaction (PostgreSQL would refuse every later one): the statements after it run on the
 * same connection without a snapshot, and say so in the log.
 */
class Snapshot {
  private queue: Promise<unknown> = Promise.resolve();
  /** Whether BEGIN has been sent: with the first statement, in its round trip. */
  private begun = false;
  private inTransaction = true;
  private broken = false;
  private closed = false;

  /** The snapshot of a connection: its transaction begins with its first statement. */
  constructor(
    private readonly client: PoolClient,
    private readonly entry: AdmissionEntry | null,
    private readonly logger: Logger | undefined,
  ) {}

  /** Runs a statement in the snapshot, named from `names` (none: unnamed). */
  query<T>(sql: string, parameters: unknown[], names: StatementNames | undefined): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.closed) throw new Error("internal: a read after the request's snapshot ended");
      try {
        const statement = statementOf(sql, parameters, names);
        if (this.begun) return (await this.client.query(statement)).rows as T;
        this.begun = true;
        return (await beginAndQuery(this.client, statement)) as T;
      } catch (error) {
        this.logger?.debug({ err: error, query: sql }, "sql failed");
        if (mustDropConnection(error)) this.broken = true;
        else if (this.inTransaction) await this.endTransaction("ROLLBACK");
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** Ends the transaction (after the statements queued), gives the connection and the turn back. */
  async close(): Promise<void> {
    await this.queue;
    if (this.closed) return;
    this.closed = true;
    if (this.inTransaction && !this.broken) await this.endTransaction("COMMIT");
    this.client.release(this.broken);
    this.entry?.leave();
  }

  private async endTransaction(command: "COMMIT" | "ROLLBACK"): Promise<void> {
    this.inTransaction = false;
    try {
      await this.client.query(command);
    } catch (error) {
      this.broken = true;
      this.logger?.warn({ err: error }, `a request's snapshot could not ${command === "COMMIT" ? "end" : "roll back"}`);
    }
  }
}
