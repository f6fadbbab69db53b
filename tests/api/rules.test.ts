/**
 * The content rules of src/domain/rules.ts are held in three places: the API's inputs
 * (class-validator decorators of graphql/input-rules.ts on the input classes), the bundles (zod,
 * content/bundle.schema.ts) and the database (the CHECK constraints the migrations created).
 * This file feeds one table of examples to all three and proves that they give the same verdict
 * on each (and the verdict the table expects), so a change to any one of them (another regex in
 * zod, a check rewritten in a migration, a decorator dropped) fails here:
 * - slugs: the three agree exactly;
 * - names: the API and the bundles agree exactly, counting characters as code points; the
 *   database refuses the same blank names and leaves the length to them;
 * - passages (evidence, a quote's text): the API and the bundles agree on the same limit;
 * - URLs: the API and the bundles agree exactly; the database checks the scheme only, and never
 *   refuses a URL the API accepts.
 * Each refusal is checked to come from the rule under test (the examined field, the named
 * constraint), not from something else wrong with the row.
 * And the one parser of the Authorization header (api-keys/auth.ts, authenticate) on a few
 * headers.
 */
import { validate } from "class-validator";
import { QueryFailedError } from "typeorm";
import { type z } from "zod";
import { authenticate } from "../../src/api-keys/auth";
import { UpsertCompanyInput } from "../../src/companies/company.inputs";
import { AddCareerStepInput } from "../../src/career-steps/career-step.inputs";
import { careerStepSchema, companySchema, personSchema } from "../../src/content/bundle.schema";
import { MAX_NAME_LENGTH, MAX_PASSAGE_LENGTH } from "../../src/domain/rules";
import { UnauthenticatedError } from "../../src/errors";
import { UpsertPersonInput } from "../../src/people/person.inputs";
import { ApiKeyRole, createKey, type TestKey } from "../support/keys";
import { type TestDatabase, openTestDatabase } from "../support/test-database";

let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db.close();
});

/** How a test's title shows an example: long ones by their length. */
function shown(value: string): string {
  return value.length > 40 ? `${value.length} characters` : JSON.stringify(value);
}

/** A value, and whether the rule accepts it. */
type Example = [value: string, accepted: boolean];

/** Whether class-validator accepts `input` as the API validates it (graphql/validation.ts); a refusal must be about `field` only. */
async function classValidatorAccepts(input: object, field: string): Promise<boolean> {
  const errors = await validate(input, { forbidUnknownValues: false });
  expect(errors.map((error) => error.property)).toEqual(errors.length === 0 ? [] : [field]);
  return errors.length === 0;
}

/** Whether `schema` accepts `value`; a refusal must be about `field` only. */
function zodAccepts(schema: z.ZodType, value: unknown, field: string): boolean {
  const result = schema.safeParse(value);
  if (result.success) return true;
  expect(result.error.issues.map((issue) => issue.path.join("."))).toEqual(result.error.issues.map(() => field));
  return false;
}

/**
 * Whether the database takes the row that `sql` writes, in a transaction rolled back afterwards;
 * a refusal must come from `constraint`, any other error fails the test.
 */
async function databaseAccepts(sql: string, parameters: unknown[], constraint: string): Promise<boolean> {
  const runner = db.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.query(sql, parameters);
    return true;
  } catch (error) {
    if (error instanceof QueryFailedError && (error as QueryFailedError & { driverError: { constraint?: string } }).driverError.constraint === constraint) return false;
    throw error;
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

const insertPerson = `insert into people (slug, name) values ($1, $2)`;
const insertCompany = `insert into companies (slug, name, website) values ($1, $2, $3)`;

describe("slugs", () => {
  const SLUGS: Example[] = [
    ["ada", true],
    ["ada-lovelace", true],
    ["a1-b2", true],
    ["Ada", false],
    ["ada--lovelace", false],
    ["-ada", false],
    ["ada-", false],
    ["ada lovelace", false],
    ["", false],
    // A Latin ä and a Cyrillic а: lowercase letters, but not a to z.
    ["\u00e4d\u0430", false],
  ];

  it.each(SLUGS)("%j: the API, the bundles and the database all say %s", async (slug, accepted) => {
    const verdicts = {
      api: await classValidatorAccepts(Object.assign(new UpsertPersonInput(), { slug, name: "Ada Lovelace" }), "slug"),
      bundles: zodAccepts(personSchema, { slug, name: "Ada Lovelace" }, "slug"),
      database: await databaseAccepts(insertPerson, [slug, "Ada Lovelace"], "people_slug_format"),
    };
    expect(verdicts).toEqual({ api: accepted, bundles: accepted, database: accepted });
  });
});

describe("names", () => {
  // The API and the bundles refuse a blank name and one longer than MAX_NAME_LENGTH. The
  // database's check (people_name_present, db/text-checks.ts) is the floor for writes in raw
  // SQL: it refuses the empty and blank ones, blank by the same white space; the length is the
  // API's and the bundles' rule.
  const NAMES: Array<[...Example, databaseAccepts: boolean]> = [
    ["", false, false],
    ["   ", false, false],
    ["\t\n\r", false, false],
    ["\u00a0\u3000\u2003", false, false],
    ["\u2028\ufeff\u202f", false, false],
    // U+0085 (next line) is not white space to JavaScript's trim(): a name, if an odd one, everywhere.
    ["\u0085", true, true],
    [" \u00a0a\t", true, true],
    ["a", true, true],
    ["n".repeat(MAX_NAME_LENGTH), true, true],
    ["n".repeat(MAX_NAME_LENGTH + 1), false, true],
    // Characters as a reader counts them: a mathematical letter is one, not two UTF-16 units.
    ["\u{1D49C}".repeat(MAX_NAME_LENGTH), true, true],
    ["\u{1D49C}".repeat(MAX_NAME_LENGTH + 1), false, true],
  ];

  it.each(NAMES.map(([name, accepted, databaseAccepted]) => [shown(name), accepted, databaseAccepted, name] as const))("%s: the API and the bundles say %s, the database %s", async (_shown, accepted, databaseAccepted, name) => {
    const verdicts = {
      api: await classValidatorAccepts(Object.assign(new UpsertPersonInput(), { slug: "ada", name }), "name"),
      bundles: zodAccepts(personSchema, { slug: "ada", name }, "name"),
      database: await databaseAccepts(insertPerson, ["ada", name], "people_name_present"),
    };
    expect(verdicts).toEqual({ api: accepted, bundles: accepted, database: databaseAccepted });
  });

  it("uses the limit of 300 characters", () => {
    expect(MAX_NAME_LENGTH).toBe(300);
  });
});

describe("passages", () => {
  // A quote's text and a step's evidence: the same count, the same limit in the API and the bundles.
  const PASSAGES: Example[] = [
    ["p".repeat(MAX_NAME_LENGTH + 1), true],
    ["p".repeat(MAX_PASSAGE_LENGTH), true],
    ["p".repeat(MAX_PASSAGE_LENGTH + 1), false],
    [" \n ", false],
  ];

  it.each(PASSAGES.map(([evidence, accepted]) => [shown(evidence), accepted, evidence] as const))("evidence of %s: the API and the bundles say %s", async (_shown, accepted, evidence) => {
    const step = { person: "ada", company: "acme", source: "essay", evidence };
    const verdicts = {
      api: await classValidatorAccepts(Object.assign(new AddCareerStepInput(), step), "evidence"),
      bundles: zodAccepts(careerStepSchema, { person: "ada", company: "acme", evidence }, "evidence"),
    };
    expect(verdicts).toEqual({ api: accepted, bundles: accepted });
  });

  it("limits passages to 10,000 characters", () => {
    expect(MAX_PASSAGE_LENGTH).toBe(10_000);
  });
});

describe("URLs", () => {
  // The API and the bundles take an absolute http(s) URL that parses, its scheme in lower case,
  // without white space. The database's check (companies_website_http: website ~ '^https?://')
  // looks at the scheme only: it refuses every URL whose scheme is not a lower-case http or
  // https, and takes every URL the API takes.
  const URLS: Array<[...Example, databaseAccepts: boolean]> = [
    ["https://example.com", true, true],
    ["http://example.com/a?b=c", true, true],
    ["https://exa%mple.com", false, true],
    ["HTTPS://example.com", false, false],
    ["ftp://example.com", false, false],
    ["https://exa mple.com", false, true],
    ["example.com", false, false],
    ["javascript:alert(1)", false, false],
  ];

  it.each(URLS)("%j: the API and the bundles say %s, the database %s", async (website, accepted, databaseAccepted) => {
    const verdicts = {
      api: await classValidatorAccepts(Object.assign(new UpsertCompanyInput(), { slug: "acme", name: "Acme", website }), "website"),
      bundles: zodAccepts(companySchema, { slug: "acme", name: "Acme", website }, "website"),
      database: await databaseAccepts(insertCompany, ["acme", "Acme", website], "companies_website_http"),
    };
    expect(verdicts).toEqual({ api: accepted, bundles: accepted, database: databaseAccepted });
    // The floor: the database never refuses what the API takes, and refuses every other scheme.
    if (accepted) expect(databaseAccepted).toBe(true);
    expect(databaseAccepted).toBe(/^https?:\/\//.test(website));
  });
});

describe("the Authorization header (authenticate, its one parser)", () => {
  let key: TestKey;

  beforeAll(async () => {
    key = await createKey(db.dataSource, ApiKeyRole.EDITOR);
  });

  /** What authenticate makes of `header`: the key's viewer, a malformed header, or a well-formed one naming no key. */
  async function outcome(header: string): Promise<"viewer" | "malformed" | "unknown key"> {
    try {
      expect(await authenticate(db.dataSource, header)).toEqual(key.viewer);
      return "viewer";
    } catch (error) {
      if (error instanceof UnauthenticatedError && error.message === "Authorization: expected `Bearer <API key>`") return "malformed";
      if (error instanceof UnauthenticatedError && error.message === "unknown or revoked API key") return "unknown key";
      throw error;
    }
  }

  // The scheme is case-insensitive (RFC 9110) and may be followed by more than one space; a
  // header without a token, or with another scheme, is malformed.
  it.each([
    ["Bearer abc", "unknown key", "viewer"],
    ["bearer abc", "unknown key", "viewer"],
    ["Bearer", "malformed", "malformed"],
    ["Basic abc", "malformed", "malformed"],
    ["Bearer  abc", "unknown key", "viewer"],
  ] as const)("%j: %s, and with a real key for abc: %s", async (header, withAbc, withKey) => {
    expect(await outcome(header)).toBe(withAbc);
    expect(await outcome(header.replace("abc", key.secret))).toBe(withKey);
  });

  it("reads no header, or an empty one, as nobody", async () => {
    expect(await authenticate(db.dataSource, undefined)).toBeNull();
    expect(await authenticate(db.dataSource, "")).toBeNull();
  });
});
