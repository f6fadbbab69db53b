import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLEnumType, GraphQLInt } from "graphql";

/** Who may keep a cached response. */
export const CacheControlScope = new GraphQLEnumType({
  name: "CacheControlScope",
  description: "Who may keep a cached response.",
  values: {
    PUBLIC: { description: "Any cache: the answer is the same for every client." },
    PRIVATE: { description: "Only the client's own: the answer depends on who asks." },
  },
});

/**
 * Apollo's @cacheControl: how long (and by whom) a field's value may be cached. Reads are
 * public for CACHE_MAX_AGE_SECONDS by default; what depends on the API key is private, never cached.
 */
export const cacheControlDirective = new GraphQLDirective({
  name: "cacheControl",
  description: "How long, and by whom, a field's value may be cached (Apollo Server's cache control).",
  locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT, DirectiveLocation.INTERFACE, DirectiveLocation.UNION],
  args: {
    maxAge: { type: GraphQLInt, description: "Seconds the value may be cached." },
    scope: { type: CacheControlScope, description: "Who may cache it." },
    inheritMaxAge: { type: GraphQLBoolean, description: "Take the parent field's maxAge." },
  },
});

/** The directive that keeps a field out of every shared cache. */
export const PRIVATE_NEVER_CACHED = "@cacheControl(maxAge: 0, scope: PRIVATE)";
