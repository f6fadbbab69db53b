import { validate, type ValidationError } from "class-validator";
import { getNamedType, type GraphQLResolveInfo } from "graphql";
import { BadUserInputError, type InputProblem } from "../errors";
import { formatPath } from "../domain/problems";
import { findUnstorableText } from "../domain/storable-text";

/**
 * TypeGraphQL's `validateFn`: checks argument objects (`@ArgsType` classes, and input types
 * such as a mutation's `input`) with their class-validator rules, and refuses bad ones as
 * BAD_USER_INPUT with every problem and its argument path (`first`, `filter.search`,
 * `input.text`, `ids[3]`).
 *
 * Every string in them must be text the database can store as sent (see storable-text.ts).
 *
 * An `@ArgsType` class holds the arguments themselves, so its paths start at an argument's name;
 * an input type is one argument, whose name is found in the field's definition by the input
 * type's name (input classes are named as their GraphQL types); so is a scalar argument
 * (`person(slug:)`), by its type's name, on fields that take one.
 */
export async function validateArguments(value: unknown, type: unknown, resolverData: { info: GraphQLResolveInfo }): Promise<void> {
  const prefix = argumentNameOf(type, resolverData.info);
  const unstorable = findUnstorableText(value).map(({ path, message }) => {
    const argumentPath = formatPath(prefix === "" ? path : [prefix, ...path]);
    return { argumentPath, message: `${argumentPath}: ${message}` };
  });
  const errors = value !== null && typeof value === "object" ? await validate(value, { forbidUnknownValues: false }) : [];
  const problems = [...unstorable, ...errors.flatMap((error) => problemsOf(error, prefix))];
  const [first, ...rest] = problems;
  if (first) throw BadUserInputError.of([first, ...rest]);
}

/** The name of the field argument typed with the input class `type`; "" for an `@ArgsType` class. */
function argumentNameOf(type: unknown, info: GraphQLResolveInfo): string {
  if (typeof type !== "function") return "";
  const field = info.parentType.getFields()[info.fieldName];
  return field?.args.find((arg) => getNamedType(arg.type).name === type.name)?.name ?? "";
}

function problemsOf(error: ValidationError, parent: string): InputProblem[] {
  const path = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent === "" ? error.property : `${parent}.${error.property}`;
  const own = Object.values(error.constraints ?? {}).map((message) => ({ argumentPath: path, message: `${path}: ${message}` }));
  return [...own, ...(error.children ?? []).flatMap((child) => problemsOf(child, path))];
}
