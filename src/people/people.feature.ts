import { type Feature } from "../graphql/feature";
import { Person } from "./person.entity";
import { createPersonLoaders } from "./person.loaders";
import { PersonResolver } from "./person.resolver";
import { PERSON_JSON } from "./person.json";

/** People: who speaks, narrates and works somewhere. */
export const peopleFeature: Feature = {
  name: "people",
  entities: [Person],
  resolvers: [PersonResolver],
  loaders: createPersonLoaders,
  json: PERSON_JSON,
  nodes: { Person: (loaders) => loaders.personById },
  constraints: { people_slug_key: { argumentPath: "input.slug", message: "a person with this slug already exists (written at the same moment by another request)" } },
  revertible: { people: { key: ["id"], rank: 0 } },
};
