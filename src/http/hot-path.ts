// The fast front door: answers badge URLs whose answer is already known straight from a map,
// before Express, with the same headers (headers.ts), 304s, log line and metrics. Everything
// else, and every first request, goes through Express, whose badge route hands its answer back
// here to be written and remembered: each response is prepared once, for both paths. What it
// answers itself goes out with a head formatted once per entry (prepared-head.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { foldName } from '../domain/entity.js';
import type { BadgeAnswer } from '../services/badge-service.js';
import type { Lookup } from '../services/resolve-target.js';
import type { StoreChange } from '../store/store.js';
import { isBadgeRequest, parseBadgeUrl, type BadgeUrl } from './badge-url.js';
import { chooseEncoding, prepareBadge, sendBadge, writeBadge, type Encoding, type HeaderPolicy, type PreparedBadge } from './headers.js';

export interface HotPathOptions {
  policy: HeaderPolicy;
  maxEntries: number;
  /** Safety net for a missed change notice; exact invalidation does the real work. */
  ttlMs: number;
  /** The request id, as Express's requests get it. */
  requestId: (req: IncomingMessage) => string;
  /** The per-request bookkeeping shared with Express: log line and metrics. */
  onServed: (req: IncomingMessage, status: number, reqId: string, startedNs: bigint) => void;
}

export interface HotPath {
  /** True when the request was answered here. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Writes an answer the badge route worked out (url null: it could not be parsed) and remembers
   * it, so the next identical request is answered by handle(), from the response prepared now.
   */
  answer(req: IncomingMessage, res: ServerResponse, url: BadgeUrl | null, answer: BadgeAnswer, requestId: string | undefined): void;
  forget(change: StoreChange): void;
  stats(): { hits: number; entries: number };
}

/**
 * Index keys in the form a StoreChange names them: `registry\nkey`, or `*\nkey` for bare lookups.
 * A bare name with a slash also waits on `/\nfirst-segment`: should a registry of that name
 * appear, the same URL would be read as registry/name and must be answered afresh.
 */
function lookupIndexKeys(lookup: Lookup): string[] {
  const folded = foldName(lookup.name);
  if (lookup.registry !== null) return [`${lookup.registry}\n${folded}`];
  const slash = folded.indexOf('/');
  return slash < 0 ? [`*\n${folded}`] : [`*\n${folded}`, `/\n${folded.slice(0, slash)}`];
}

interface HotEntry {
  answer: BadgeAnswer;
  indexKeys: string[];
  /** Responses per content coding, prepared on first use. */
  prepared: { br?: PreparedBadge; gzip?: PreparedBadge; identity?: PreparedBadge };
}

/** Distinct Accept-Encoding values remembered; browsers and CDNs send a handful. */
const MAX_ENCODING_CHOICES = 256;

/** HOT_PATH_ENTRIES=0: every request goes through Express, which answers each afresh. */
function disabled(policy: HeaderPolicy): HotPath {
  return {
    handle: () => false,
    answer: (req, res, _url, answer, requestId) => sendBadge(req, res, answer, policy, requestId),
    forget: () => {},
    stats: () => ({ hits: 0, entries: 0 }),
  };
}

export function createHotPath(options: HotPathOptions): HotPath {
  // Not an LRU with max 0: with a TTL, lru-cache reads that as "no bound".
  if (options.maxEntries === 0) return disabled(options.policy);
  let hits = 0;
  // Most traffic repeats the exact same URL string: remember its canonical key to skip parsing.
  const canonicalKeys = new LRUCache<string, string>({ max: Math.max(1, options.maxEntries * 2) });
  const encodingChoices = new Map<string, Encoding>();
  const byLookup = new Map<string, Set<string>>();
  const answers = new LRUCache<string, HotEntry>({
    max: options.maxEntries,
    ttl: options.ttlMs,
    dispose: (entry, urlKey) => {
      for (const indexKey of entry.indexKeys) {
        const keys = byLookup.get(indexKey);
        keys?.delete(urlKey);
        if (keys?.size === 0) byLookup.delete(indexKey);
      }
    },
  });

  const forgetIndexKey = (indexKey: string): void => {
    for (const urlKey of [...(byLookup.get(indexKey) ?? [])]) answers.delete(urlKey);
  };

  const chooseEncodingOnce = (acceptEncoding: string | undefined, answer: BadgeAnswer): Encoding => {
    if (acceptEncoding === undefined || answer.badge.gzip === null || answer.badge.brotli === null) return chooseEncoding(acceptEncoding, answer.badge);
    let choice = encodingChoices.get(acceptEncoding);
    if (choice === undefined) {
      if (encodingChoices.size >= MAX_ENCODING_CHOICES) encodingChoices.clear();
      choice = chooseEncoding(acceptEncoding, answer.badge);
      encodingChoices.set(acceptEncoding, choice);
    }
    return choice;
  };

  /** Responses per content coding, each prepared once per entry: on its first answer, by either path. */
  const preparedFor = (entry: HotEntry, acceptEncoding: string | undefined): PreparedBadge => {
    const encoding = chooseEncodingOnce(acceptEncoding, entry.answer);
    return (entry.prepared[encoding ?? 'identity'] ??= prepareBadge(entry.answer, encoding, options.policy));
  };

  const remember = (url: BadgeUrl, answer: BadgeAnswer): HotEntry | undefined => {
    // Only answers that show a score: unknown targets are attacker-chosen and would evict hot ones.
    if (answer.outcome !== 'found' || answer.lookup === null) return undefined;
    const indexKeys = lookupIndexKeys(answer.lookup);
    const entry: HotEntry = { answer, indexKeys, prepared: {} };
    answers.set(url.key, entry);
    for (const indexKey of indexKeys) {
      let keys = byLookup.get(indexKey);
      if (keys === undefined) byLookup.set(indexKey, (keys = new Set()));
      keys.add(url.key);
    }
    return entry;
  };

  return {
    handle(req, res) {
      if (!isBadgeRequest(req)) return false;
      const started = process.hrtime.bigint();
      const knownKey = canonicalKeys.get(req.url);
      const key = knownKey ?? parseBadgeUrl(req.url)?.key;
      if (key === undefined) return false;
      const entry = answers.get(key);
      if (entry === undefined) return false;
      if (knownKey === undefined) canonicalKeys.set(req.url, key);
      hits++;
      const reqId = options.requestId(req);
      const status = writeBadge(req, res, preparedFor(entry, req.headers['accept-encoding']), reqId, true);
      options.onServed(req, status, reqId, started);
      return true;
    },

    answer(req, res, url, answer, requestId) {
      const entry = url === null ? undefined : remember(url, answer);
      const acceptEncoding = req.headers['accept-encoding'];
      const prepared = entry !== undefined ? preparedFor(entry, acceptEncoding) : prepareBadge(answer, chooseEncodingOnce(acceptEncoding, answer), options.policy);
      writeBadge(req, res, prepared, requestId);
    },

    forget(change) {
      if (change.kind === 'all') {
        answers.clear();
        return;
      }
      for (const { registry, keys } of change.entities) {
        forgetIndexKey(`/\n${registry}`);
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
