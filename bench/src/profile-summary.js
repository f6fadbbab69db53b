import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * A summary of a V8 CPU profile (node --cpu-prof) of our gateway under load: the share of its
 * busy time (idle excluded) spent in each package, itself and with what it calls, and the
 * heaviest functions. Enough to tell where a request's CPU goes; open the .cpuprofile in
 * Chrome's DevTools for the whole picture.
 */
const where = (url) => {
  if (!url) return "(native)";
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  if (url.includes("/dist/src/")) return `ours: ${url.split("/dist/src/")[1]}`;
  return url.startsWith("node:") ? url : "(node internals)";
};

export function summariseProfile(profile, top = 15) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const time = new Map();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  let busy = 0;
  const self = new Map();
  const inclusive = new Map();
  const functions = new Map();
  const add = (map, key, t) => map.set(key, (map.get(key) ?? 0) + t);
  for (const [id, t] of time) {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === "(idle)") continue;
    busy += t;
    add(self, frame.functionName === "(garbage collector)" ? "(garbage collector)" : where(frame.url), t);
    add(functions, `${frame.functionName || "(anonymous)"} (${where(frame.url)}:${frame.lineNumber + 1})`, t);
    // A package counts once per sample however deep it recurs.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parents.get(at)) {
      if (nodes.get(at).callFrame.functionName === "(root)") continue;
      const key = where(nodes.get(at).callFrame.url).replace(/^ours: .*/, "ours (any module)");
      // Native frames and the microtask queue sit under nearly everything: they say nothing.
      if (key === "(native)" || key.startsWith("node:internal/process/")) continue;
      if (!seen.has(key)) add(inclusive, key, t), seen.add(key);
    }
  }
  const share = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, t]) => ({ name, percent: (100 * t) / busy }));
  return { busySeconds: busy / 1e6, self: share(self), inclusive: share(inclusive), functions: share(functions) };
}

/** Summarises the one profile written into `directory`. */
export async function summariseProfileDirectory(directory) {
  const file = (await readdir(directory)).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile in ${directory}`);
  return { file: join(directory, file), ...summariseProfile(JSON.parse(await readFile(join(directory, file), "utf8"))) };
}
