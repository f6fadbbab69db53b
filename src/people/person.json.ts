import { connectionJsonTypes, keysetConnection } from "../graphql/json/json-connection";
import { absent, type JsonTypes, tableRow } from "../graphql/json/json-fields";
import { slugListCursor } from "../graphql/read/slug-list";

/** The slug a cursor of the people's list points at (a bad cursor throws: the resolver says what is wrong). */
function afterSlug(cursor: unknown): string {
  return String(slugListCursor("people").decode(String(cursor))[0]);
}

/** How `person(slug:)` and `people` are written as JSON by PostgreSQL (the service's statements, in one). */
export const PERSON_JSON: JsonTypes = {
  Query: {
    person: (field) => {
      const alias = field.alias();
      return `coalesce((SELECT ${field.object(tableRow(alias))} FROM people ${alias} WHERE ${alias}.slug = ${field.argument("slug")}), 'null')`;
    },
    people: (field) => {
      // A name search is filtered and counted by the service's statement.
      absent(field, "search");
      return keysetConnection({
        table: "people",
        from: (alias) => `people ${alias}`,
        where: () => "true",
        after: (each, alias) => `${alias}.slug > ${each.argument("after", afterSlug)}`,
        order: (_each, alias) => `${alias}.slug`,
        cursorKey: (row) => `'["people",' || to_json(${row.column("slug")})::text || ']'`,
        total: () => "(SELECT count(*)::int FROM people)",
      })(field);
    },
  },
  ...connectionJsonTypes("PersonConnection", "PersonEdge"),
};
