import { type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Every write announces itself, when it commits, on the channel `interview_graph_writes` (its
 * audit event's id as the payload): each copy of the gateway listens, so a write made anywhere
 * (another copy, `npm run ingest`, psql) empties every copy's response cache. A write that
 * rolls back announces nothing (NOTIFY is transactional).
 */
export class NotifyWrites1764400000000 implements MigrationInterface {
  name = "NotifyWrites1764400000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(eventFunction(true));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(eventFunction(false));
  }
}

/** audit_event_id() of migration 1764300000000, with or without the announcement. */
function eventFunction(notify: boolean): string {
  return `
    CREATE OR REPLACE FUNCTION audit_event_id() RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
      event bigint := nullif(current_setting('interview_graph.audit_event', true), '')::bigint;
      actor text := nullif(current_setting('interview_graph.actor', true), '');
    BEGIN
      IF event IS NULL THEN
        INSERT INTO audit_events (actor, api_key_id, operation)
        VALUES (coalesce(actor, 'SQL'),
                nullif(current_setting('interview_graph.api_key_id', true), '')::uuid,
                coalesce(nullif(current_setting('interview_graph.operation', true), ''), 'sql by ' || current_user))
        RETURNING id INTO event;
        PERFORM set_config('interview_graph.audit_event', event::text, true);${notify ? "\n        PERFORM pg_notify('interview_graph_writes', event::text);" : ""}
      END IF;
      RETURN event;
    END $$`;
}
