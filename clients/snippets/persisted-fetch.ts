import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { ExecutionResult } from "graphql";

/**
 * Runs a document of Code Generator's client preset by its hash alone, as the preset's docs
 * send it: Apollo's persisted-query extension, with the hash the preset put in `__meta__`
 * (`sha256:<hex>` by default), which the gateway finds in the persisted-documents.json of
 * PERSISTED_QUERIES_MANIFESTS.
 */
export async function executePersisted<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<ExecutionResult<TResult>> {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error("the document carries no hash: generate it with persistedDocuments: true");
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  return (await response.json()) as ExecutionResult<TResult>;
}
