import { type Feature } from "../graphql/feature";
import { ContentResolver } from "./content.resolver";
import { RevisionResolver } from "./revision.resolver";
import { loadContentIfEmpty } from "./startup";

/** Content bundles: interviews imported whole, from files or through the API; and corrections of their texts (revisions). */
export const contentFeature: Feature = {
  name: "content",
  resolvers: [ContentResolver, RevisionResolver],
  onStart: loadContentIfEmpty,
};
