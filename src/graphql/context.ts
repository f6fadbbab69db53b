import { randomUUID } from "node:crypto";
import { type DataSource } from "typeorm";
import { type Viewer } from "../api-keys/auth";
import { type BundleChecker, checkOnThisThread } from "../content/bundle-checker";
import { type Logger } from "../logger";
import { createLoaders, type Loaders } from "./read/loaders";
import { Prefetch } from "./read/prefetch";
import { Reader, type ReaderAccess } from "../db/reader";
import { RELATIONS } from "./read/relations";
import { type RequestBudget } from "../db/admission";
import { newSqlStats, type SqlStats } from "../db/sql-stats";

/** What every resolver and service receives: one per request, never shared between requests. */
export interface Context {
  requestId: string;
  /** Writes (transactions on the primary) go through it. */
  dataSource: DataSource;
  /** Reads go through it: replicas, or the primary once the request has written. */
  reader: Reader;
  loaders: Loaders;
  /** Fetches, with a root statement, the relations its selection asks for, and primes `loaders` with them. */
  prefetch: Prefetch;
  logger: Logger;
  /** The holder of the request's API key; null for an anonymous (read-only) request. */
  viewer: Viewer | null;
  /** The SQL statements sent for the request (x-sql-statements, metrics). */
  sqlStats: SqlStats;
  /** What the HTTP request may still spend (its batch's summed cost, its statements); none outside HTTP. */
  budget?: RequestBudget;
  /** Checks an imported bundle before the database is asked: on a worker thread when serving, else on this one. */
  checkBundle: BundleChecker;
}

/** A fresh context: new loaders, so no request sees another's cached rows. */
export function createContext(
  dataSource: DataSource,
  logger: Logger,
  options: { requestId?: string; viewer?: Viewer | null; sqlStats?: SqlStats; access?: ReaderAccess; checkBundle?: BundleChecker } = {},
): Context {
  const requestId = options.requestId ?? randomUUID();
  const requestLogger = logger.child({ requestId });
  const sqlStats = options.sqlStats ?? newSqlStats();
  const reader = new Reader(dataSource, requestLogger, sqlStats, options.access);
  const prefetch = new Prefetch(reader, RELATIONS);
  const loaders = createLoaders(reader, prefetch);
  prefetch.attach(loaders);
  return {
    requestId,
    dataSource,
    reader,
    loaders,
    prefetch,
    logger: requestLogger,
    viewer: options.viewer ?? null,
    sqlStats,
    ...(options.access ? { budget: options.access.budget } : {}),
    checkBundle: options.checkBundle ?? checkOnThisThread,
  };
}
