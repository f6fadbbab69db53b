import { ArrayMaxSize, IsInt, IsOptional, Matches, Min, ValidateBy, type ValidationOptions } from "class-validator";
import { EdtfError, parseEdtf } from "../domain/edtf";
import { parsePeriod } from "../domain/step-time";
import { httpUrlProblem, MAX_NAME_LENGTH, MAX_PASSAGE_LENGTH, SLUG_PATTERN, SLUG_RULE, textProblem } from "../domain/rules";

export { MAX_NAME_LENGTH, MAX_PASSAGE_LENGTH, SLUG_PATTERN };

export function combine(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => {
    for (const decorator of decorators) decorator(target, property);
  };
}

/** Most slugs one filter field takes: a facet selection, not a bulk export. */
export const MAX_FILTER_SLUGS = 100;

/** Skips the rules when the value is absent (undefined) or null: an optional field. */
export const Optional = () => IsOptional();

/** A slug. */
export const IsSlug = (options: ValidationOptions = {}) =>
  Matches(SLUG_PATTERN, { message: SLUG_RULE, ...options });

/** An optional list of at most `max` slugs. */
export const IsSlugList = (max: number) =>
  combine(IsOptional(), ArrayMaxSize(max, { message: `takes at most ${max} slugs` }), IsSlug({ each: true, message: "each must be a slug: lowercase letters and digits, words joined by single -" }));

/** Text with something in it, at most `max` characters (rules.ts). */
export const IsText = (max = MAX_NAME_LENGTH) =>
  ValidateBy({
    name: "isText",
    validator: {
      validate: (value: unknown) => typeof value === "string" && textProblem(value, max) === null,
      defaultMessage: (args) => (typeof args?.value === "string" ? (textProblem(args.value, max) ?? "expected a text") : "expected a text"),
    },
  });

/** An http(s) URL (rules.ts). */
export const IsHttpUrl = () =>
  ValidateBy({
    name: "isHttpUrl",
    validator: {
      validate: (value: unknown) => typeof value === "string" && httpUrlProblem(value) === null,
      defaultMessage: (args) => (typeof args?.value === "string" ? (httpUrlProblem(args.value) ?? "expected an http(s) URL") : "expected an http(s) URL"),
    },
  });

/** A row version, as a node's `version` gives it. */
export const IsVersion = () => combine(IsInt({ message: "expected a whole number" }), Min(1, { message: "versions start at 1" }));

/** An occurrence: which match of a text repeated in the body (from 1). */
export const IsOccurrence = () => combine(IsInt({ message: "expected a whole number from 1" }), Min(1, { message: "occurrences count from 1" }));

/**
 * An EDTF level-1 date the importer accepts (`2016~`, `2023-05`, `2023-05-10?`); with
 * `allowOpen`, also `..` (a step that goes on).
 */
export function IsFuzzyDate(options: { allowOpen?: boolean } = {}): PropertyDecorator {
  return ValidateBy({
    name: "isFuzzyDate",
    validator: {
      validate: (value: unknown) => typeof value === "string" && ((options.allowOpen === true && value === "..") || edtfProblem(value) === null),
      defaultMessage: (args) =>
        typeof args?.value === "string" ? `"${args.value}" is not a date we can read: ${edtfProblem(args.value) ?? 'an open end ("..") is not allowed here'}` : "expected an EDTF date string",
    },
  });
}

/** A period a `during` argument takes (domain/step-time.ts): `2019`, `2019-03`, `2016/2019`, `2023/..`. */
export const IsPeriod = () =>
  ValidateBy({
    name: "isPeriod",
    validator: {
      validate: (value: unknown) => typeof value === "string" && edtfProblem(value, parsePeriod) === null,
      defaultMessage: (args) => (typeof args?.value === "string" ? (edtfProblem(args.value, parsePeriod) ?? "expected a period") : "expected a period"),
    },
  });

function edtfProblem(value: string, parse: (value: string) => unknown = parseEdtf): string | null {
  try {
    parse(value);
    return null;
  } catch (error) {
    if (error instanceof EdtfError) return error.message;
    throw error;
  }
}
