import { GraphQLError } from "graphql";

/** The codes every GraphQL error carries in `extensions.code` (README.md, "The read API": Errors). */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  NOT_FOUND = "NOT_FOUND",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  CONFLICT = "CONFLICT",
  QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX",
  PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND",
  /** Too many requests: HTTP 429 with Retry-After. */
  RATE_LIMITED = "RATE_LIMITED",
  /** The database cannot be reached now: retry shortly (HTTP 503). */
  SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE",
  /** The gateway has more work waiting for the database than it takes on: retry shortly (HTTP 503). */
  OVERLOADED = "OVERLOADED",
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

/**
 * No valid API key where one is needed: a missing, unknown, revoked or malformed key. Refused
 * before execution (a bad Authorization header), it is an HTTP 401 with WWW-Authenticate.
 */
export class UnauthenticatedError extends GraphQLError {
  constructor(message: string, options: { beforeExecution?: boolean } = {}) {
    const http = options.beforeExecution ? { http: { status: 401, headers: new Map([["www-authenticate", 'Bearer realm="interview-graph"']]) } } : {};
    super(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, ...http } });
  }
}

/** A valid key without the role the operation needs. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: ErrorCode.FORBIDDEN } });
  }
}

/** Why a write conflicts with the data as it is now. */
export enum ConflictReason {
  /** The client's `expectedVersion` is not the row's version: someone changed it meanwhile. */
  STALE_VERSION = "STALE_VERSION",
  /** The row is still referenced by others, which are named. */
  STILL_REFERENCED = "STILL_REFERENCED",
  /** An audit event cannot be reverted: its rows have changed since, or it was reverted already. */
  CHANGED_SINCE = "CHANGED_SINCE",
  /** The write would duplicate something that exists (a quote at the same span). */
  ALREADY_EXISTS = "ALREADY_EXISTS",
}

/** A write that the data as it is now refuses; nothing was changed. */
export class ConflictError extends GraphQLError {
  constructor(message: string, reason: ConflictReason, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.CONFLICT, reason, ...details } });
  }
}
