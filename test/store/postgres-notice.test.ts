// The NOTIFY payload: inline under PostgreSQL's 8000-byte limit, parked above it, and read
// defensively (anything odd means "everything changed").

import { describe, expect, it } from 'vitest';
import { decodeChangeNotice, encodeChangeNotice } from '../../src/store/postgres/postgres-notice.js';
import type { StoreChange } from '../../src/store/store.js';

const listing = (keys: number, chars: number): StoreChange => ({
  kind: 'entities',
  entities: [{ registry: 'npm', keys: Array.from({ length: keys }, (_, i) => `${'k'.repeat(chars)}${i}`) }],
});

describe('change notices', () => {
  it('carries a short key list inline and gets it back, with its origin', () => {
    const notice = encodeChangeNotice(listing(3, 5), 'replica-a');
    expect(notice.kind).toBe('inline');
    if (notice.kind !== 'inline') return;
    expect(decodeChangeNotice(notice.payload)).toEqual({ origin: 'replica-a', change: listing(3, 5) });
  });

  it('parks a list that would pass the 8000-byte NOTIFY limit, counting bytes not characters', () => {
    expect(encodeChangeNotice(listing(100, 100), 'a').kind).toBe('parked');
    const multibyte: StoreChange = { kind: 'entities', entities: [{ registry: 'npm', keys: ['ü'.repeat(4000)] }] };
    expect(encodeChangeNotice(multibyte, 'a').kind).toBe('parked');
    expect(decodeChangeNotice(JSON.stringify({ o: 'a', seq: 42 }))).toEqual({ origin: 'a', seq: 42 });
  });

  it('reads `all`, and anything unreadable, as everything changed', () => {
    const all = encodeChangeNotice({ kind: 'all' }, 'a');
    expect(all.kind === 'inline' && decodeChangeNotice(all.payload)).toEqual({ origin: 'a', change: { kind: 'all' } });
    expect(decodeChangeNotice('not json')).toEqual({ origin: '', change: { kind: 'all' } });
    expect(decodeChangeNotice('{"o":"a","e":[{"registry":1}]}')).toEqual({ origin: 'a', change: { kind: 'all' } });
  });
});
