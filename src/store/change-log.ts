// What one write touched, collected while it runs and announced after it commits, by every engine.
// Keys are folded names and aliases, before and after; past MAX_LISTED_CHANGES it only knows "many".

import { foldName } from '../domain/entity.js';
import { MAX_LISTED_CHANGES, type StoreChange } from './store.js';

export class ChangeLog {
  readonly byRegistry = new Map<string, Set<string>>();
  overflowed = false;
  private count = 0;

  /** Records one touched entity: its names and aliases, old and new. */
  add(registry: string, names: readonly string[]): void {
    this.addKeys(registry, names.map(foldName));
  }

  /** Like add, for keys already folded (as the engines store them). */
  addKeys(registry: string, keys: readonly string[]): void {
    if (this.overflowed) return;
    if (++this.count > MAX_LISTED_CHANGES) {
      this.markAll();
      return;
    }
    let known = this.byRegistry.get(registry);
    if (known === undefined) this.byRegistry.set(registry, (known = new Set()));
    for (const key of keys) known.add(key);
  }

  markAll(): void {
    this.overflowed = true;
    this.byRegistry.clear();
  }

  isEmpty(): boolean {
    return !this.overflowed && this.byRegistry.size === 0;
  }

  toChange(): StoreChange {
    if (this.overflowed) return { kind: 'all' };
    return { kind: 'entities', entities: [...this.byRegistry].map(([registry, keys]) => ({ registry, keys: [...keys] })) };
  }
}

/** Several changes as one: `all` wins, otherwise the lists are joined. */
export function mergeChanges(changes: readonly StoreChange[]): StoreChange {
  const entities: { registry: string; keys: string[] }[] = [];
  for (const change of changes) {
    if (change.kind === 'all') return change;
    entities.push(...change.entities);
  }
  return { kind: 'entities', entities };
}
