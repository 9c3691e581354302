import { describe, expect, it } from 'vitest';
import { createBadgeCache, retainedBytes } from '../../src/cache/badge-cache.js';
import { createRenderQueue } from '../../src/render/render-queue.js';
import { defaultBadgeOptions } from '../../src/domain/badge-options.js';
import { specForEntity, type BadgeSpec } from '../../src/domain/badge-spec.js';
import { DEFAULT_GRADE_SCALE } from '../../src/domain/grade.js';
import { makeEntity } from '../helpers/test-app.js';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';

function countingRenderer(bytes = 4000, delayMs = 0) {
  const calls: BadgeSpec[] = [];
  return {
    calls,
    render: async (spec: BadgeSpec) => {
      calls.push(spec);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return Buffer.from(`<svg>${spec.label}${'x'.repeat(bytes)}</svg>`);
    },
  };
}

const queue = () => createRenderQueue({ concurrency: 2, maxQueued: 100 });

const specFor = (name: string, score: number, label: string | null = null) =>
  specForEntity(makeEntity({ name, score }), { ...defaultBadgeOptions('svg'), label }, DEFAULT_GRADE_SCALE);

describe('badge cache', () => {
  it('shares one render between entities that look the same', async () => {
    const renderer = countingRenderer();
    const cache = createBadgeCache({ maxBytes: 1024 * 1024, render: renderer.render, queue: queue() });
    const a = await cache.getBadge(specFor('one', 74), 'entity');
    const b = await cache.getBadge(specFor('two', 74.9), 'entity');
    expect(a).toBe(b);
    expect(renderer.calls).toHaveLength(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });

  it('renders once for many concurrent misses of one key', async () => {
    const renderer = countingRenderer(4000, 5);
    const cache = createBadgeCache({ maxBytes: 1024 * 1024, render: renderer.render, queue: queue() });
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.getBadge(specFor('x', 50), 'entity')));
    expect(renderer.calls).toHaveLength(1);
    expect(new Set(results).size).toBe(1);
  });

  it('never holds more bytes than its bound, however many distinct badges are asked for', async () => {
    const maxBytes = 1024 * 1024;
    const cache = createBadgeCache({ maxBytes, render: countingRenderer(20_000).render, queue: queue() });
    for (let i = 0; i < 300; i++) {
      await cache.getBadge(specFor('x', 50, `label-${i}`), 'entity');
      expect(cache.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    const { entries, bytes } = cache.stats();
    expect(entries).toBeGreaterThan(10);
    expect(entries).toBeLessThan(300);
    expect(bytes).toBeGreaterThan(maxBytes / 2);
  });

  it('makes the compressed variants once, and they decode to the body', async () => {
    const cache = createBadgeCache({ maxBytes: 1024 * 1024, render: countingRenderer().render, queue: queue() });
    const badge = await cache.getBadge(specFor('x', 50), 'entity');
    expect(gunzipSync(badge.gzip!).equals(badge.body)).toBe(true);
    expect(brotliDecompressSync(badge.brotli!).equals(badge.body)).toBe(true);
    expect(badge.brotli!.length).toBeLessThan(badge.body.length);
    expect(badge.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
  });

  it('keeps a failed render out of the cache so the next request tries again', async () => {
    let fail = true;
    const cache = createBadgeCache({
      maxBytes: 1024 * 1024,
      queue: queue(),
      render: async () => {
        if (fail) throw new Error('boom');
        return Buffer.from('<svg/>');
      },
    });
    await expect(cache.getBadge(specFor('x', 50), 'entity')).rejects.toThrow('boom');
    fail = false;
    await expect(cache.getBadge(specFor('x', 50), 'entity')).resolves.toMatchObject({ body: Buffer.from('<svg/>') });
  });

  it('keeps every buffer at its exact size, so what it counts is what it keeps alive', async () => {
    // Small renders come from Buffer's shared pool, zlib's results are views of 16 KiB blocks.
    const cache = createBadgeCache({ maxBytes: 1024 * 1024, render: countingRenderer(1300).render, queue: queue() });
    const badge = await cache.getBadge(specFor('x', 50), 'entity');
    for (const buffer of [badge.body, badge.gzip!, badge.brotli!]) {
      expect(retainedBytes(buffer)).toBe(buffer.length);
      expect(buffer.byteOffset).toBe(0);
    }
    const { bytes } = cache.stats();
    expect(bytes).toBeLessThan(badge.body.length + badge.gzip!.length + badge.brotli!.length + 2048);
  });

  it('tells who else keeps a badge when it lets the badge go, and holds() says whether it still counts it', async () => {
    const forgotten: string[] = [];
    const cache = createBadgeCache({ maxBytes: 64 * 1024, render: countingRenderer(20_000).render, queue: queue() });
    cache.onForget((key) => forgotten.push(key));
    const first = await cache.getBadge(specFor('x', 50, 'first'), 'entity');
    expect(cache.holds(first)).toBe(true);
    for (let i = 0; i < 10; i++) await cache.getBadge(specFor('x', 50, `push-${i}`), 'entity');
    expect(cache.holds(first)).toBe(false);
    expect(forgotten).toContain(first.key);
    // A drawing of the same key is another object: holds() speaks of the one kept.
    const again = await cache.getBadge(specFor('x', 50, 'first'), 'entity');
    expect(cache.holds(again)).toBe(true);
    expect(cache.holds(first)).toBe(false);
  });
});
