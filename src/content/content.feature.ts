import { type Feature } from "../graphql/feature";
import { ContentResolver } from "./content.resolver";
import { loadContentIfEmpty } from "./startup";

/** Content bundles: interviews imported whole, from files or through the API. */
export const contentFeature: Feature = {
  name: "content",
  resolvers: [ContentResolver],
  onStart: loadContentIfEmpty,
};
