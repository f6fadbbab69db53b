import { type DocumentNode } from "graphql";

/**
 * What is worked out once per parsed document and key (an operation's name) and kept while the
 * document lives: Apollo keeps one parsed document per query text, so every request of the same
 * text finds it, and it goes when Apollo drops the document.
 */
export class PerDocument<V> {
  private readonly kept = new WeakMap<DocumentNode, Map<string, V>>();

  get(document: DocumentNode, key: string, make: () => V): V {
    let byKey = this.kept.get(document);
    if (!byKey) this.kept.set(document, (byKey = new Map<string, V>()));
    let value = byKey.get(key);
    if (value === undefined) byKey.set(key, (value = make()));
    return value;
  }
}
