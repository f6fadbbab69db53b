import { BadUserInputError } from "../errors";
import { unstorableTextProblem } from "../domain/storable-text";
import { isIsoDay } from "../domain/edtf";

/** A position in one ordered list: the values of its sort key. */
export type CursorKey = Array<string | number>;

/**
 * What each value of a cursor's key must be, as the column it is compared with holds it: checked
 * before the key reaches SQL, so that a forged cursor is bad input, never a value PostgreSQL
 * refuses (a 32-bit integer past 2^31, a `real` past 3.4e38).
 */
export type CursorValueShape = "string" | "int4" | "float4" | "uuid" | "date";

/** The largest magnitude a PostgreSQL `real` holds. */
const FLOAT4_MAX = 3.4028234663852886e38;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A kind of cursor: the name of the list order it belongs to and the shape of its key.
 * Cursors are opaque to clients: base64url of JSON `[list, ...key]`. A cursor of another
 * list, or anything that is not a cursor, is BAD_USER_INPUT naming the argument.
 */
export class CursorCodec {
  constructor(
    readonly list: string,
    private readonly shape: readonly CursorValueShape[],
  ) {}

  encode(key: CursorKey): string {
    return Buffer.from(JSON.stringify([this.list, ...key]), "utf8").toString("base64url");
  }

  decode(cursor: string, argumentPath = "after"): CursorKey {
    const invalid = () => new BadUserInputError(`${argumentPath}: not a cursor of this list`, argumentPath);
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw invalid();
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    } catch {
      throw invalid();
    }
    if (!Array.isArray(decoded) || decoded[0] !== this.list || decoded.length !== this.shape.length + 1) throw invalid();
    const key = decoded.slice(1) as unknown[];
    if (!key.every((value, i) => fits(value, this.shape[i] ?? "string"))) throw invalid();
    return key as CursorKey;
  }
}

function fits(value: unknown, shape: CursorValueShape): boolean {
  switch (shape) {
    case "int4":
      return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31;
    case "float4":
      return typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= FLOAT4_MAX;
    case "date":
      // A `date` column's value: a day on the calendar, or PostgreSQL's infinity.
      return typeof value === "string" && (value === "infinity" || isIsoDay(value));
    case "uuid":
      return typeof value === "string" && UUID.test(value);
    case "string":
      // A key that reaches SQL: a NUL in it would fail the statement.
      return typeof value === "string" && unstorableTextProblem(value) === null;
  }
}
