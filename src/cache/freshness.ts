// The one freshness mechanism of every layer that remembers answers: each change the store
// announces bumps a generation and makes every cache forget what it touched, in one synchronous step.
// An answer may be kept (or sent cacheable) only if no change came between its first read and its keeping.

import type { ChangeListener, Store, StoreChange } from '../store/store.js';

export interface Freshness {
  /** The current generation: taken before the first store read an answer depends on. */
  mark(): number;
  /** True while no change has been announced since `mark` was taken. */
  isCurrent(mark: number): boolean;
  /**
   * Adds a cache's forget function. It runs with every change, synchronously, before the writer
   * of a write made through this process hears back (the store announces before it resolves).
   */
  onChange(forget: ChangeListener): void;
  /** Stops listening to the store. */
  close(): void;
}

/**
 * Why one generation for the whole process rather than one per key: a badge's answer depends on
 * several lookups (the registry list, a name, a bare name) and on what the store says of none of
 * them. Any change refuses to keep every answer in flight; writes are rare next to reads, so
 * the cost is a few answers computed again, and no key can be missed.
 */
export function watchFreshness(store: Pick<Store, 'watchChanges'>): Freshness {
  let generation = 0;
  const forgetters: ChangeListener[] = [];
  const stop = store.watchChanges((change: StoreChange) => {
    generation++;
    for (const forget of forgetters) forget(change);
  });
  return {
    mark: () => generation,
    isCurrent: (mark) => mark === generation,
    onChange: (forget) => void forgetters.push(forget),
    close: stop,
  };
}
