// The opaque `cursor` of a search page: where the page before ended (store.ts' SearchPosition) and
// which search it belongs to, so a cursor handed to another query is refused rather than misread.
// base64url of a JSON array; checked with a schema on the way back in, like any client input.

import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import type { SearchPosition } from '../store/store.js';

/** Longer than any cursor this service writes (a 200-character name key, twice over, encoded). */
const MAX_CURSOR_CHARS = 2048;

const CursorSchema = z.tuple([
  z.string(), // the search it continues: registry (or '') and folded prefix
  z.number().int().min(0).max(2),
  z.number().min(0).max(100),
  z.string().max(256),
  z.string().max(1024),
]);

export function encodeSearchCursor(search: string, after: SearchPosition): string {
  return Buffer.from(JSON.stringify([search, after.rank, after.score, after.registry, after.nameKey]), 'utf8').toString('base64url');
}

/** The position a cursor continues from; a `400 invalid_query` naming `cursor` for anything else. */
export function decodeSearchCursor(search: string, cursor: string): SearchPosition {
  const refuse = (why: string) => new AppError('invalid_query', { detail: `cursor ${why}; use the next_cursor of the page before, with the same q.`, errors: [{ in: 'query', name: 'cursor', detail: `cursor ${why}` }] });
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse('is not a cursor this service wrote');
  let parsed;
  try {
    parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw refuse('is not a cursor this service wrote');
  }
  if (!parsed.success) throw refuse('is not a cursor this service wrote');
  const [forSearch, rank, score, registry, nameKey] = parsed.data;
  if (forSearch !== search) throw refuse('belongs to another search');
  return { rank, score, registry, nameKey };
}
