import { send } from "./clients.js";
import { OPERATIONS } from "./operations/catalog.js";
import { firstDifference } from "./operations/shapes.js";

/** A reference answer with nothing in it would make every comparison vacuous. */
function assertSubstantial(operation, answer) {
  const lists = { timeline: answer?.steps, firstPage: answer?.quotes, deepPage: answer?.quotes, dashboard: answer?.byCompany, search: answer?.quotes, people: answer?.people, during: answer?.steps };
  if (!Array.isArray(lists[operation]) || lists[operation].length === 0) {
    throw new Error(`${operation}: the floor's answer is empty, so it proves nothing: ${JSON.stringify(answer).slice(0, 300)}`);
  }
}

/**
 * Sends every operation once to every server and compares the normalised answers with the
 * floor's (hand-written SQL, the reference). Throws listing every mismatch. Returns, per
 * operation, the size of each server's response and, from our `x-sql-statements` header, how
 * many SQL statements our gateway ran for it.
 *
 * `targets`: [{ key, client, url }]; `reference`: the floor's target, or precomputed answers;
 * `names`: the operations to check (all of them by default).
 */
export async function checkAnswers(targets, fixtures, reference, names = OPERATIONS.map((operation) => operation.name)) {
  const problems = [];
  const answers = {};
  const facts = {};
  for (const name of names) {
    let expected = reference.answers?.[name];
    let floorBytes = null;
    if (expected === undefined) {
      const { body, bytes } = await send(reference.url, reference.client.request(name, fixtures));
      expected = reference.client.normalise(name, body);
      floorBytes = bytes;
    }
    assertSubstantial(name, expected);
    answers[name] = expected;
    facts[name] = { floorBytes, bytes: {}, sqlStatements: {}, answeredBy: {} };
    for (const target of targets) {
      try {
        const { body, bytes } = await send(target.url, target.client.request(name, fixtures));
        facts[name].bytes[target.key] = bytes;
        // Counted on a second request: what every request costs once the first has filled what
        // is kept between requests (our gateway keeps prepared source bodies).
        const { headers } = await send(target.url, target.client.request(name, fixtures));
        const statements = headers.get("x-sql-statements");
        if (statements !== null) facts[name].sqlStatements[target.key] = Number(statements);
        // Who built the answer: a trusted operation's statement (`sql`) or the resolvers.
        facts[name].answeredBy[target.key] = headers.get("x-answered-by");
        const difference = firstDifference(target.client.normalise(name, body), expected);
        if (difference) {
          problems.push(`${name}: ${target.key} differs from the floor at ${difference.path}: ${JSON.stringify(difference.left)?.slice(0, 300)} vs ${JSON.stringify(difference.right)?.slice(0, 300)}`);
        }
      } catch (error) {
        problems.push(`${name}: ${target.key} failed: ${error.message}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`the servers do not return the same data:\n  ${problems.join("\n  ")}`);
  return { answers, facts };
}
