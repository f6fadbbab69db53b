import { readFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { parseDocument } from "yaml";
import { type BundleBodyReader } from "./prepare-bundle";
import { ProblemList } from "../common/problems";

export type BundleFormat = "YAML" | "JSON";

/** A bundle's parsed data before validation, with where its body file is read from. */
export interface RawBundle {
  file: string;
  data: unknown;
  readBody: BundleBodyReader;
}

/** Parses YAML or JSON text; syntax errors are reported with their line. */
export function parseBundleText(text: string, format: BundleFormat, problems: ProblemList): unknown {
  if (format === "JSON") {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      problems.error("", `not valid JSON: ${(error as Error).message}`);
      return undefined;
    }
  }
  // A bundle is JSON-shaped: YAML 1.1's !!binary, !!set and !!timestamp would make Buffers, Sets
  // and Dates that no check expects, so their tags are left unresolved (the values stay text).
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true, resolveKnownTags: false });
  for (const error of document.errors) {
    const line = error.linePos?.[0];
    // Not a path in the bundle (there is none yet): the place goes in the message.
    problems.error("", `not valid YAML${line ? ` at line ${line.line}, column ${line.col}` : ""}: ${error.message.split("\n")[0]}`);
  }
  if (document.errors.length > 0) return undefined;
  try {
    return document.toJS() as unknown;
  } catch (error) {
    // Aliases are resolved only now: one to no anchor, or so many that they would exhaust memory.
    problems.error("", `not valid YAML: ${(error as Error).message}`);
    return undefined;
  }
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
