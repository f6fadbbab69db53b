import { type DataSource, type EntityManager, type EntityMetadata, type EntityTarget, type ObjectLiteral } from "typeorm";

/**
 * How one request reads: from the read replicas when there are some, from the primary once the
 * request has written, so that a request always reads its own writes. Each read takes a
 * connection for itself and gives it back at once; without replicas every read is the primary's.
 */
export class Reader {
  private writtenTo = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Whether the request has written (its reads have gone to the primary since). */
  get wrote(): boolean {
    return this.writtenTo;
  }

  /** From now on this request reads from the primary. */
  markWrote(): void {
    this.writtenTo = true;
  }

  /** Runs read-only work on one connection: a replica's, or the primary's after a write. */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner(this.writtenTo ? "master" : "slave");
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }

  /** One read statement. */
  query<T>(sql: string, parameters: unknown[] = []): Promise<T> {
    return this.run((manager) => manager.query<T>(sql, parameters));
  }

  getMetadata(entity: EntityTarget<ObjectLiteral>): EntityMetadata {
    return this.dataSource.getMetadata(entity);
  }
}
