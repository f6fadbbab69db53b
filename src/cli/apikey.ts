import { parseArgs } from "node:util";
import { ApiKey } from "../api-keys/api-key.entity";
import { apiKeyService } from "../api-keys/api-key.service";
import { ApiKeyView } from "../api-keys/api-key.type";
import { auditedTransaction } from "../db/transaction";
import { type Database, onPrimary } from "../db/database";
import { pendingMigrations } from "../db/migrations";
import { runWithDatabase } from "./run-cli";
import { ApiKeyRole } from "../graphql/auth";
import { fromGlobalId } from "../domain/global-id";

const USAGE = `usage: npm run apikey -- create --role EDITOR|ADMIN --label TEXT
       npm run apikey -- list
       npm run apikey -- revoke ID|PREFIX`;

/**
 * `npm run apikey`: bootstraps and manages API keys from the command line (the first ADMIN key
 * cannot come from the API). Writes are audited as the command line's.
 */
const [command, ...rest] = process.argv.slice(2);
const parsed = parse(command, rest);
if (typeof parsed === "string") {
  console.error(`${parsed}\n${USAGE}`);
  process.exitCode = 2;
} else {
  runWithDatabase(async (database) => {
    const pending = await pendingMigrations(database.dataSource);
    if (pending.length > 0) {
      console.error(`the database has pending migrations (${pending.join(", ")}): run npm run migrate first`);
      return 1;
    }
    return parsed(database);
  });
}

type Command = (database: Database) => Promise<number>;

/** The command to run, or what is wrong with the arguments. */
function parse(name: string | undefined, args: string[]): Command | string {
  try {
    if (name === "create") {
      const { values } = parseArgs({ args, options: { role: { type: "string" }, label: { type: "string" } }, strict: true });
      const role = values.role?.toUpperCase();
      if (role !== ApiKeyRole.EDITOR && role !== ApiKeyRole.ADMIN) return "--role must be EDITOR or ADMIN";
      const label = values.label?.trim() ?? "";
      if (label === "" || label.length > 100) return "--label must be 1 to 100 characters";
      return (database) => create(database, role, label);
    }
    if (name === "list") {
      parseArgs({ args, options: {}, strict: true });
      return list;
    }
    if (name === "revoke") {
      const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
      const [which, ...more] = positionals;
      if (which === undefined || more.length > 0) return "revoke takes one key: its id or its prefix";
      return (database) => revoke(database, which);
    }
  } catch (error) {
    return (error as Error).message;
  }
  return name === undefined ? "no command given" : `unknown command "${name}"`;
}

async function create(database: Database, role: ApiKeyRole, label: string): Promise<number> {
  const { result } = await auditedTransaction(database.dataSource, { kind: "CLI" }, "createApiKey", (manager) => apiKeyService.create(manager, label, role));
  const view = ApiKeyView.of(result.key);
  console.log(`created ${view.role} key "${view.label}" (id ${view.id})`);
  console.log(`secret (shown once; only its hash is kept): ${result.secret}`);
  console.log(`send it as: Authorization: Bearer ${result.secret}`);
  return 0;
}

async function list(database: Database): Promise<number> {
  const keys = await apiKeyService.list(database.dataSource);
  if (keys.length === 0) console.log("no API keys yet: npm run apikey -- create --role ADMIN --label ops");
  for (const key of keys.map((row) => ApiKeyView.of(row))) {
    const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : "valid";
    const used = key.lastUsedAt ? `last used ${key.lastUsedAt.toISOString()}` : "never used";
    console.log(`${key.id}  ${key.prefix}…  ${key.role.padEnd(6)}  ${state}, ${used}, created ${key.createdAt.toISOString()}  ${key.label}`);
  }
  return 0;
}

async function revoke(database: Database, which: string): Promise<number> {
  const byId = fromGlobalId(which);
  const matches = await onPrimary(database.dataSource, (manager) =>
    manager.getRepository(ApiKey).findBy(byId?.type === "ApiKey" ? { id: byId.id } : { keyPrefix: which.replace(/…$/, "") }),
  );
  if (matches.length !== 1) {
    console.error(matches.length === 0 ? `no key with the id or prefix "${which}"` : `${matches.length} keys start with "${which}": give the id`);
    return 1;
  }
  const { result } = await auditedTransaction(database.dataSource, { kind: "CLI" }, "revokeApiKey", (manager) => apiKeyService.revoke(manager, matches[0]?.id ?? ""));
  const view = result && ApiKeyView.of(result);
  console.log(`revoked key "${view?.label}" (id ${view?.id}) at ${view?.revokedAt?.toISOString()}`);
  return 0;
}
