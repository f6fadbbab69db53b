import { type DataSource } from "typeorm";
import { type Logger } from "../logger";

/** How many rows a scan may read for one unit of cost: a count over 100,000 quotes costs 1,000. */
export const ROWS_PER_COST_UNIT = 100;

/** How often the sizes are read again. */
const REFRESH_MS = 60_000;

/** The tables whose size prices a scan. */
const TABLES = ["quotes", "quote_topics", "quote_companies", "people", "companies", "sources", "topics", "career_steps", "audit_events"];

/**
 * How many rows each table holds, roughly (PostgreSQL's own estimate, `pg_class.reltuples`, or a
 * count where the table was never analysed), read at start-up and once a minute: what a count,
 * statistic or search over a whole table costs (query-limits.ts). Stale by a minute at most;
 * a table grown meanwhile is priced at its old size until then.
 */
export class TableSizes {
  private readonly rows = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  /** Reads the sizes now, then every minute until stopped. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The cost of reading all of `table`: one unit per ROWS_PER_COST_UNIT rows, at least one. */
  scanCost(table: string): number {
    return Math.max(1, Math.ceil((this.rows.get(table) ?? 0) / ROWS_PER_COST_UNIT));
  }

  /** Reads every table's size; on failure (the database away for a moment) keeps the last ones. */
  async refresh(): Promise<void> {
    try {
      const estimates = await this.dataSource.query<Array<{ table: string; rows: number }>>(
        `SELECT c.relname AS "table", c.reltuples::float8 AS rows FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1)`,
        [TABLES],
      );
      for (const { table, rows } of estimates) {
        // -1: never vacuumed or analysed (a new table, or PGlite, which runs no autovacuum).
        this.rows.set(table, rows >= 0 ? rows : await this.count(table));
      }
    } catch (error) {
      this.logger.warn({ err: error }, "could not read the tables' sizes; pricing scans by the last ones read");
    }
  }

  private async count(table: string): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ rows: number }>>(`SELECT count(*)::float8 AS rows FROM ${table}`);
    return row?.rows ?? 0;
  }
}
