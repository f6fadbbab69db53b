import { createServer } from "node:http";
import graphileUtils from "graphile-utils";
import postgraphileModule from "postgraphile";
import ConnectionFilterPlugin from "postgraphile-plugin-connection-filter";

// Both are CommonJS packages: their named exports are read off the default one.
const { gql, embed, makeExtendSchemaPlugin, makeJSONPgSmartTagsPlugin } = graphileUtils;
const { postgraphile } = postgraphileModule;

/**
 * PostGraphile v4 over the gateway's database, configured for speed as its documentation advises
 * for production: no watch, no GraphiQL, no query log, dynamic JSON, no default mutations (the
 * benchmark only reads). `node postgraphile-server.js` with DATABASE_URL and PORT.
 */

/** The bench_pg view has no key and no foreign keys of its own: smart tags declare them. */
const tags = makeJSONPgSmartTagsPlugin({
  version: 1,
  config: {
    class: {
      quote_feed: {
        tags: {
          primaryKey: "id",
          foreignKey: ["(source_id) references public.sources (id)", "(speaker_id) references public.people (id)"],
        },
      },
      quote_topics: { tags: { foreignKey: "(quote_id) references bench_pg.quote_feed (id)" } },
      quote_companies: { tags: { foreignKey: "(quote_id) references bench_pg.quote_feed (id)" } },
      // Tables the benchmark does not read; audit_changes would not even build (its node_id
      // column collides with PostGraphile's nodeId).
      ...Object.fromEntries(["audit_changes", "audit_events", "api_keys", "migrations", "typeorm_metadata"].map((table) => [table, { tags: { omit: true } }])),
    },
  },
});

/**
 * A career step's evidence: the passage of its source's body at the step's span, as a subquery
 * PostGraphile inlines into its one statement (a computed column would have to live in our
 * public schema: v4 takes them only from the table's own).
 */
const evidenceText = makeExtendSchemaPlugin((build) => {
  const sql = build.pgSql;
  const fragment = (queryBuilder) => {
    const step = queryBuilder.getTableAlias();
    return sql.fragment`(SELECT substr(s.body, ${step}.evidence_start + 1, ${step}.evidence_end - ${step}.evidence_start)
      FROM public.sources s WHERE s.id = ${step}.source_id AND ${step}.evidence_start IS NOT NULL)`;
  };
  return { typeDefs: gql`extend type CareerStep { evidenceText: String @pgQuery(fragment: ${embed(fragment)}) }` };
});

const middleware = postgraphile(process.env.DATABASE_URL, ["public", "bench_pg"], {
  appendPlugins: [ConnectionFilterPlugin, tags, evidenceText],
  graphileBuildOptions: { connectionFilterRelations: true },
  dynamicJson: true,
  disableQueryLog: true,
  disableDefaultMutations: true,
  ignoreRBAC: true,
  setofFunctionsContainNulls: false,
  graphiql: false,
  watchPg: false,
  retryOnInitFail: false,
  extendedErrors: [],
});

const server = createServer(middleware);
server.listen(Number(process.env.PORT ?? 5000), "127.0.0.1", () => {
  console.log(`postgraphile listening on ${server.address().port}`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
