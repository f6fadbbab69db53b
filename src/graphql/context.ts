import { randomUUID } from "node:crypto";
import { type DataSource } from "typeorm";
import { type Logger } from "../logger";
import { createLoaders, type Loaders } from "./read/loaders";
import { Prefetch } from "./read/prefetch";
import { Reader, type ReaderAccess } from "../db/reader";
import { type RequestBudget } from "../db/admission";
import { newSqlStats, type SqlStats } from "../db/sql-stats";
import { type Viewer } from "./auth";
import { type FeatureRegistry } from "./feature";
import { type PrimableLoaders } from "./read/prefetch";

/** Runs a worker module's default export with `input` on a worker thread, off the event loop (runtime/workers.ts). */
export type OffThread = <I, O>(workerFile: string, input: I) => Promise<O>;

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
  /** The features (src/features.ts): what the shared plumbing reads of them. */
  features: FeatureRegistry;
  /** Heavy work off the event loop, when serving; without it (the command line, tests) it runs on this thread. */
  offThread?: OffThread;
}

/** A fresh context: new loaders, so no request sees another's cached rows. */
export function createContext(
  dataSource: DataSource,
  logger: Logger,
  features: FeatureRegistry,
  options: { requestId?: string; viewer?: Viewer | null; sqlStats?: SqlStats; access?: ReaderAccess; offThread?: OffThread } = {},
): Context {
  const requestId = options.requestId ?? randomUUID();
  const requestLogger = logger.child({ requestId });
  const sqlStats = options.sqlStats ?? newSqlStats();
  const reader = new Reader(dataSource, requestLogger, sqlStats, options.access);
  const prefetch = new Prefetch(reader, features.relations);
  const loaders = createLoaders(reader, prefetch, features.loaderGroups);
  prefetch.attach(loaders as unknown as PrimableLoaders);
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
    features,
    ...(options.offThread ? { offThread: options.offThread } : {}),
  };
}
