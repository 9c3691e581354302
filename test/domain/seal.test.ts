// The seal rules alone: how a bound origin is written (one spelling, hostile forms refused), how a
// Referer becomes a page origin, which pages an origin list admits, and the order of a seal's states.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { originAllowed, pageOrigin, parseSealOrigin, sealState, type Seal } from '../../src/domain/seal.js';

const origin = (raw: string): string => {
  const parsed = parseSealOrigin(raw);
  if (!parsed.ok) throw new Error(`${raw}: ${parsed.message}`);
  return parsed.origin;
};

describe('parseSealOrigin', () => {
  it.each([
    ['https://Shop.Example:443/', 'https://shop.example'],
    ['http://shop.example:80', 'http://shop.example'],
    ['https://shop.example:8443', 'https://shop.example:8443'],
    ['https://*.Shop.Example', 'https://*.shop.example'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['https://shop.example.', 'https://shop.example'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://[::1]', 'https://[::1]'],
  ])('writes %s as %s', (raw, written) => {
    expect(origin(raw)).toBe(written);
  });

  it.each([
    'shop.example', 'ftp://shop.example', 'javascript:alert(1)', 'https://user:pw@shop.example', 'https://shop.example/path',
    'https://shop.example?q', 'https://shop.example#top', 'https://*.com', 'https://*.co.uk', 'https://*.github.io', 'https://*.127.0.0.1',
    'https://shop*.example', 'https://*.*.shop.example', 'https://*', '', 'https://' + 'a'.repeat(300),
  ])('refuses %j', (raw) => {
    expect(parseSealOrigin(raw).ok).toBe(false);
  });

  it('gives back a spelling it reads the same again', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.boolean(), (url, wildcard) => {
        const raw = wildcard ? new URL(url).origin.replace('//', '//*.') : new URL(url).origin;
        const parsed = parseSealOrigin(raw);
        if (parsed.ok) expect(parseSealOrigin(parsed.origin)).toEqual(parsed);
      }),
    );
  });
});

describe('pageOrigin and originAllowed', () => {
  const bound = ['https://shop.example', 'https://*.brand.example', 'http://localhost:8080'].map(origin);

  it('admits the exact origin and any subdomain of a wildcard, nothing else', () => {
    const admits = (referer: string): boolean => {
      const page = pageOrigin(referer);
      return page !== null && originAllowed(page, bound);
    };
    expect(admits('https://shop.example/cart?x=1#y')).toBe(true);
    expect(admits('https://SHOP.example./')).toBe(true);
    expect(admits('https://eu.brand.example/')).toBe(true);
    expect(admits('https://a.b.brand.example/')).toBe(true);
    expect(admits('http://localhost:8080/')).toBe(true);
    for (const referer of ['https://brand.example/', 'http://shop.example/', 'https://shop.example:444/', 'https://shop.example.evil/', 'https://evilbrand.example/',
      'https://x.shop.example/', 'http://localhost/', 'https://user@shop.example/', 'file:///shop.example', 'data:,shop.example', 'null', '']) {
      expect(admits(referer), referer).toBe(false);
    }
  });

  it('agrees with an independent reading of host, scheme and port for any URL', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), (url) => {
        const page = pageOrigin(url);
        const parsed = new URL(url);
        const host = parsed.hostname.replace(/\.$/, '');
        const plain = parsed.username === '' && parsed.password === '';
        const expected = plain && ((parsed.protocol === 'https:' && parsed.port === '' && (host === 'shop.example' || host.endsWith('.brand.example'))) ||
          (parsed.protocol === 'http:' && parsed.port === '8080' && host === 'localhost'));
        expect(page !== null && originAllowed(page, bound), url).toBe(expected);
      }),
    );
  });
});

describe('sealState', () => {
  const seal: Seal = {
    id: 'AAAAAAAAAAAAAAAAAAAAAA', registry: 'npm', name: 'x', vendor: 'V', origins: ['https://shop.example'],
    createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', expiresAt: '2026-06-01T00:00:00Z', revokedAt: null,
  };
  const now = new Date('2026-03-01T00:00:00Z');
  const at = { origin: 'https://shop.example', now, score: 75, trustThreshold: 70 };

  it('says what no origin can fix first: revoked, expired, gone, below the threshold; then the origin', () => {
    expect(sealState(seal, at)).toBe('valid');
    expect(sealState(seal, { ...at, origin: 'https://evil.example' })).toBe('foreign');
    expect(sealState(seal, { ...at, origin: null })).toBe('foreign');
    expect(sealState(seal, { ...at, score: 69.9, origin: 'https://evil.example' })).toBe('below_threshold');
    expect(sealState(seal, { ...at, score: null })).toBe('entity_missing');
    expect(sealState(seal, { ...at, now: new Date('2026-06-01T00:00:00Z') })).toBe('expired');
    expect(sealState({ ...seal, revokedAt: '2026-02-01T00:00:00Z' }, { ...at, now: new Date('2027-01-01T00:00:00Z') })).toBe('revoked');
  });
});
