import { type Feature } from "../graphql/feature";
import { Source } from "./source.entity";
import { SourceRevision } from "./source-revision.entity";
import { createSourceLoaders } from "./source.loaders";
import { SourceResolver } from "./source.resolver";
import { PersonSourcesResolver } from "./sources-of.resolver";
import { PASSAGE_JSON } from "./passage.json";

/** Sources: the interviews and essays, their bodies, and whom they tell of. */
export const sourcesFeature: Feature = {
  name: "sources",
  entities: [Source, SourceRevision],
  resolvers: [SourceResolver, PersonSourcesResolver],
  loaders: createSourceLoaders,
  json: PASSAGE_JSON,
  nodes: { Source: (loaders) => loaders.sourceById },
  constraints: { sources_slug_key: { argumentPath: "input.slug", message: "a source with this slug already exists (written at the same moment by another request)" } },
  revertible: { sources: { key: ["id"], rank: 1 }, source_revisions: { key: ["source_id", "number"], rank: 2 } },
};
