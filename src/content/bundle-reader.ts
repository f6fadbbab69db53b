import { readFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument, visit } from "yaml";
import { type BundleBodyReader } from "./prepare-bundle";
import { formatPath, ProblemList } from "../domain/problems";

export type BundleFormat = "YAML" | "JSON";

/** A bundle's parsed data before validation, with where its body file is read from. */
export interface RawBundle {
  file: string;
  data: unknown;
  readBody: BundleBodyReader;
}

/**
 * How deep a bundle's data may nest. A bundle is three levels deep (`quotes[3].topics[0]`); what
 * nests deeper is no bundle, and checking it would recurse as deep.
 */
export const MAX_BUNDLE_DEPTH = 16;

/** Parses YAML or JSON text; syntax errors are reported with their line. Data nested past MAX_BUNDLE_DEPTH is refused at the path where it does. */
export function parseBundleText(text: string, format: BundleFormat, problems: ProblemList): unknown {
  const data = format === "JSON" ? parseJson(text, problems) : parseYaml(text, problems);
  if (data === undefined) return undefined;
  const tooDeep = pathPastDepth(data, MAX_BUNDLE_DEPTH);
  if (tooDeep === null) return data;
  problems.error(formatPath(tooDeep), `nests deeper than ${MAX_BUNDLE_DEPTH} levels; a bundle is a few levels deep (quotes[3].topics[0])`);
  return undefined;
}

function parseJson(text: string, problems: ProblemList): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.error("", `not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

function parseYaml(text: string, problems: ProblemList): unknown {
  // A bundle is JSON-shaped: YAML 1.1's !!binary, !!set and !!timestamp would make Buffers, Sets
  // and Dates that no check expects, so their tags are left unresolved (the values stay text).
  // Keys are checked for repeats below, in one pass: the library's own check (uniqueKeys)
  // compares each key with every key before it (20,000 keys took 8.5 s on the event loop).
  const lines = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: true, resolveKnownTags: false, lineCounter: lines });
  for (const error of document.errors) {
    const line = error.linePos?.[0];
    // Not a path in the bundle (there is none yet): the place goes in the message.
    problems.error("", `not valid YAML${line ? ` at line ${line.line}, column ${line.col}` : ""}: ${error.message.split("\n")[0]}`);
  }
  if (document.errors.length > 0) return undefined;
  const repeated = firstRepeatedKey(document, lines);
  if (repeated !== null) {
    problems.error("", `not valid YAML at line ${repeated.line}, column ${repeated.col}: the key ${JSON.stringify(repeated.key)} is repeated in its mapping (map keys must be unique)`);
    return undefined;
  }
  try {
    return document.toJS() as unknown;
  } catch (error) {
    // Aliases are resolved only now: one to no anchor, or so many that they would exhaust memory.
    problems.error("", `not valid YAML: ${(error as Error).message}`);
    return undefined;
  }
}

/** The first key a mapping of the document holds twice, with where it stands; null when none is. Linear in the keys. */
function firstRepeatedKey(document: ReturnType<typeof parseDocument>, lines: LineCounter): { key: string; line: number; col: number } | null {
  let found: { key: string; line: number; col: number } | null = null;
  visit(document, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<string>();
      for (const pair of map.items) {
        // A bundle's keys are plain scalars; any other key (a mapping as key) is left to the shape check.
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        const position = lines.linePos(pair.key.range?.[0] ?? 0);
        found = { key, line: position.line, col: position.col };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The path of the first value nested deeper than `max` (arrays and objects), or null; walked without recursion. */
function pathPastDepth(data: unknown, max: number): PropertyKey[] | null {
  const pending: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: data, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop() as { value: unknown; path: PropertyKey[] };
    if (value === null || typeof value !== "object") continue;
    if (path.length >= max) return path;
    const members: Array<[PropertyKey, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [key, member] of members) pending.push({ value: member, path: [...path, key] });
  }
  return null;
}

/** The format a file name implies: `.json` is JSON, `.yaml`/`.yml` YAML. */
export function formatOfFile(file: string): BundleFormat | null {
  const extension = extname(file).toLowerCase();
  if (extension === ".json") return "JSON";
  if (extension === ".yaml" || extension === ".yml") return "YAML";
  return null;
}

/** Reads one bundle file; `bodyFile` is then read relative to it. */
export async function readBundleFile(file: string, problems: ProblemList): Promise<RawBundle | null> {
  const format = formatOfFile(file);
  if (format === null) {
    problems.error("", "a bundle is a .yaml, .yml or .json file");
    return null;
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    problems.error("", `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return null;
  }
  const data = parseBundleText(text, format, problems);
  if (data === undefined) return null;
  const directory = dirname(resolve(file));
  return { file, data, readBody: (name) => readUtf8File(resolve(directory, name)) };
}

/** Reads a text file, refusing bytes that are not UTF-8 (they would be silently replaced). */
async function readUtf8File(path: string): Promise<string> {
  const bytes = await readFile(path);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Error("the file is not valid UTF-8");
  }
}
