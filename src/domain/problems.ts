/** Something wrong (an error) or worth a look (a warning) in a bundle, located by file and path. */
export interface Problem {
  /** The bundle's file, or the name given to an API bundle. */
  file: string;
  /** Where in the bundle, e.g. `quotes[3].text`; empty for the bundle as a whole. */
  path: string;
  message: string;
}

/** `quotes[3].text` from `["quotes", 3, "text"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
}

/** One line for a person to read: `content/x.yaml: quotes[3].text: not found verbatim in the body`. */
export function formatProblem(problem: Problem): string {
  return [problem.file, problem.path, problem.message].filter((part) => part !== "").join(": ");
}

/** Collects problems for one bundle, so every check can report and the caller sees them all at once. */
export class ProblemList {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];

  constructor(readonly file: string) {}

  error(path: string, message: string): void {
    this.errors.push({ file: this.file, path, message });
  }

  warn(path: string, message: string): void {
    this.warnings.push({ file: this.file, path, message });
  }
}
