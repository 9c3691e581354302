// The fast front door: answers badge URLs whose answer is already known straight from memory,
// before Express, with the same headers (headers.ts), 304s, log line and metrics. Everything else,
// and every first request, goes through Express, whose badge route hands its answer back here to
// be written and, when it is still current, remembered. Must never keep an answer a write overtook.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import type { BadgeCache } from '../cache/badge-cache.js';
import { foldName } from '../domain/entity.js';
import type { BadgeAnswer } from '../services/badge-service.js';
import type { Lookup } from '../services/resolve-target.js';
import type { StoreChange } from '../store/store.js';
import { isBadgeRequest, parseBadgeUrl, type BadgeUrl } from './request/badge-url.js';
import { isAnswerCurrent, type WithLocals } from './response/fresh-answers.js';
import { prepareBadge, writeBadge, type PreparedBadge } from './response/badge-response.js';
import { chooseEncoding, type Encoding } from './response/encoding.js';
import type { HeaderPolicy } from './response/headers.js';

export interface HotPathOptions {
  policy: HeaderPolicy;
  maxEntries: number;
  /** What the remembered answers and URL spellings may take, as hotEntryBytes() estimates them. */
  maxBytes: number;
  /** Safety net for a missed change notice; exact invalidation does the real work. */
  ttlMs: number;
  /** Where the rendered bytes live: an answer is remembered only while they are kept (and counted) there. */
  badges: Pick<BadgeCache, 'holds' | 'onForget'>;
  /** The request id, as Express's requests get it. */
  requestId: (req: IncomingMessage) => string;
  /** The per-request bookkeeping shared with Express: log line and metrics. */
  onServed: (req: IncomingMessage, status: number, reqId: string, startedNs: bigint) => void;
}

export interface HotPathStats {
  hits: number;
  /** Answers held (one per URL and content coding). */
  entries: number;
  bytes: number;
  maxBytes: number;
}

export interface HotPath {
  /** True when the request was answered here. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Writes an answer the badge route worked out (url null: it could not be parsed) and, when no
   * write overtook it, remembers it, so the next identical request is answered by handle().
   */
  answer(req: IncomingMessage, res: ServerResponse, url: BadgeUrl | null, answer: BadgeAnswer, requestId: string | undefined): void;
  stats(): HotPathStats;
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

/** A raw URL's canonical key (so a repeated spelling skips parsing), or a prepared answer. */
type HotEntry = { kind: 'spelling'; urlKey: string } | { kind: 'answer'; prepared: PreparedBadge; indexKeys: string[]; badgeKey: string };

/** Distinct Accept-Encoding values remembered; browsers and CDNs send a handful. */
const MAX_ENCODING_CHOICES = 256;
/** Per entry beyond its strings: objects, arrays, the LRU's links and the index sets' slots (an estimate on the safe side). */
const ENTRY_OVERHEAD_BYTES = 384;
/** V8 keeps a string in one byte a character when every character fits (Latin-1), else in two. */
const stringBytes = (text: string): number => 16 + text.length * (/[^\x00-\xff]/.test(text) ? 2 : 1);

/** What one entry keeps alive, its key included; a prepared answer's body is the badge cache's, counted there. */
function hotEntryBytes(entry: HotEntry, key: string): number {
  let bytes = ENTRY_OVERHEAD_BYTES + stringBytes(key);
  if (entry.kind === 'spelling') return bytes + stringBytes(entry.urlKey);
  for (const text of entry.prepared.headers) bytes += stringBytes(text);
  bytes += 8 * entry.prepared.notModifiedHeaders.length;
  for (const etag of entry.prepared.etags) bytes += stringBytes(etag);
  for (const text of entry.indexKeys) bytes += 2 * stringBytes(text);
  return bytes + stringBytes(entry.badgeKey);
}

const answerKey = (encoding: Encoding, urlKey: string): string => `${encoding ?? 'identity'}\n${urlKey}`;

function addTo(index: Map<string, Set<string>>, indexKey: string, key: string): void {
  let keys = index.get(indexKey);
  if (keys === undefined) index.set(indexKey, (keys = new Set()));
  keys.add(key);
}

function removeFrom(index: Map<string, Set<string>>, indexKey: string, key: string): void {
  const keys = index.get(indexKey);
  keys?.delete(key);
  if (keys?.size === 0) index.delete(indexKey);
}

export function createHotPath(options: HotPathOptions): HotPath {
  const { policy } = options;
  let hits = 0;
  let answers = 0;
  const encodingChoices = new Map<string, Encoding>();
  const byLookup = new Map<string, Set<string>>();
  const byBadge = new Map<string, Set<string>>();
  // Not an LRU with max 0: with a TTL, lru-cache reads that as "no bound". HOT_PATH_ENTRIES=0: nothing is remembered.
  const enabled = options.maxEntries > 0;
  const entries = new LRUCache<string, HotEntry>({
    max: Math.max(1, options.maxEntries * 2),
    maxSize: options.maxBytes,
    sizeCalculation: hotEntryBytes,
    ttl: options.ttlMs,
    dispose: (entry, key) => {
      if (entry.kind !== 'answer') return;
      answers--;
      for (const indexKey of entry.indexKeys) removeFrom(byLookup, indexKey, key);
      removeFrom(byBadge, entry.badgeKey, key);
    },
  });

  const forgetAll = (index: Map<string, Set<string>>, indexKey: string): void => {
    for (const key of [...(index.get(indexKey) ?? [])]) entries.delete(key);
  };

  policy.freshness.onChange((change: StoreChange) => {
    if (change.kind === 'all') {
      entries.clear();
      return;
    }
    for (const { registry, keys } of change.entities) {
      forgetAll(byLookup, `/\n${registry}`);
      for (const key of keys) {
        forgetAll(byLookup, `${registry}\n${key}`);
        // A bare name may now match another entity, or none.
        forgetAll(byLookup, `*\n${key}`);
      }
    }
  });
  // A rendered badge the badge cache let go must not live on here, outside its byte bound.
  options.badges.onForget((badgeKey) => forgetAll(byBadge, badgeKey));

  /** The content coding for a client, worked out once per distinct Accept-Encoding. */
  const encodingFor = (acceptEncoding: string | undefined, compressible: boolean): Encoding => {
    if (!compressible) return null;
    if (acceptEncoding === undefined) return chooseEncoding(acceptEncoding, compressible);
    let choice = encodingChoices.get(acceptEncoding);
    if (choice === undefined) {
      if (encodingChoices.size >= MAX_ENCODING_CHOICES) encodingChoices.clear();
      choice = chooseEncoding(acceptEncoding, compressible);
      encodingChoices.set(acceptEncoding, choice);
    }
    return choice;
  };

  const remember = (urlKey: string, encoding: Encoding, answer: BadgeAnswer, prepared: PreparedBadge): void => {
    // Only answers that show a score: unknown targets are attacker-chosen and would evict hot ones.
    if (!enabled || answer.outcome !== 'found' || answer.lookup === null) return;
    // Its bytes must be the badge cache's, counted there: else they would be kept here uncounted.
    if (!options.badges.holds(answer.badge)) return;
    const key = answerKey(encoding, urlKey);
    const entry: HotEntry = { kind: 'answer', prepared, indexKeys: lookupIndexKeys(answer.lookup), badgeKey: answer.badge.key };
    entries.set(key, entry);
    if (entries.peek(key) !== entry) return;
    answers++;
    for (const indexKey of entry.indexKeys) addTo(byLookup, indexKey, key);
    addTo(byBadge, entry.badgeKey, key);
  };

  return {
    handle(req, res) {
      if (!enabled || !isBadgeRequest(req)) return false;
      const started = process.hrtime.bigint();
      const spelling = entries.get(req.url);
      const urlKey = spelling?.kind === 'spelling' ? spelling.urlKey : parseBadgeUrl(req.url)?.key;
      if (urlKey === undefined) return false;
      const entry = entries.get(answerKey(encodingFor(req.headers['accept-encoding'], urlKey.startsWith('svg\n')), urlKey));
      if (entry?.kind !== 'answer') return false;
      // Only spellings that led to an answer are remembered: junk URLs cannot push answers out.
      if (spelling === undefined) entries.set(req.url, { kind: 'spelling', urlKey });
      hits++;
      const reqId = options.requestId(req);
      const status = writeBadge(req, res, entry.prepared, reqId);
      options.onServed(req, status, reqId, started);
      return true;
    },

    answer(req, res, url, answer, requestId) {
      const current = isAnswerCurrent(res as ServerResponse & WithLocals, policy);
      const encoding = encodingFor(req.headers['accept-encoding'], answer.badge.gzip !== null);
      const prepared = prepareBadge(answer, encoding, policy, { current });
      if (current && url !== null) remember(url.key, encoding, answer, prepared);
      writeBadge(req, res, prepared, requestId);
    },

    stats: () => ({ hits, entries: answers, bytes: entries.calculatedSize, maxBytes: options.maxBytes }),
  };
}
