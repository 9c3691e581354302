// The NOTIFY payload that tells every replica what a commit touched: the keys inline when they fit
// PostgreSQL's 8000-byte payload limit, else the seq of a row in `changes` that holds them.

import type { StoreChange } from '../store.js';

export interface ChangeChannel {
  /** The NOTIFY channel of one schema: replicas of one catalogue share it. */
  name: string;
  /** This store object's id, so it can skip its own notices (it announced them at commit). */
  origin: string;
}

export type EncodedNotice = { kind: 'inline'; payload: string } | { kind: 'parked'; entities: string };

export type DecodedNotice = { origin: string; change: StoreChange } | { origin: string; seq: number };

/** Below PostgreSQL's 8000-byte limit, with room to spare. */
const MAX_PAYLOAD_BYTES = 7900;

export function encodeChangeNotice(change: StoreChange, origin: string): EncodedNotice {
  if (change.kind === 'all') return { kind: 'inline', payload: JSON.stringify({ o: origin, all: true }) };
  const entities = JSON.stringify(change.entities);
  const payload = `{"o":${JSON.stringify(origin)},"e":${entities}}`;
  return Buffer.byteLength(payload) <= MAX_PAYLOAD_BYTES ? { kind: 'inline', payload } : { kind: 'parked', entities };
}

/** Anything unreadable is taken as "everything changed": a wrong guess costs a cache refill, not stale badges. */
export function decodeChangeNotice(payload: string): DecodedNotice {
  try {
    const notice = JSON.parse(payload) as { o?: unknown; all?: unknown; e?: unknown; seq?: unknown };
    const origin = typeof notice.o === 'string' ? notice.o : '';
    if (typeof notice.seq === 'number') return { origin, seq: notice.seq };
    if (notice.all !== true && isEntityList(notice.e)) return { origin, change: { kind: 'entities', entities: notice.e } };
    return { origin, change: { kind: 'all' } };
  } catch {
    return { origin: '', change: { kind: 'all' } };
  }
}

export function isEntityList(value: unknown): value is { registry: string; keys: string[] }[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item: { registry?: unknown; keys?: unknown }) =>
        typeof item === 'object' && item !== null && typeof item.registry === 'string' && Array.isArray(item.keys) && item.keys.every((k) => typeof k === 'string'),
    )
  );
}
