/**
 * One plan per operation of a parsed document (src/apollo/operation-plan.ts): each part made
 * once, on first use, by the module that declares it; another document, operation or schema has
 * a plan of its own.
 */
import { buildSchema, parse } from "graphql";
import { operationPlan, planPart } from "../../src/apollo/operation-plan";

const schema = buildSchema("type Query { a: Int }");
const other = buildSchema("type Query { b: Int }");

it("makes each part of an operation's plan once and keeps it while the document lives", () => {
  const document = parse("query A { a } query B { a }");
  const part = planPart<{ made: number }>("test part");
  let made = 0;
  const make = () => ({ made: ++made });
  const first = operationPlan(schema, document, "A").part(part, make);
  expect(operationPlan(schema, document, "A").part(part, make)).toBe(first);
  expect(made).toBe(1);
  expect(operationPlan(schema, document, "B").part(part, make)).toEqual({ made: 2 });
  expect(operationPlan(schema, parse("query A { a }"), "A").part(part, make)).toEqual({ made: 3 });
  expect(operationPlan(other, document, "A").part(part, make)).toEqual({ made: 4 });
});

it("keeps parts apart: two parts of one plan are made separately, even of the same name", () => {
  const document = parse("{ a }");
  const plan = operationPlan(schema, document, null);
  expect(plan.part(planPart<string>("x"), () => "first")).toBe("first");
  expect(plan.part(planPart<string>("x"), () => "second")).toBe("second");
  expect(operationPlan(schema, document, undefined)).toBe(plan);
});

it("keeps a part whose value is undefined or null without making it again", () => {
  const plan = operationPlan(schema, parse("{ a }"), "");
  const part = planPart<null>("nothing");
  let made = 0;
  plan.part(part, () => (made++, null));
  plan.part(part, () => (made++, null));
  expect(made).toBe(1);
});
