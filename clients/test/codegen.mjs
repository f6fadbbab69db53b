/**
 * GraphQL Code Generator's client preset: the schema by introspection from a running gateway,
 * the documents of schema/operations/, persisted documents on; then a PERSISTED_QUERIES_ONLY
 * gateway that trusts the generated persisted-documents.json runs each generated document by
 * its hash, and tsc checks a typed use of the generated code.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { CLIENTS_DIR, OPERATIONS_DIR, projectOperations } from "../support/gateway.mjs";
import { gateway as sharedGateway, stopGateway } from "../support/gateways.mjs";

const run = promisify(execFile);
const OUTPUT = join(CLIENTS_DIR, "codegen", "gql");
const PERSISTED_DOCUMENTS = join(OUTPUT, "persisted-documents.json");

/** A TypeScript module as JavaScript (types stripped), to run it here. */
async function importTypeScript(file, into) {
  const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const target = join(into, `${file.split("/").pop().replace(/\.ts$/, "")}.mjs`);
  writeFileSync(target, outputText);
  return import(pathToFileURL(target).href);
}

describe("GraphQL Code Generator (client preset)", () => {
  let gateway;
  const scratch = mkdtempSync(join(tmpdir(), "ig-clients-codegen-"));

  before(async () => {
    gateway = await sharedGateway("normal");
  });

  after(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await stopGateway("codegen-trusted");
  });

  it("generates typed documents from the running gateway's schema (introspection) and schema/operations/", async () => {
    rmSync(OUTPUT, { recursive: true, force: true });
    const logged = gateway.logs.length;
    await run(process.execPath, [join(CLIENTS_DIR, "node_modules", "@graphql-codegen", "cli", "esm", "bin.js"), "--config", "snippets/codegen.ts"], {
      cwd: CLIENTS_DIR,
      env: { ...process.env, GRAPHQL_URL: gateway.url, GRAPHQL_DOCUMENTS: join(OPERATIONS_DIR, "*.graphql") },
      timeout: 120_000,
    });
    for (const file of ["graphql.ts", "gql.ts", "fragment-masking.ts", "index.ts", "persisted-documents.json"]) assert.ok(existsSync(join(OUTPUT, file)), file);
    const requests = gateway.logs.slice(logged).map((line) => JSON.parse(line)).filter((entry) => entry.msg === "graphql request");
    assert.ok(requests.some((entry) => entry.operation === "IntrospectionQuery" && entry.outcome === "ok"), "the schema came from the gateway by introspection");
  });

  it("hashes each document with SHA-256 by default, written sha256:<hex> (GraphQL over HTTP's prefixed document id)", () => {
    const documents = Object.entries(JSON.parse(readFileSync(PERSISTED_DOCUMENTS, "utf8")));
    assert.deepEqual(documents.map(([, text]) => /^query (\w+)/.exec(text)[1]).sort(), projectOperations().map((operation) => operation.name).sort());
    for (const [id, text] of documents) assert.equal(id, `sha256:${createHash("sha256").update(text).digest("hex")}`);
  });

  it("runs each generated document by its hash alone on a PERSISTED_QUERIES_ONLY gateway given persisted-documents.json", async () => {
    const trusted = await sharedGateway("codegen-trusted", { PERSISTED_QUERIES_ONLY: "true", PERSISTED_QUERIES_MANIFESTS: PERSISTED_DOCUMENTS });
    const generated = await importTypeScript(join(OUTPUT, "graphql.ts"), scratch);
    const { executePersisted } = await importTypeScript(join(CLIENTS_DIR, "snippets", "persisted-fetch.ts"), scratch);
    const hashes = Object.keys(JSON.parse(readFileSync(PERSISTED_DOCUMENTS, "utf8")));
    const operations = projectOperations();
    const documents = Object.entries(generated).filter(([name]) => name.endsWith("Document"));
    assert.equal(documents.length, operations.length);
    for (const [name, document] of documents) {
      const operation = operations.find((candidate) => `${candidate.name}Document` === name);
      assert.ok(operation, name);
      assert.ok(hashes.includes(document.__meta__.hash), `${name}'s hash is in persisted-documents.json`);
      const result = await executePersisted(trusted.url, document, operation.variables);
      assert.equal(result.errors, undefined, `${name}: ${JSON.stringify(result.errors)}`);
      assert.ok(result.data && Object.values(result.data).every((value) => value !== null), `${name} answered with data`);
    }
    // Anything else stays refused; an id is found only as the manifest writes it (prefix included).
    const unknown = await executePersisted(trusted.url, { __meta__: { hash: `sha256:${"0".repeat(64)}` } }, {});
    assert.equal(unknown.errors?.[0]?.extensions?.code, "PERSISTED_QUERY_NOT_FOUND");
    const [[name, document]] = documents;
    const bare = await executePersisted(trusted.url, { __meta__: { hash: document.__meta__.hash.replace(/^sha256:/, "") } }, {});
    assert.equal(bare.errors?.[0]?.extensions?.code, "PERSISTED_QUERY_NOT_FOUND", `${name} by its hex alone`);
    // GraphQL over HTTP's draft documentId is not read.
    const byDocumentId = await fetch(trusted.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ documentId: document.__meta__.hash }) });
    assert.equal(byDocumentId.status, 400);
  });

  it("typechecks a typed use of the generated code (tsc --noEmit)", async () => {
    const tsc = join(CLIENTS_DIR, "node_modules", "typescript", "bin", "tsc");
    const outcome = await run(process.execPath, [tsc, "-p", join(CLIENTS_DIR, "codegen", "tsconfig.json"), "--noEmit"], { cwd: CLIENTS_DIR, timeout: 120_000 }).catch((failure) => failure);
    assert.equal(outcome.code ?? 0, 0, `${outcome.stdout}${outcome.stderr}`);
  });
});
