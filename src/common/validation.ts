import { validate, type ValidationError } from "class-validator";
import { BadUserInputError, type InputProblem } from "../errors";

/**
 * TypeGraphQL's `validateFn`: checks argument objects (`@ArgsType` classes and the input types
 * inside them) with their class-validator rules, and refuses bad ones as BAD_USER_INPUT with
 * every problem and its argument path (`first`, `filter.search`, `ids[3]`).
 *
 * Resolvers take their arguments as `@ArgsType` classes, so the paths start at the argument's
 * own name.
 */
export async function validateArguments(value: unknown): Promise<void> {
  if (value === null || typeof value !== "object") return;
  const errors = await validate(value, { forbidUnknownValues: false });
  const problems = errors.flatMap((error) => problemsOf(error, ""));
  const [first, ...rest] = problems;
  if (first) throw BadUserInputError.of([first, ...rest]);
}

function problemsOf(error: ValidationError, parent: string): InputProblem[] {
  const path = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent === "" ? error.property : `${parent}.${error.property}`;
  const own = Object.values(error.constraints ?? {}).map((message) => ({ argumentPath: path, message: `${path}: ${message}` }));
  return [...own, ...(error.children ?? []).flatMap((child) => problemsOf(child, path))];
}
