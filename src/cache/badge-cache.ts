// The LRU of rendered badges (and share cards, getPicture), bounded by the bytes it keeps alive and
// keyed by what the picture shows (never the URL). Concurrent misses for one key share one render
// (lru-cache's fetchMethod); compressed variants are made once, when the entry is filled, and every buffer kept is an exact-size copy.
// A render is charged to the request's budget first, but for the fixed pictures (busy, unavailable,
// rate limited): a handful, drawn once, and what a refused request itself is answered with.

import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { specKey, type BadgeSpec } from '../domain/badge-spec.js';
import type { RenderBadge } from '../render/render-badge.js';
import type { RenderLane, RenderQueue } from '../render/render-queue.js';
import { FREE_WORK, type WorkBudget } from './request-budget.js';

export interface RenderedBadge {
  /** The spec key it was drawn for: the same bytes for the same key, always. */
  key: string;
  body: Buffer;
  /** Present for text formats, where compressing pays. */
  gzip: Buffer | null;
  brotli: Buffer | null;
  /** Strong validator over `body`, quoted. */
  etag: string;
  contentType: string;
}

export interface BadgeCacheStats {
  hits: number;
  misses: number;
  /** Renders actually drawn: misses that joined a render in flight share it. */
  renders: number;
  /** Entries pushed out to stay within `maxBytes`. */
  evictions: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

export interface BadgeCache {
  /**
   * The rendered badge, from memory or drawn now in `lane`. Rejects with RenderQueueFullError
   * when that lane of the render queue is full.
   */
  getBadge(spec: BadgeSpec, lane: RenderLane): Promise<RenderedBadge>;
  /**
   * Another picture kept under the same byte bound, same LRU and same render queue (the share
   * card): `key` names what it shows and must not parse as a spec key (prefix it, e.g. `card\n`).
   */
  getPicture(picture: PictureRequest, lane: RenderLane): Promise<RenderedBadge>;
  /** True while `badge` is the entry kept for its key: its bytes are counted here. */
  holds(badge: RenderedBadge): boolean;
  /** Called with a key whenever its entry leaves (evicted or deleted): whoever kept its bytes must let go. */
  onForget(listener: (key: string) => void): void;
  stats(): BadgeCacheStats;
}

/** A picture that is not a badge: its key, how to draw it, and its media type (SVG: kept with compressed variants). */
export interface PictureRequest {
  key: string;
  draw: () => Promise<Buffer>;
  contentType: 'image/png' | 'image/svg+xml; charset=utf-8';
}

const CONTENT_TYPES = { svg: 'image/svg+xml; charset=utf-8', png: 'image/png' } as const;
/** Bookkeeping per entry beyond its buffers: the key, the object, the LRU's links. */
const ENTRY_OVERHEAD_BYTES = 512;
/**
 * Measured on a 5 KB flat badge: quality 11 takes 5.5 ms for 1,408 B, quality 6 takes 0.11 ms for
 * 1,556 B. A cold render must stay cheap, and the CDN keeps the bytes anyway.
 */
const BROTLI_QUALITY = 6;

interface FillContext {
  draw: () => Promise<Buffer>;
  /** The drawn bytes as the entry kept (copies, compressed variants, validator), outside the queue's slot. */
  keep: (drawn: Buffer) => RenderedBadge;
  lane: RenderLane;
}

/**
 * What a buffer keeps alive is its whole backing store, not its length: zlib's results are views
 * of 16 KiB blocks and small Buffers are slices of a shared 8 KiB pool.
 */
export const retainedBytes = (buffer: Buffer | null): number => buffer?.buffer.byteLength ?? 0;

/** A copy that owns exactly its bytes (allocUnsafeSlow never hands out a slice of the pool). */
function exactCopy(bytes: Uint8Array): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  copy.set(bytes);
  return copy;
}

export function createBadgeCache(options: { maxBytes: number; render: RenderBadge; queue: RenderQueue; budget?: WorkBudget }): BadgeCache {
  const budget = options.budget ?? FREE_WORK;
  const counts = { hits: 0, misses: 0, renders: 0, evictions: 0 };
  const forgetListeners: ((key: string) => void)[] = [];
  const lru = new LRUCache<string, RenderedBadge, FillContext>({
    maxSize: options.maxBytes,
    dispose: (_entry, key, reason) => {
      if (reason === 'evict') counts.evictions++;
      for (const listener of forgetListeners) listener(key);
    },
    sizeCalculation: (entry, key) =>
      retainedBytes(entry.body) + retainedBytes(entry.gzip) + retainedBytes(entry.brotli) + key.length * 2 + ENTRY_OVERHEAD_BYTES,
    // A render in flight that is evicted still finishes for its waiters: the bytes of a spec never go stale.
    ignoreFetchAbort: true,
    fetchMethod: async (_key, _stale, { context }) =>
      context.keep(
        await options.queue.run(() => {
          counts.renders++;
          return context.draw();
        }, context.lane),
      ),
  });

  async function getEntry(key: string, fill: Omit<FillContext, 'lane'>, lane: RenderLane): Promise<RenderedBadge> {
    const hit = lru.get(key);
    if (hit !== undefined) {
      counts.hits++;
      return hit;
    }
    // Joining a render in flight is charged too: what a request costs must not hang on others' timing.
    if (lane !== 'fixed') await budget.charge();
    const status: LRUCache.Status<string, RenderedBadge, FillContext> = {};
    const badge = await lru.fetch(key, { context: { ...fill, lane }, status });
    if (status.fetch === 'hit') counts.hits++;
    else counts.misses++;
    if (badge === undefined) throw new Error('badge render produced nothing');
    return badge;
  }

  return {
    getBadge: (spec, lane) => getEntry(specKey(spec), { draw: () => options.render(spec), keep: (drawn) => renderedBadgeOf(spec, drawn) }, lane),
    getPicture: (picture, lane) =>
      getEntry(picture.key, { draw: picture.draw, keep: (drawn) => renderedPictureOf(picture.key, picture.contentType, drawn) }, lane),
    holds: (badge) => lru.peek(badge.key) === badge,
    onForget: (listener) => void forgetListeners.push(listener),
    stats: () => ({ ...counts, entries: lru.size, bytes: lru.calculatedSize, maxBytes: options.maxBytes }),
  };
}

/** A drawn badge with its compressed variants and validator, each buffer an exact-size copy. */
export function renderedBadgeOf(spec: BadgeSpec, drawn: Buffer): RenderedBadge {
  const body = exactCopy(drawn);
  const text = spec.format === 'svg';
  return {
    key: specKey(spec),
    body,
    gzip: text ? exactCopy(gzipSync(body, { level: 9 })) : null,
    brotli: text ? exactCopy(brotliCompressSync(body, { params: brotliParams(body) })) : null,
    etag: etagOf(body),
    contentType: CONTENT_TYPES[spec.format],
  };
}

/** A drawn picture other than a badge (PNG: not compressed again), with its validator. */
function renderedPictureOf(key: string, contentType: PictureRequest['contentType'], drawn: Buffer): RenderedBadge {
  const body = exactCopy(drawn);
  const text = contentType !== 'image/png';
  return { key, body, gzip: text ? exactCopy(gzipSync(body, { level: 9 })) : null, brotli: text ? exactCopy(brotliCompressSync(body, { params: brotliParams(body) })) : null, etag: etagOf(body), contentType };
}

const brotliParams = (body: Buffer) => ({ [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length });

const etagOf = (body: Buffer): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
