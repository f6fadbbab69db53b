/**
 * A request's loaders (src/graphql/read/loaders.ts): every relation has its loader, each feature's loaders
 * are made on the request's first use of one and then kept for the request, no two requests
 * share one, and `clearAll` (after a write) makes them read the database again.
 */
import { createContext } from "../../src/graphql/context";
import { Person } from "../../src/people/person.entity";
import { ESSAY_BUNDLE, openTestApi, type TestApi } from "../support/api";
import { silentLogger } from "../support/test-database";
import { FEATURES } from "../../src/features";

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi(ESSAY_BUNDLE);
});

afterAll(async () => {
  await api?.close();
});

const newContext = () => createContext(api.db.dataSource, silentLogger, FEATURES);

describe("a request's loaders", () => {
  it("have a loader for the name of every relation a prefetch primes", () => {
    const { loaders } = newContext();
    const names = [...FEATURES.relations.values()].flatMap((relations) => Object.values(relations).map((relation) => relation.loader));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect({ name, loads: typeof (loaders as unknown as Record<string, { load?: unknown }>)[name]?.load }).toEqual({ name, loads: "function" });
  });

  it("are made once per request, and never shared between requests", () => {
    const first = newContext().loaders;
    const second = newContext().loaders;
    expect(first.personById).toBe(first.personById);
    expect(first.careerStepsByPersonId).toBe(first.careerStepsByPersonId);
    expect(second.personById).not.toBe(first.personById);
  });

  it("answer from what they hold until clearAll, then from the database", async () => {
    const { loaders } = newContext();
    const [stored] = await api.db.dataSource.getRepository(Person).find({ where: { slug: "jigar-bhati" } });
    if (!stored) throw new Error("the essay's narrator is missing");
    const stale = Object.assign(new Person(), { ...stored, name: "A name from before a write" });
    loaders.personById.prime(stored.id, stale);
    expect(await loaders.personById.get(stored.id)).toBe(stale);

    loaders.clearAll();
    const fresh = await loaders.personById.get(stored.id);
    expect(fresh).not.toBe(stale);
    expect(fresh?.name).toBe(stored.name);
  });

  it("answer a primed row at once to get, and to load without a statement; clear(key) forgets it", async () => {
    const { loaders, sqlStats } = newContext();
    const [stored] = await api.db.dataSource.getRepository(Person).find({ where: { slug: "jigar-bhati" } });
    if (!stored) throw new Error("the essay's narrator is missing");
    const primed = Object.assign(new Person(), { ...stored, name: "Primed" });
    loaders.personById.prime(stored.id, primed);
    expect(loaders.personById.get(stored.id)).toBe(primed);
    expect(await loaders.personById.load(stored.id)).toBe(primed);
    expect(await loaders.personById.loadMany([stored.id])).toEqual([primed]);
    expect(sqlStats.statements).toBe(0);

    loaders.personById.clear(stored.id);
    expect((await loaders.personById.load(stored.id))?.name).toBe(stored.name);
    expect(sqlStats.statements).toBe(1);
  });
});
