/**
 * Fair use of the database (src/db/admission.ts), with no database: while connections are
 * free anyone takes one; once all are taken, each that comes free goes to the waiting client with
 * the fewest running, so one client's flood cannot starve the others; what waits is bounded per
 * client (refused for that client alone) and in all; nothing is kept once every turn is done.
 * And the statement budget of a request.
 */
import { type AdmissionEntry, DatabaseAdmission, OverloadedError, RequestBudget, StatementBudgetError } from "../../src/db/admission";

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Asks for a turn and records, under `name`, when it is given. */
function ask(admission: DatabaseAdmission, client: string, name: string, given: string[]): Promise<AdmissionEntry> {
  return admission.enter(client).then((entry) => {
    given.push(name);
    return entry;
  });
}

describe("DatabaseAdmission", () => {
  it("lets a client take connections at once up to its share, half of them: the rest stay free for others", async () => {
    const admission = new DatabaseAdmission({ capacity: 4, queuedPerClient: 10, waiting: 10 });
    const given: string[] = [];
    const entries = await Promise.all(["a1", "a2"].map((name) => ask(admission, "a", name, given)));
    const third = ask(admission, "a", "a3", given);
    await tick();
    expect(given).toEqual(["a1", "a2"]);
    // Another client finds connections free at once.
    const others = await Promise.all([ask(admission, "b", "b1", given), ask(admission, "c", "c1", given)]);
    expect(given).toEqual(["a1", "a2", "b1", "c1"]);
    entries[0]?.leave();
    const a3 = await third;
    expect(given.at(-1)).toBe("a3");
    for (const entry of [...entries.slice(1), a3, ...others]) entry.leave();
    expect(admission.clientsNow).toBe(0);
  });

  it("gives each connection that comes free to the waiting client with the fewest running: a flood does not starve the others", async () => {
    const admission = new DatabaseAdmission({ capacity: 2, perClient: 2, queuedPerClient: 100, waiting: 100 });
    const given: string[] = [];
    // Every turn is held until the test lets the oldest one go.
    const held: AdmissionEntry[] = [];
    const take = (client: string, name: string) => ask(admission, client, name, given).then((entry) => void held.push(entry));
    const letOneGo = async () => {
      held.shift()?.leave();
      await tick();
    };
    const all = [take("flood", "f1"), take("flood", "f2")];
    await tick();
    // The flood queues ten more; then two other clients ask, after it.
    for (let i = 3; i <= 12; i += 1) all.push(take("flood", `f${i}`));
    all.push(take("b", "b1"), take("c", "c1"));
    await tick();
    expect(admission.waitingNow).toBe(12);
    await letOneGo(); // f1: the flood runs one, b none: b's turn.
    expect(given.at(-1)).toBe("b1");
    await letOneGo(); // f2: the flood and c run none; the flood waited longest.
    expect(given.at(-1)).toBe("f3");
    await letOneGo(); // b1: c runs none, the flood one: c's turn.
    expect(given.at(-1)).toBe("c1");
    while (held.length > 0) await letOneGo();
    await Promise.all(all);
    expect(given.filter((name) => name.startsWith("f"))).toEqual(Array.from({ length: 12 }, (_, i) => `f${i + 1}`));
    expect(admission.clientsNow).toBe(0);
    expect(admission.waitingNow).toBe(0);
  });

  it("refuses a client's turn past its queue (OVERLOADED), and no other client's", async () => {
    const admission = new DatabaseAdmission({ capacity: 1, queuedPerClient: 2, waiting: 100 });
    const running = await admission.enter("flood");
    const queued = [admission.run("flood", async () => "queued"), admission.run("flood", async () => "queued")];
    const refused = await admission.enter("flood").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OverloadedError);
    expect((refused as OverloadedError).extensions).toMatchObject({ code: "OVERLOADED", retryAfterSeconds: 2, http: { status: 503 } });
    const other = admission.run("other", async () => "answered");
    running.leave();
    expect(await Promise.all([...queued, other])).toEqual(["queued", "queued", "answered"]);
    expect(admission.clientsNow).toBe(0);
  });

  it("sheds load at once past the bound of turns waiting in all", async () => {
    const admission = new DatabaseAdmission({ capacity: 1, queuedPerClient: 10, waiting: 2 });
    const running = await admission.enter("a");
    const waiting = [admission.run("b", async () => "b"), admission.run("c", async () => "c")];
    await tick();
    expect(admission.waitingNow).toBe(2);
    await expect(admission.enter("d")).rejects.toBeInstanceOf(OverloadedError);
    running.leave();
    expect(await Promise.all(waiting)).toEqual(["b", "c"]);
    expect(admission.waitingNow).toBe(0);
    await expect(admission.run("d", async () => "answered")).resolves.toBe("answered");
    expect(admission.clientsNow).toBe(0);
  });

  it("gives a turn back when its work fails, once however often it is left", async () => {
    const admission = new DatabaseAdmission({ capacity: 1, queuedPerClient: 10, waiting: 10 });
    await expect(admission.run("a", async () => Promise.reject(new Error("refused by the database")))).rejects.toThrow("refused by the database");
    const entry = await admission.enter("a");
    entry.leave();
    entry.leave();
    await expect(admission.run("a", async () => "next")).resolves.toBe("next");
    expect(admission.clientsNow).toBe(0);
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
