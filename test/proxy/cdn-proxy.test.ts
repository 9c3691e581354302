// The service behind a real caching reverse proxy (Varnish from Debian's packages, with the
// xkey module for purge by tag): hits come from the cache, expiry revalidates with a 304 from the
// origin, and after a write, purging the tags it names (X-Purge-Tag) shows its new answers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEntity } from '../helpers/test-app.js';
import { parseSvg } from '../helpers/svg.js';
import { available, startBehindVarnish, until, type BehindVarnish } from '../helpers/varnish.js';

const ADMIN_TOKEN = 'cdn-proxy-admin-token-0123456789';

const title = async (res: Response) => parseSvg(await res.text()).title;

describe.runIf(available)('behind Varnish, with a one-second shared TTL', () => {
  let cdn: BehindVarnish;
  // A one-second shared TTL, so expiry and revalidation happen within the test.
  beforeAll(async () => {
    cdn = await startBehindVarnish({ BADGE_CACHE_CONTROL: 'public, max-age=0, s-maxage=1', ADMIN_TOKEN });
  }, 30_000);
  afterAll(async () => cdn?.close());

  it('serves repeated requests from the cache without asking the origin', async () => {
    const { proxy, originCount } = cdn;
    const first = await fetch(`${proxy}/badge/github/haotian-liu/LLaVA.svg`);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(await title(first)).toBe('trust: B · 71/100');
    const asked = await originCount(200);
    const second = await fetch(`${proxy}/badge/github/haotian-liu/LLaVA.svg`);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(await title(second)).toBe('trust: B · 71/100');
    expect(await originCount(200)).toBe(asked);
  });

  it('revalidates an expired copy with the origin, which answers 304', async () => {
    const { proxy, originCount } = cdn;
    await fetch(`${proxy}/badge/web/OpenRouter.svg`);
    const before = await originCount(304);
    // Past the one-second TTL the proxy asks again, conditionally, and the origin has nothing new.
    await until('a conditional refresh', async () => {
      await fetch(`${proxy}/badge/web/OpenRouter.svg`);
      return originCount(304);
    }, (count) => count > before);
    const after = await fetch(`${proxy}/badge/web/OpenRouter.svg`);
    expect(after.status).toBe(200);
    expect(await title(after)).toBe('trust: B · 74/100');
  });
});

// The default hour at the CDN: what changes there after a write is the purge's doing alone.
describe.runIf(available)('behind Varnish, with the default shared TTL, after a write and its purge', () => {
  let cdn: BehindVarnish;
  beforeAll(async () => {
    cdn = await startBehindVarnish({ ADMIN_TOKEN });
  }, 30_000);
  afterAll(async () => cdn?.close());

  it('shows the new grade after a score update and a purge by the entity tag', async () => {
    const { proxy, t } = cdn;
    const before = await fetch(`${proxy}/badge/npm/sharp.svg?style=flat-square`);
    expect((await fetch(`${proxy}/badge/npm/sharp.svg?style=flat-square`)).headers.get('x-cache')).toBe('HIT');
    const tag = before.headers.get('surrogate-key')!;
    expect(await title(before)).toMatch(/^trust: B/);

    await t.store.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 35.2 })]);
    const purge = await fetch(`${proxy}/`, { method: 'PURGE', headers: { 'xkey-purge': tag } });
    expect(purge.status).toBe(200);

    const after = await fetch(`${proxy}/badge/npm/sharp.svg?style=flat-square`);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(await title(after)).toBe('trust: F · 35/100');
  });

  // Regression: a bare-name badge carried only its entity's tag, so purging the tags the docs
  // named after a write that made the name ambiguous left the CDN's old score for an hour.
  it('shows a bare-name badge as ambiguous after a write elsewhere and the purge of the tags the write names', async () => {
    const { proxy, originUrl } = cdn;
    const path = `${proxy}/badge/openrouter.svg?style=plastic`;
    expect(await title(await fetch(path))).toBe('trust: B · 74/100');
    expect((await fetch(path)).headers.get('x-cache')).toBe('HIT');

    const put = await fetch(`${originUrl}/v1/entities/npm/openrouter`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ category: 'library', score: 12 }),
    });
    expect(put.status).toBe(201);
    const tags = put.headers.get('x-purge-tag')!;
    // As the docs say: purge exactly the tags X-Purge-Tag lists.
    expect((await fetch(`${proxy}/`, { method: 'PURGE', headers: { 'xkey-purge': tags } })).status).toBe(200);

    const after = await fetch(path);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(await title(after)).toBe('trust: ambiguous');
    // The report it names, under its other spelling, went as well.
    expect(await title(await fetch(`${proxy}/badge/web/OpenRouter.svg?style=plastic`))).toBe('trust: B · 74/100');
  });
});
