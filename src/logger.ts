import pino from "pino";
import type { Config } from "./config";

export type Logger = pino.Logger;

/** Structured JSON logs; pretty ones in development when pino-pretty is installed. */
export function createLogger(config: Pick<Config, "logLevel" | "nodeEnv">): Logger {
  const pretty = config.nodeEnv === "development" && process.stdout.isTTY && hasPinoPretty();
  return pino({
    level: config.logLevel,
    base: { service: "interview-graph" },
    redact: { paths: ["req.headers.authorization", "*.password", "*.databaseUrl"], censor: "[redacted]" },
    ...(pretty ? { transport: { target: "pino-pretty", options: { colorize: true } } } : {}),
  });
}

function hasPinoPretty(): boolean {
  try {
    require.resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}
