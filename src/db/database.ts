import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { DataSource, type EntityManager, type Logger as TypeOrmLogger, type QueryRunner } from "typeorm";
import { type PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { InitialSchema1764080000000 } from "../../migrations/1764080000000-initial-schema";
import { SlugsCollateC1764200000000 } from "../../migrations/1764200000000-slugs-collate-c";
import { VersionsAndAudit1764300000000 } from "../../migrations/1764300000000-versions-and-audit";
import { NotifyWrites1764400000000 } from "../../migrations/1764400000000-notify-writes";
import { AuditTruncate1764500000000 } from "../../migrations/1764500000000-audit-truncate";
import { CareerStepIntervals1764600000000 } from "../../migrations/1764600000000-career-step-intervals";
import { NamesNotBlank1764700000000 } from "../../migrations/1764700000000-names-not-blank";
import { SourceRevisions1764800000000 } from "../../migrations/1764800000000-source-revisions";
import { KeptQuoteCounts1764900000000 } from "../../migrations/1764900000000-kept-quote-counts";
import { CheaperWriteChecks1765000000000 } from "../../migrations/1765000000000-cheaper-write-checks";
import type { Config } from "../config";
import { type Logger } from "../logger";
import { countedOn, recordStatement, type SqlStats } from "./sql-stats";

/** Every migration, in order. Listed, not globbed, so ts-jest and the tsc build load the same files. */
export const MIGRATIONS = [InitialSchema1764080000000, SlugsCollateC1764200000000, VersionsAndAudit1764300000000, NotifyWrites1764400000000, AuditTruncate1764500000000, CareerStepIntervals1764600000000, NamesNotBlank1764700000000, SourceRevisions1764800000000, KeptQuoteCounts1764900000000, CheaperWriteChecks1765000000000];

/**
 * Connections the pool may open. The embedded database gets exactly one: PGlite is a single
 * session, and its socket server interleaves the protocol messages of concurrent connections
 * outside transactions, so that one connection's Bind can meet another's Parse (wrong rows, or
 * "unnamed prepared statement does not exist", then a stuck queue: electric-sql/pglite#1046,
 * found by tests/system/load). One connection cannot interleave; PGlite ran one statement at a time anyway.
 */
const EMBEDDED_POOL_SIZE = 1;
const POSTGRES_POOL_SIZE = 10;

/**
 * How long a query may wait for a connection of the pool (or for a server to accept one). On
 * PostgreSQL a dead server must fail requests quickly; on the embedded database the wait is
 * the queue behind its one connection, which is work, not an outage.
 */
const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;
const EMBEDDED_CONNECT_TIMEOUT_MS = 60_000;

/**
 * The databases whose reads run as named (prepared) statements: PostgreSQL servers, where each
 * pool connection is a session of its own and a statement parsed once serves every later request
 * on it (PostgreSQL still plans it again for its parameters, unless it settles on a generic plan). Not the embedded database: its one session outlives a connection, so a
 * new connection would prepare a name the session already holds.
 */
const preparedReads = new WeakSet<DataSource>();

/** How many connections reads may hold at once: the pool's size, on each replica when there are some. */
export function readCapacity(dataSource: DataSource): number {
  const options = dataSource.options as { poolSize?: number; replication?: { slaves: unknown[] } };
  return (options.poolSize ?? POSTGRES_POOL_SIZE) * Math.max(1, options.replication?.slaves.length ?? 0);
}

/** Whether reads on this database run as named statements (see {@link Reader.query}). */
export function preparesReads(dataSource: DataSource): boolean {
  return preparedReads.has(dataSource);
}

/** How busy a pool of connections is (pg's counts). */
export interface PoolStats {
  /** `primary`, or `replica-0`, `replica-1`… */
  pool: string;
  total: number;
  idle: number;
  /** Clients waiting for a connection. */
  waiting: number;
}

/** The pools behind the DataSource (the primary's, and one per replica), for the metrics: only db/ reaches the driver. */
export function poolStats(dataSource: DataSource): PoolStats[] {
  type PgPool = { totalCount: number; idleCount: number; waitingCount: number };
  const driver = dataSource.driver as unknown as { master?: PgPool; slaves?: PgPool[] };
  const pools: Array<[string, PgPool | undefined]> = [["primary", driver.master], ...(driver.slaves ?? []).map((pool, i): [string, PgPool] => [`replica-${i}`, pool])];
  return pools.flatMap(([pool, stats]) => (stats ? [{ pool, total: stats.totalCount, idle: stats.idleCount, waiting: stats.waitingCount }] : []));
}

/** An open database: the TypeORM DataSource every query goes through, and how to close it. */
export interface Database {
  dataSource: DataSource;
  /** `postgres` for DATABASE_URL, `embedded` for PGlite served on a private Unix socket. */
  kind: "postgres" | "embedded";
  /** The embedded database's socket folder (only this process's user may enter it); undefined on PostgreSQL. */
  socketFolder?: string;
  close(): Promise<void>;
}

/**
 * Opens the one code path to the database: TypeORM's postgres driver over `pg`, either to
 * DATABASE_URL or to an embedded PGlite served on a private Unix socket. Nothing else differs.
 * The entities are the features' (src/features.ts): this layer knows none of them.
 */
export async function openDatabase(config: Config, logger: Logger, entities: ReadonlyArray<new () => object>): Promise<Database> {
  if (config.databaseUrl !== undefined) {
    const dataSource = createDataSource(
      {
        url: config.databaseUrl,
        replicaUrls: config.databaseReplicaUrls,
        poolSize: POSTGRES_POOL_SIZE,
        connectTimeoutMs: POSTGRES_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: config.statementTimeoutMs,
      },
      logger,
      entities,
    );
    await dataSource.initialize();
    if (config.preparedStatements) preparedReads.add(dataSource);
    return { dataSource, kind: "postgres", close: () => dataSource.destroy() };
  }

  const embedded = await startEmbeddedPostgres(config.pgliteDataDir, logger);
  // PGlite runs one statement at a time in this process: a statement_timeout has nothing to interrupt.
  const dataSource = createDataSource(
    { url: embedded.url, replicaUrls: [], poolSize: EMBEDDED_POOL_SIZE, connectTimeoutMs: EMBEDDED_CONNECT_TIMEOUT_MS, statementTimeoutMs: 0 },
    logger,
    entities,
  );
  try {
    await dataSource.initialize();
    await startEachConnectionClean(dataSource);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return {
    dataSource,
    kind: "embedded",
    socketFolder: embedded.socketFolder,
    close: async () => {
      await dataSource.destroy();
      await embedded.stop();
    },
  };
}

interface ConnectionSettings {
  url: string;
  replicaUrls: string[];
  poolSize: number;
  connectTimeoutMs: number;
  /** PostgreSQL's statement_timeout on every connection, in ms; 0 for none. */
  statementTimeoutMs: number;
}

function createDataSource(settings: ConnectionSettings, logger: Logger, entities: ReadonlyArray<new () => object>): DataSource {
  const pool = {
    poolSize: settings.poolSize,
    connectTimeoutMS: settings.connectTimeoutMs,
    extra: { application_name: "interview-graph", ...(settings.statementTimeoutMs > 0 ? { statement_timeout: settings.statementTimeoutMs } : {}) },
  };
  return new DataSource({
    type: "postgres",
    ...(settings.replicaUrls.length > 0
      ? { replication: { master: { url: settings.url }, slaves: settings.replicaUrls.map((url) => ({ url })) } }
      : { url: settings.url }),
    ...pool,
    entities: [...entities],
    migrations: MIGRATIONS,
    migrationsTableName: "migrations",
    migrationsTransactionMode: "each",
    synchronize: false,
    migrationsRun: false,
    // Our migrations create what they need; never let TypeORM install extensions.
    installExtensions: false,
    uuidExtension: "pgcrypto",
    logger: new StatementLogger(logger),
  });
}

/** The file name PostgreSQL clients look for in a socket folder, for port 5432. */
const SOCKET_FILE = ".s.PGSQL.5432";

/**
 * Opens PGlite on its data folder (or in memory) and serves it on a Unix socket in a folder of
 * its own that only this process's OS user may enter (mode 0700), so the same `pg` driver
 * reaches it as any PostgreSQL server and no other local user can: PGlite takes any user name
 * without a password, as superuser, and it is one session, so a connection of anyone else's
 * could read the keys, or leave settings (session_replication_role) that the gateway's own
 * writes would then run under. There is no TCP port.
 */
async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<{ url: string; socketFolder: string; stop(): Promise<void> }> {
  if (!dataDir.startsWith("memory://")) await mkdir(dataDir, { recursive: true });
  // mkdtemp makes the folder with mode 0700, owned by this process's user.
  const socketFolder = await mkdtemp(join(tmpdir(), "interview-graph-db-"));
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(dataDir);
    const server = new PGLiteSocketServer({ db, path: join(socketFolder, SOCKET_FILE), maxConnections: EMBEDDED_POOL_SIZE });
    await server.start();
    const opened = db;
    logger.info({ dataDir, socketFolder }, "embedded database (PGlite) ready");
    return {
      url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketFolder)}`,
      socketFolder,
      stop: async () => {
        await server.stop();
        await opened.close();
        await rm(socketFolder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await db?.close();
    await rm(socketFolder, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The embedded database is one PostgreSQL session for every connection: what one connection
 * sets (`SET session_replication_role = replica` turns off every trigger: versions, audit,
 * invariants) stays for the next. So every new connection of the pool starts by discarding
 * the session's state (queued before anything its first user sends), and the one open now does
 * at once. The writes check it again (auditedTransaction).
 */
async function startEachConnectionClean(dataSource: DataSource): Promise<void> {
  const pool = (dataSource.driver as PostgresDriver).master as { on(event: "connect", listener: (client: { query(sql: string): Promise<unknown> }) => void): void };
  pool.on("connect", (client) => {
    // A failure here fails the client's first statement too, which its user sees.
    client.query("DISCARD ALL").catch(() => {});
  });
  await dataSource.query("DISCARD ALL");
}

/** Counts every statement for the request that ran it, and logs failures and (at trace) all SQL. */
class StatementLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}

  logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    recordStatement(queryRunner);
    this.logger.trace({ query, parameters }, "sql");
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.logger.debug({ err: error, query }, "sql failed");
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ time, query }, "slow sql");
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.info(message);
  }

  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") this.logger.warn(message);
    else this.logger.debug(message);
  }
}

/**
 * Runs reads on the primary, on one connection released after: for what must see the latest
 * write even when replicas lag (an API key created a moment ago, the start-up's "is it empty?").
 * With replicas, TypeORM's repositories read from a replica by default.
 */
export async function onPrimary<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, sqlStats?: SqlStats): Promise<T> {
  const runner = countedOn(dataSource.createQueryRunner("master"), sqlStats);
  try {
    return await work(runner.manager);
  } finally {
    await runner.release();
  }
}
