import DataLoader from "dataloader";

/** A loader of rows by id: one `IN` query per batch, results in key order, null for a missing id. */
export function byIdLoader<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

/** A loader of lists by a foreign key: one query per batch, each key's rows in the query's order. */
export function groupLoader<T>(key: (row: T) => string, load: (keys: readonly string[]) => Promise<T[]>): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of await load(keys)) groups.get(key(row))?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}
