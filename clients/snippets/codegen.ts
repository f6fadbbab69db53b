import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  // The schema comes from the running gateway, by introspection.
  schema: process.env.GRAPHQL_URL ?? "http://localhost:4000/graphql",
  documents: process.env.GRAPHQL_DOCUMENTS ?? "src/**/*.graphql",
  generates: {
    "codegen/gql/": {
      preset: "client",
      // Also writes persisted-documents.json ({ "<hash>": "<document>" }) and puts each
      // document's hash in document.__meta__.hash.
      presetConfig: { persistedDocuments: true },
    },
  },
};

export default config;
