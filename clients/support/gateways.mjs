/**
 * The gateways the suites share, started on first use, one after the other (with DATABASE_URL
 * the first loads the content into an empty database), and all stopped when the tests end.
 */
import { after } from "node:test";
import { startGateway } from "./gateway.mjs";

const KINDS = {
  /** As it ships: APQ on, any query, CORS for any origin. */
  normal: {},
  /** Trusted documents only: the project's manifest (schema/persisted-query-manifest.json). */
  trusted: { PERSISTED_QUERIES_ONLY: "true" },
};

const started = new Map();
let queue = Promise.resolve();

/**
 * A gateway of this kind, or one with these variables under this name.
 * @param {keyof typeof KINDS | string} name
 * @param {Record<string, string>} [variables]
 */
export function gateway(name, variables = KINDS[name]) {
  if (!variables) throw new Error(`no gateway kind ${name}`);
  if (!started.has(name)) {
    const starting = queue.then(() => startGateway(variables));
    queue = starting.catch(() => undefined);
    started.set(name, starting);
  }
  return started.get(name);
}

/** Stops the gateway of this name now (the others stop at the end). */
export async function stopGateway(name) {
  const starting = started.get(name);
  started.delete(name);
  await (await starting?.catch(() => undefined))?.stop();
}

after(async () => {
  await Promise.all([...started.keys()].map(stopGateway));
});
