/**
 * Fair use of the database (src/serving/admission.ts), with no database: each client runs at
 * most its share of statements at once, the rest wait their turn in order; one client's flood
 * is refused for that client alone; past the bound of statements waiting for a connection the
 * gateway sheds load at once; nothing is kept once every statement is done. And the statement
 * budget of a request.
 */
import { DatabaseAdmission, OverloadedError, RequestBudget, StatementBudgetError } from "../src/serving/admission";

/** A statement that runs until its `finish` is called. */
function held(): { promise: Promise<void>; finish: () => void } {
  let finish = () => {};
  const promise = new Promise<void>((resolve) => (finish = resolve));
  return { promise, finish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("DatabaseAdmission", () => {
  it("runs at most `perClient` statements of one client at once, the others in the order they came; other clients are not held up", async () => {
    const admission = new DatabaseAdmission({ perClient: 2, queuedPerClient: 10, waiting: 100 });
    const started: string[] = [];
    const statements = ["a1", "a2", "a3", "a4"].map((name) => ({ name, ...held() }));
    const done = statements.map(({ name, promise }) =>
      admission.run("a", async (connected) => {
        connected();
        started.push(name);
        await promise;
      }),
    );
    await tick();
    expect(started).toEqual(["a1", "a2"]);
    // Another client runs at once, whatever "a" has waiting.
    await admission.run("b", async (connected) => {
      connected();
      started.push("b1");
    });
    expect(started).toEqual(["a1", "a2", "b1"]);
    statements[1]?.finish();
    await tick();
    expect(started).toEqual(["a1", "a2", "b1", "a3"]);
    for (const statement of statements) statement.finish();
    await Promise.all(done);
    expect(started).toEqual(["a1", "a2", "b1", "a3", "a4"]);
    expect(admission.clientsNow).toBe(0);
    expect(admission.waitingNow).toBe(0);
  });

  it("refuses a client's statement past its queue (OVERLOADED), and no other client's", async () => {
    const admission = new DatabaseAdmission({ perClient: 1, queuedPerClient: 2, waiting: 100 });
    const first = held();
    const running = admission.run("flood", async (connected) => {
      connected();
      await first.promise;
    });
    const queued = [admission.run("flood", async () => {}), admission.run("flood", async () => {})];
    await expect(admission.run("flood", async () => {})).rejects.toBeInstanceOf(OverloadedError);
    await expect(admission.run("other", async () => "answered")).resolves.toBe("answered");
    first.finish();
    await Promise.all([running, ...queued]);
    expect(admission.clientsNow).toBe(0);
  });

  it("sheds load at once past the bound of statements waiting for a connection, with 503 and Retry-After", async () => {
    const admission = new DatabaseAdmission({ perClient: 5, queuedPerClient: 10, waiting: 2 });
    const pool = held();
    // Two statements of two clients wait for a connection (they never call connected()).
    const waiting = [admission.run("a", () => pool.promise), admission.run("b", () => pool.promise)];
    await tick();
    expect(admission.waitingNow).toBe(2);
    const refused = await admission.run("c", async () => {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OverloadedError);
    expect((refused as OverloadedError).extensions).toMatchObject({ code: "OVERLOADED", retryAfterSeconds: 2, http: { status: 503 } });
    expect((refused as OverloadedError).message).toMatch(/overloaded/);
    pool.finish();
    await Promise.all(waiting);
    expect(admission.waitingNow).toBe(0);
    await expect(admission.run("c", async () => "answered")).resolves.toBe("answered");
  });

  it("gives a turn back when the statement fails", async () => {
    const admission = new DatabaseAdmission({ perClient: 1, queuedPerClient: 10, waiting: 10 });
    await expect(admission.run("a", async () => Promise.reject(new Error("refused by the database")))).rejects.toThrow("refused by the database");
    await expect(admission.run("a", async () => "next")).resolves.toBe("next");
    expect(admission.clientsNow).toBe(0);
    expect(admission.waitingNow).toBe(0);
  });
});

describe("RequestBudget", () => {
  it("refuses the statement past its budget, and sets statements aside for whole operations", () => {
    const budget = new RequestBudget(3);
    expect(budget.foresee(2)).toBe(true);
    expect(budget.foresee(2)).toBe(false);
    expect(budget.foresee(1)).toBe(true);
    budget.spendStatement();
    budget.spendStatement();
    budget.spendStatement();
    expect(() => budget.spendStatement()).toThrow(StatementBudgetError);
  });
});
