/**
 * The import's pairing of stored rows with wanted ones (src/content/pairing.ts): what keeps its
 * id, what changes, what goes and what comes. Pure: no database.
 */
import { changed, diffLinks, pairUp, type Row } from "../../src/content/pairing";

const byPerson = (row: Row) => String(row.person);
const stored = (id: string, person: string, title: string | null) => ({ id, person, title });
const wanted = (person: string, title: string | null) => ({ person, title });

describe("pairUp", () => {
  it("pairs identical rows first, whatever their order, so a re-import changes nothing", () => {
    const rows = [stored("a", "ada", "Engineer"), stored("b", "ada", "Manager")];
    const { pairs, toInsert, toRemove } = pairUp(rows, [wanted("ada", "Manager"), wanted("ada", "Engineer")], ["person", "title"], byPerson);
    expect(pairs.map(([from, to]) => [from.id, to.title])).toEqual([
      ["b", "Manager"],
      ["a", "Engineer"],
    ]);
    expect(pairs.every(([from, to]) => changed(from, to, ["person", "title"]).length === 0)).toBe(true);
    expect({ toInsert, toRemove }).toEqual({ toInsert: [], toRemove: [] });
  });

  it("then pairs rows of the same key in order: a corrected title keeps the step's id", () => {
    const { pairs, toInsert, toRemove } = pairUp([stored("a", "ada", "Enginer")], [wanted("ada", "Engineer")], ["person", "title"], byPerson);
    expect(pairs.map(([from, to]) => [from.id, changed(from, to, ["person", "title"])])).toEqual([["a", ["title"]]]);
    expect({ toInsert, toRemove }).toEqual({ toInsert: [], toRemove: [] });
  });

  it("removes stored rows nothing pairs with and inserts wanted rows nothing pairs with", () => {
    const { pairs, toInsert, toRemove } = pairUp([stored("a", "ada", null), stored("b", "bob", null)], [wanted("bob", null), wanted("cy", null)], ["person", "title"], byPerson);
    expect(pairs.map(([from]) => from.id)).toEqual(["b"]);
    expect(toInsert).toEqual([wanted("cy", null)]);
    expect(toRemove.map((row) => row.id)).toEqual(["a"]);
  });

  it("never pairs one stored row twice: two wanted twins of one stored row make one pair and one insert", () => {
    const { pairs, toInsert } = pairUp([stored("a", "ada", "Engineer")], [wanted("ada", "Engineer"), wanted("ada", "Engineer")], ["person", "title"], byPerson);
    expect(pairs).toHaveLength(1);
    expect(toInsert).toEqual([wanted("ada", "Engineer")]);
  });

  it("pairs by key alone without columns (a quote is its span)", () => {
    const span = (row: Row) => `${String(row.start)}:${String(row.end)}`;
    const { pairs, toInsert, toRemove } = pairUp([{ id: "q", start: 1, end: 5, text: "old" }], [{ start: 1, end: 5, text: "new" }], [], span);
    expect(pairs.map(([from, to]) => [from.id, to.text])).toEqual([["q", "new"]]);
    expect({ toInsert, toRemove }).toEqual({ toInsert: [], toRemove: [] });
  });
});

describe("changed", () => {
  it("names the columns that differ, null and missing alike, arrays and dates by value", () => {
    expect(changed({ title: null, tags: ["a"], start: "2016-01-01" }, { tags: ["a"], start: "2016-01-01" }, ["title", "tags", "start"])).toEqual([]);
    expect(changed({ title: "A", tags: ["a"] }, { title: "B", tags: ["a", "b"] }, ["title", "tags"])).toEqual(["title", "tags"]);
  });
});

describe("diffLinks", () => {
  it("adds the wanted ids not stored and drops the stored ids not wanted", () => {
    expect(diffLinks("q", ["t1", "t2"], ["t2", "t3"])).toEqual({ add: [["q", "t3"]], drop: [["q", "t1"]] });
    expect(diffLinks("q", ["t1"], ["t1"])).toEqual({ add: [], drop: [] });
  });
});
