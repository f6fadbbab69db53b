import { GraphQLError } from "graphql";

/** The codes every GraphQL error carries in `extensions.code` (design.md, Errors). */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  NOT_FOUND = "NOT_FOUND",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX",
  PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

/** One thing wrong with the arguments: where (`filter.speakers`) and what. */
export interface InputProblem {
  argumentPath: string;
  message: string;
}

/**
 * Bad input: says what is wrong and which argument (path) is at fault. When several arguments
 * are wrong, `problems` lists them all and `argumentPath` names the first.
 */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, argumentPath: string, problems: InputProblem[] = [{ argumentPath, message }]) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, argumentPath, problems } });
  }

  /** One error for every problem found (at least one). */
  static of(problems: [InputProblem, ...InputProblem[]]): BadUserInputError {
    const message = problems.map((problem) => problem.message).join("; ");
    return new BadUserInputError(message, problems[0].argumentPath, problems);
  }
}

/** Something asked for by key does not exist. */
export class NotFoundError extends GraphQLError {
  constructor(type: string, key: string) {
    super(`${type} "${key}" not found`, { extensions: { code: ErrorCode.NOT_FOUND, type, key } });
  }
}
