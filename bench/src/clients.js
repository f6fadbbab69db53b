import { floorNormalise, floorRequest } from "./operations/floor.js";
import { oursNormalise, oursPersistedRequest, oursRequest } from "./operations/ours.js";
import { postgraphileNormalise, postgraphileRequest } from "./operations/postgraphile.js";

/** How to talk to each kind of server: build an operation's request, normalise its answer. */
export const CLIENTS = {
  ours: { label: "ours", request: oursRequest, normalise: oursNormalise },
  oursPersisted: { label: "ours, by id", request: oursPersistedRequest, normalise: oursNormalise },
  postgraphile: { label: "PostGraphile", request: postgraphileRequest, normalise: postgraphileNormalise },
  floor: { label: "floor", request: floorRequest, normalise: floorNormalise },
};

/** Sends one request of autocannon's shape with fetch; returns the status, headers and parsed body. */
export async function send(baseUrl, request) {
  const response = await fetch(`${baseUrl}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${baseUrl}${request.path}: ${text.slice(0, 1000)}`);
  return { headers: response.headers, body: JSON.parse(text), bytes: Buffer.byteLength(text) };
}
