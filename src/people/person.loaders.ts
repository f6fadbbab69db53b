import { type Reader } from "../db/reader";
import { byIdLoader, groupLoader } from "../graphql/read/loader";
import { entityColumns, keyedEntities, selectByIds } from "../db/sql";
import { Person } from "./person.entity";

export function createPersonLoaders(reader: Reader) {
  const people = entityColumns(reader, Person, "p");
  return {
    personById: byIdLoader((ids) => selectByIds(reader, Person, ids)),
    /** Everyone a source is about: its narrator, its speakers, the people of its career steps; by slug. */
    peopleBySourceId: groupLoader((sourceIds) =>
      keyedEntities(
        reader,
        Person,
        `SELECT x.source_id AS key, ${people}
           FROM people p
           JOIN (SELECT s.id AS source_id, s.narrator_id AS person_id FROM sources s WHERE s.id = ANY($1::uuid[])
                 UNION SELECT q.source_id, q.speaker_id FROM quotes q WHERE q.source_id = ANY($1::uuid[])
                 UNION SELECT cs.source_id, cs.person_id FROM career_steps cs WHERE cs.source_id = ANY($1::uuid[])) x
             ON x.person_id = p.id
          ORDER BY x.source_id, p.slug`,
        [sourceIds],
      ),
    ),
    /** Everyone with a career step at a company, by slug. */
    peopleByCompanyId: groupLoader((companyIds) =>
      keyedEntities(
        reader,
        Person,
        `SELECT x.company_id AS key, ${people}
           FROM people p
           JOIN (SELECT DISTINCT cs.company_id, cs.person_id FROM career_steps cs WHERE cs.company_id = ANY($1::uuid[])) x
             ON x.person_id = p.id
          ORDER BY x.company_id, p.slug`,
        [companyIds],
      ),
    ),
  };
}

/** The people feature's loaders, by name. */
type PersonLoaders = ReturnType<typeof createPersonLoaders>;

declare module "../graphql/read/loaders" {
  // Merged into every request's Loaders (graphql/read/loaders.ts).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends PersonLoaders {}
}
