import { type FormattedExecutionResult } from "graphql";

/**
 * A result's `data` as JSON text that PostgreSQL wrote (a trusted operation's one statement,
 * graphql/json/): Apollo's answer is written with it as it is, never parsed and serialised again
 * ({@link stringifyResult}). Whatever reads it as a value instead (the response cache, a test
 * through `executeOperation`) gets it parsed, through `toJSON`.
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * Apollo's `stringifyResult`: its own (`JSON.stringify` and a newline, keys in the order errors,
 * data, extensions), but `data` that is already JSON text goes in as it is.
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  const { data, ...rest } = result;
  if (!(data instanceof JsonText) || rest.errors !== undefined) return `${JSON.stringify(result)}\n`;
  const others = JSON.stringify(rest);
  return `{"data":${data.text}${others === "{}" ? "}" : `,${others.slice(1)}`}\n`;
}
