import { randomUUID } from "node:crypto";
import { type DataSource } from "typeorm";
import { type Logger } from "./logger";
import { createLoaders, type Loaders } from "./loaders";

/** What every resolver and service receives: one per request, never shared between requests. */
export interface Context {
  requestId: string;
  dataSource: DataSource;
  loaders: Loaders;
  logger: Logger;
}

/** A fresh context: new loaders, so no request sees another's cached rows. */
export function createContext(dataSource: DataSource, logger: Logger, requestId: string = randomUUID()): Context {
  return { requestId, dataSource, loaders: createLoaders(dataSource), logger: logger.child({ requestId }) };
}
