import { createHash } from "node:crypto";
import { type DataSource, type EntityManager, type EntityMetadata, type EntityTarget, type ObjectLiteral } from "typeorm";
import { type PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { preparesReads } from "./database";
import { type Logger } from "./logger";
import { type DatabaseAdmission, OverloadedError, type RequestBudget, UNLIMITED_BUDGET } from "./serving/admission";
import { countedOn, newSqlStats, type SqlStats } from "./sql-stats";

/** A connection of `pg`'s pool, checked out for one statement. */
interface PoolClient {
  query(statement: { text: string; values: unknown[]; name?: string }): Promise<{ rows: unknown }>;
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
 * Whether an error of a statement means its connection is no longer usable: anything without a
 * SQLSTATE (a closed socket, a timeout), a connection exception (class 08) or the server going
 * away (57P). A statement the server refused (a missing table, a bad value) leaves it usable;
 * dropping it then would cost the embedded database its one session.
 */
function breaksConnection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith("08") || code.startsWith("57P");
}

/**
 * How many distinct read statements get a name, per process: every connection of the pool keeps
 * each one it has run prepared, so the number is capped; past it, statements run unnamed (parsed
 * each time), as every statement does on the embedded database.
 */
const MAX_NAMED_STATEMENTS = 200;

const statementNames = new Map<string, string>();

/** The name a read statement is prepared under (a hash of its text), or undefined past the cap. */
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `ig_${createHash("sha256").update(sql).digest("hex").slice(0, 32)}`;
    statementNames.set(sql, name);
  }
  return name;
}

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
 * A request that came over HTTP reads in its client's turn (serving/admission.ts) and within its
 * statement budget.
 */
export class Reader {
  private writtenTo = false;

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

  /** From now on this request reads from the primary. */
  markWrote(): void {
    this.writtenTo = true;
  }

  /**
   * Runs read-only work through TypeORM on one connection: a replica's, or the primary's after a
   * write; in the client's turn and budget, as one statement.
   */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const read = async (connected: () => void): Promise<T> => {
      const runner = countedOn(this.dataSource.createQueryRunner(this.writtenTo ? "master" : "slave"), this.sqlStats);
      try {
        await runner.connect();
        connected();
        return await work(runner.manager);
      } catch (error) {
        if (isPoolWaitTimeout(error)) throw new OverloadedError("no database connection came free in time");
        throw error;
      } finally {
        await runner.release();
      }
    };
    if (!this.access) return read(() => {});
    this.access.budget.spendStatement();
    return this.access.admission.run(this.access.client, read);
  }

  /**
   * One read statement, straight on `pg`'s pool (TypeORM's query runner costs more CPU than the
   * statement itself on the hot paths): counted and logged as TypeORM's statements are. On
   * PostgreSQL it runs as a named statement, so that each connection parses it once.
   */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T> {
    (this.access?.budget ?? UNLIMITED_BUDGET).spendStatement();
    this.sqlStats.statements += 1;
    this.logger?.trace({ query: sql, parameters }, "sql");
    if (!this.access) return this.send<T>(sql, parameters, () => {});
    return this.access.admission.run(this.access.client, (connected) => this.send<T>(sql, parameters, connected));
  }

  /** Sends one statement on a connection of the pool; `connected` is called once it holds one. */
  private async send<T>(sql: string, parameters: unknown[], connected: () => void): Promise<T> {
    const name = preparesReads(this.dataSource) ? statementName(sql) : undefined;
    let client: PoolClient;
    try {
      client = await this.pool().connect();
    } catch (error) {
      if (isPoolWaitTimeout(error)) throw new OverloadedError("no database connection came free in time");
      throw error;
    }
    connected();
    if (!listened.has(client)) {
      client.on("error", ignoreError);
      listened.add(client);
    }
    let broken = false;
    try {
      return (await client.query({ text: sql, values: parameters, ...(name ? { name } : {}) })).rows as T;
    } catch (error) {
      broken = breaksConnection(error);
      this.logger?.debug({ err: error, query: sql }, "sql failed");
      throw error;
    } finally {
      // A connection that failed is replaced by the pool; one whose statement was refused serves on.
      client.release(broken);
    }
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
