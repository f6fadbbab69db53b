import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { type DataSource } from "typeorm";
import { poolStats } from "../db/database";

/**
 * The gateway's Prometheus metrics, on a registry of its own (so that several gateways in one
 * process, as in tests, never mix their numbers). Served on GET /metrics.
 */
export class Metrics {
  readonly registry = new Registry();

  /** GraphQL requests by operation (a known operation's name, `other` or `anonymous`) and outcome (`ok` or the first error's code). */
  readonly requests = new Counter({ name: "graphql_requests_total", help: "GraphQL requests, by operation and outcome.", labelNames: ["operation", "outcome"], registers: [this.registry] });

  readonly duration = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "Time to answer a GraphQL request, by operation and outcome.",
    labelNames: ["operation", "outcome"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly sqlStatements = new Histogram({
    name: "graphql_sql_statements",
    help: "SQL statements one GraphQL request ran, by operation.",
    labelNames: ["operation"],
    buckets: [0, 1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });

  readonly cacheLookups = new Counter({ name: "response_cache_lookups_total", help: "Response cache lookups, by result (hit or miss).", labelNames: ["result"], registers: [this.registry] });

  readonly rateLimited = new Counter({ name: "rate_limit_refusals_total", help: "Requests refused with HTTP 429, by limit (address, key, failed_auth).", labelNames: ["limit"], registers: [this.registry] });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: "db_pool_connections",
      help: "Database pool connections, by pool (primary or replica) and state (total, idle, waiting clients).",
      labelNames: ["pool", "state"],
      registers: [this.registry],
      collect() {
        for (const { pool, total, idle, waiting } of poolStats(dataSource)) {
          this.set({ pool, state: "total" }, total);
          this.set({ pool, state: "idle" }, idle);
          this.set({ pool, state: "waiting" }, waiting);
        }
      },
    });
  }
}
