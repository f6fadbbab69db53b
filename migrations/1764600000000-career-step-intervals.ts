import { type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Career steps in time (src/domain/step-time.ts says what these mean):
 * - `possible`: the days a step possibly ran, from its start's earliest bound to its end's latest;
 *   unbounded below when the start is unknown, above when it goes on or its end is unknown (a
 *   query cuts those at today, which no stored column can know).
 * - `certain`: the days it certainly ran, from its start's latest bound to its end's earliest (on,
 *   unbounded, when it goes on); empty when its start or its end is unknown, or when they cross.
 * - `start_middle`: the middle of the start's bounds (infinity when unknown), by which timelines
 *   run oldest first: "about 2017" (2016–2018) comes after 2016-08-15, not before it.
 * GiST indexes answer `during` (range overlap); the timeline indexes follow the new order.
 */
export class CareerStepIntervals1764600000000 implements MigrationInterface {
  name = "CareerStepIntervals1764600000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, type, expression] of GENERATED) {
      await queryRunner.query(`ALTER TABLE career_steps ADD COLUMN ${name} ${type} GENERATED ALWAYS AS (${expression}) STORED`);
      // TypeORM reads generated columns' expressions from typeorm_metadata (the initial schema made the table).
      await queryRunner.query(
        `INSERT INTO typeorm_metadata ("type", "database", "schema", "table", "name", "value") VALUES ('GENERATED_COLUMN', current_database(), current_schema(), 'career_steps', $1, $2)`,
        [name, expression],
      );
    }
    await queryRunner.query(`CREATE INDEX career_steps_possible_idx ON career_steps USING gist (possible)`);
    await queryRunner.query(`CREATE INDEX career_steps_certain_idx ON career_steps USING gist (certain)`);
    await queryRunner.query(`DROP INDEX career_steps_person_id_idx`);
    await queryRunner.query(`DROP INDEX career_steps_company_id_idx`);
    await queryRunner.query(`CREATE INDEX career_steps_person_id_idx ON career_steps (person_id, start_middle, start_earliest, id)`);
    await queryRunner.query(`CREATE INDEX career_steps_company_id_idx ON career_steps (company_id, start_middle, start_earliest, id)`);
    await queryRunner.query(`CREATE INDEX career_steps_timeline_idx ON career_steps (start_middle, start_earliest, id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX career_steps_timeline_idx`);
    await queryRunner.query(`DROP INDEX career_steps_person_id_idx`);
    await queryRunner.query(`DROP INDEX career_steps_company_id_idx`);
    await queryRunner.query(`CREATE INDEX career_steps_person_id_idx ON career_steps (person_id, start_earliest)`);
    await queryRunner.query(`CREATE INDEX career_steps_company_id_idx ON career_steps (company_id, start_earliest)`);
    for (const [name] of GENERATED) {
      await queryRunner.query(`ALTER TABLE career_steps DROP COLUMN ${name}`);
      await queryRunner.query(`DELETE FROM typeorm_metadata WHERE "table" = 'career_steps' AND "name" = $1`, [name]);
    }
  }
}

/**
 * The generated columns: name, type, expression (as the entity declares them,
 * src/career-steps/career-step.entity.ts). Bounds that cross give an empty range rather than an
 * error, so that such a row is refused by its named check (career_steps_ends_after_start), as
 * before these columns.
 */
export const GENERATED: ReadonlyArray<readonly [name: string, type: string, expression: string]> = [
  ["start_middle", "date", "coalesce(start_earliest + (start_latest - start_earliest) / 2, 'infinity'::date)"],
  ["possible", "daterange", "CASE WHEN end_latest < start_earliest THEN 'empty'::daterange ELSE daterange(start_earliest, end_latest, '[]') END"],
  [
    "certain",
    "daterange",
    "CASE WHEN start_latest IS NULL THEN 'empty'::daterange WHEN end_open THEN daterange(start_latest, NULL, '[)') WHEN end_earliest IS NULL OR end_earliest < start_latest THEN 'empty'::daterange ELSE daterange(start_latest, end_earliest, '[]') END",
  ],
];
