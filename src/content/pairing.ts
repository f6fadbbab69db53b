/**
 * How an import decides what to keep, change, add and remove: stored rows paired with the rows a
 * bundle wants. Pure: no database, no library (tests/unit/pairing.test.ts).
 */

/** A row by column name. */
export type Row = Record<string, unknown>;

/** The columns whose values differ between a stored row and a wanted one (null and missing alike). */
export function changed(stored: object, wanted: object, columns: readonly string[]): string[] {
  const value = (row: object, column: string) => JSON.stringify((row as Row)[column] ?? null);
  return columns.filter((column) => value(stored, column) !== value(wanted, column));
}

/**
 * Pairs stored rows with wanted ones: identical rows first (so a re-import is a no-op whatever
 * the order), then rows of the same key in order. Unpaired stored rows go, unpaired wanted come.
 * With no `columns`, rows pair by key alone.
 */
export function pairUp<S extends Row & { id: string }, W extends Row>(
  stored: S[],
  wanted: W[],
  columns: readonly string[],
  keyOf: (row: Row) => string,
): { pairs: Array<[S, W]>; toInsert: W[]; toRemove: S[] } {
  const free = new Set(stored);
  const pairs: Array<[S, W]> = [];
  const take = (candidates: Map<string, S[]>, key: string): S | undefined => {
    const list = candidates.get(key) ?? [];
    let candidate = list.shift();
    while (candidate && !free.has(candidate)) candidate = list.shift();
    if (candidate) free.delete(candidate);
    return candidate;
  };
  const group = (key: (row: Row) => string) => {
    const groups = new Map<string, S[]>();
    for (const row of stored) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
    return groups;
  };
  const valuesOf = (row: Row) => JSON.stringify(columns.map((column) => row[column] ?? null));
  const twins = group(valuesOf);
  const unpaired: W[] = [];
  for (const row of wanted) {
    const twin = columns.length > 0 ? take(twins, valuesOf(row)) : undefined;
    if (twin) pairs.push([twin, row]);
    else unpaired.push(row);
  }
  const sameKey = group(keyOf);
  const toInsert: W[] = [];
  for (const row of unpaired) {
    const match = take(sameKey, keyOf(row));
    if (match) pairs.push([match, row]);
    else toInsert.push(row);
  }
  return { pairs, toInsert, toRemove: [...free] };
}

/** A link row of a quote: the quote and the topic or company it names. */
export type Link = [quoteId: string, otherId: string];

/** The links to add and to drop to turn a quote's stored ids into the wanted ones. */
export function diffLinks(quoteId: string, stored: readonly string[], wanted: readonly string[]): { add: Link[]; drop: Link[] } {
  return {
    add: wanted.filter((id) => !stored.includes(id)).map((id): Link => [quoteId, id]),
    drop: stored.filter((id) => !wanted.includes(id)).map((id): Link => [quoteId, id]),
  };
}
