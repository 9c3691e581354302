// The fast front door: answers badge URLs whose answer is already known straight from a map,
// before Express, with the same headers (headers.ts), 304s, log line and metrics. Everything
// else, and every first request, goes through Express, which tells the hot path what it answered.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { foldName } from '../domain/entity.js';
import type { BadgeAnswer } from '../services/badge-service.js';
import type { Lookup } from '../services/resolve-target.js';
import type { StoreChange } from '../store/store.js';
import { parseBadgeUrl, BADGE_PREFIX, type BadgeUrl } from './badge-url.js';
import { sendBadge, type HeaderPolicy } from './headers.js';

export interface HotPathOptions {
  policy: HeaderPolicy;
  maxEntries: number;
  /** Safety net for a missed change notice; exact invalidation does the real work. */
  ttlMs: number;
  /** Runs the per-request bookkeeping (request id, log line, metrics) shared with Express. */
  track: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface HotPath {
  /** True when the request was answered here. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  remember(url: BadgeUrl, answer: BadgeAnswer): void;
  forget(change: StoreChange): void;
  stats(): { hits: number; entries: number };
}

/** Index keys in the form a StoreChange names them: `registry\nkey` or, for bare lookups, `*\nkey`. */
function lookupIndexKey(lookup: Lookup): string {
  return `${lookup.registry ?? '*'}\n${foldName(lookup.name)}`;
}

export function createHotPath(options: HotPathOptions): HotPath {
  let hits = 0;
  const byLookup = new Map<string, Set<string>>();
  const answers = new LRUCache<string, { answer: BadgeAnswer; indexKey: string }>({
    max: options.maxEntries,
    ttl: options.ttlMs,
    dispose: (entry, urlKey) => {
      const keys = byLookup.get(entry.indexKey);
      keys?.delete(urlKey);
      if (keys?.size === 0) byLookup.delete(entry.indexKey);
    },
  });

  const forgetIndexKey = (indexKey: string): void => {
    for (const urlKey of [...(byLookup.get(indexKey) ?? [])]) answers.delete(urlKey);
  };

  return {
    handle(req, res) {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url?.startsWith(BADGE_PREFIX)) return false;
      const url = parseBadgeUrl(req.url);
      const entry = url === null ? undefined : answers.get(url.key);
      if (entry === undefined) return false;
      hits++;
      options.track(req, res);
      sendBadge(req, res, entry.answer, options.policy);
      return true;
    },

    remember(url, answer) {
      // Only answers that show a score: unknown targets are attacker-chosen and would evict hot ones.
      if (answer.outcome !== 'found' || answer.lookup === null) return;
      const indexKey = lookupIndexKey(answer.lookup);
      answers.set(url.key, { answer, indexKey });
      let keys = byLookup.get(indexKey);
      if (keys === undefined) byLookup.set(indexKey, (keys = new Set()));
      keys.add(url.key);
    },

    forget(change) {
      if (change.kind === 'all') {
        answers.clear();
        return;
      }
      for (const { registry, keys } of change.entities) {
        for (const key of keys) {
          forgetIndexKey(`${registry}\n${key}`);
          // A bare name may now match another entity, or none.
          forgetIndexKey(`*\n${key}`);
        }
      }
    },

    stats: () => ({ hits, entries: answers.size }),
  };
}
