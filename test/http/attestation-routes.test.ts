// GET /v1/attestations/{target} and GET /.well-known/jwks.json through the real app: the JWS verifies
// against the published keys, its payload is the report plus its claims, targets fail as reports do,
// a write shows in the next attestation, a rotated-out key keeps verifying, and no key means an ephemeral one.

import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPHEMERAL_KEY_WARNING } from '../../src/app.js';
import { ATTESTATION_TYPE, AttestationClaimsSchema, JwksSchema } from '../../src/schema/attestation.js';
import { entityTag } from '../../src/services/purge-tag.js';
import { parseCacheControl } from '../helpers/headers.js';
import { captureLogs, createTestApp, FIXED_NOW } from '../helpers/test-app.js';

const TOKEN = 'admin-token-0123456789abcdef';
const ed25519 = generateKeyPairSync('ed25519');
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pkcs8 = (pair: typeof ed25519): string => pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
const spki = (pair: typeof ed25519): string => pair.publicKey.export({ format: 'pem', type: 'spki' }) as string;
const NOW_SECONDS = FIXED_NOW.getTime() / 1000;

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SIGNING_KEY: pkcs8(ed25519), ADMIN_TOKEN: TOKEN, ATTESTATION_TTL_SECONDS: '3600' });
});
afterAll(async () => t.close());

/** The answer's body as text, whatever its type. */
function get(app: TestApp, path: string, headers: Record<string, string> = {}) {
  return request(app.app)
    .get(path)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    });
}

async function verified(app: TestApp, token: string) {
  const jwks = JwksSchema.parse(JSON.parse((await get(app, '/.well-known/jwks.json')).body as string));
  return jwtVerify(token, createLocalJWKSet(jwks as { keys: JWK[] }), { typ: ATTESTATION_TYPE, algorithms: ['EdDSA', 'ES256'], currentDate: FIXED_NOW });
}

describe('GET /v1/attestations/{target}', () => {
  it('answers the report as a compact JWS that verifies against the published keys', async () => {
    const res = await get(t, '/v1/attestations/web/OpenRouter', { Host: 'badges.example.org' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/jose');
    const token = res.body as string;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const { payload, protectedHeader } = await verified(t, token);
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: expect.any(String), typ: ATTESTATION_TYPE });
    const report = (await request(t.app).get('/v1/entities/web/OpenRouter').set('Host', 'badges.example.org')).body as Record<string, unknown>;
    const { iss, sub, iat, exp, purge_tag, ...rest } = AttestationClaimsSchema.parse(payload);
    expect(rest).toEqual({ ...report, target: 'web/OpenRouter' });
    expect({ iss, sub, iat, exp, purge_tag }).toEqual({
      iss: 'http://badges.example.org', sub: 'web/OpenRouter', iat: NOW_SECONDS, exp: NOW_SECONDS + 3600, purge_tag: entityTag('web', 'OpenRouter'),
    });
    expect(rest.data_version).toEqual({ version: expect.any(Number), imported_at: expect.any(String) });
    expect(rest).toMatchObject({ score: 74, grade: 'B', verified: true });
  });

  it('is never cached, any origin may read it, and it carries no purge tags', async () => {
    const res = await get(t, '/v1/attestations/npm/sharp');
    expect(res.status).toBe(200);
    expect(parseCacheControl(res.headers['cache-control'])).toEqual(new Map([['no-store', true]]));
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['surrogate-key']).toBeUndefined();
    expect(Number(res.headers['content-length'])).toBe((res.body as string).length);
    expect((await verified(t, res.body as string)).payload).toMatchObject({ sub: 'npm/sharp', iss: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    const head = await request(t.app).head('/v1/attestations/npm/sharp');
    expect([head.status, head.headers['content-type']]).toEqual([200, 'application/jose']);
  });

  it.each([
    ['an unknown entity', 'github/nobody/nothing', 404, 'not_found'],
    ['an ambiguous name', 'sharp', 409, 'ambiguous'],
    ['a bad escape', '%E0%A4%A', 400, 'invalid_target'],
    ['a dot segment', '..', 400, 'invalid_target'],
    ['a target too long', 'x'.repeat(1000), 400, 'invalid_target'],
  ])('answers %s as the report route does (%s → %i %s)', async (_, target, status, code) => {
    const res = await request(t.app).get(`/v1/attestations/${target}`).set('Host', 'badges.example.org');
    expect([res.status, res.headers['content-type'], res.body.code]).toEqual([status, 'application/problem+json; charset=utf-8', code]);
    const report = await request(t.app).get(`/v1/entities/${target}`).set('Host', 'badges.example.org');
    expect({ ...res.body, instance: null }).toEqual({ ...report.body, instance: null });
  });

  it('attests the score as it is after a write, while the earlier attestation keeps its own', async () => {
    const before = (await get(t, '/v1/attestations/github/haotian-liu/LLaVA')).body as string;
    expect((await verified(t, before)).payload).toMatchObject({ score: 71.3, grade: 'B' });
    const put = await request(t.app).put('/v1/entities/github/haotian-liu/LLaVA').set('Authorization', `Bearer ${TOKEN}`)
      .send({ category: 'ai_model', score: 91.5, updated_at: '2026-11-20T00:00:00Z' });
    expect(put.status).toBe(200);
    const after = (await get(t, '/v1/attestations/github/haotian-liu/LLaVA')).body as string;
    expect((await verified(t, after)).payload).toMatchObject({ score: 91.5, grade: 'A', updated_at: '2026-11-20T00:00:00Z' });
    expect((await verified(t, before)).payload).toMatchObject({ score: 71.3 });
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public keys as a JWK set, cacheable for five minutes, with a validator', async () => {
    const res = await get(t, '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/jwk-set+json');
    expect(parseCacheControl(res.headers['cache-control'])).toEqual(new Map<string, string | true>([['public', true], ['max-age', '300']]));
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const { keys } = JwksSchema.parse(JSON.parse(res.body as string));
    expect(keys).toEqual([{ ...ed25519.publicKey.export({ format: 'jwk' }), kid: expect.any(String), alg: 'EdDSA', use: 'sig' }]);
    const again = await request(t.app).get('/.well-known/jwks.json').set('If-None-Match', String(res.headers.etag));
    expect(again.status).toBe(304);
  });

  it('keeps a rotated-out key, so attestations it signed still verify, while the new key signs', async () => {
    const old = (await get(t, '/v1/attestations/npm/sharp')).body as string;
    const rotated = await createTestApp({ SIGNING_KEY: `${spki(ed25519)}\n${pkcs8(p256)}` });
    try {
      const { keys } = JwksSchema.parse(JSON.parse((await get(rotated, '/.well-known/jwks.json')).body as string));
      expect(keys.map((k) => k.alg)).toEqual(['EdDSA', 'ES256']);
      expect((await verified(rotated, old)).payload).toMatchObject({ sub: 'npm/sharp' });
      const fresh = (await get(rotated, '/v1/attestations/npm/sharp')).body as string;
      expect(decodeProtectedHeader(fresh)).toMatchObject({ alg: 'ES256', kid: keys[1]!.kid });
      expect((await verified(rotated, fresh)).payload).toMatchObject({ sub: 'npm/sharp' });
      // The old service never had the new key.
      await expect(verified(t, fresh)).rejects.toThrow();
    } finally {
      await rotated.close();
    }
  });
});

describe('without SIGNING_KEY', () => {
  it('signs with an ephemeral key, and warns once that it is one', async () => {
    const { logger, lines } = captureLogs();
    const app = await createTestApp({}, [], { logger });
    try {
      const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level >= 40);
      expect(warnings.map((w) => w.msg)).toEqual([EPHEMERAL_KEY_WARNING]);
      expect(EPHEMERAL_KEY_WARNING).toMatch(/ephemeral.*SIGNING_KEY/);
      const token = (await get(app, '/v1/attestations/npm/sharp')).body as string;
      expect((await verified(app, token)).payload).toMatchObject({ sub: 'npm/sharp' });
      await expect(verified(t, token)).rejects.toThrow();
    } finally {
      await app.close();
    }
  });
});

describe('the miss limit', () => {
  it('counts attestations as JSON misses and refuses past the budget with a problem document', async () => {
    const limited = await createTestApp({ SIGNING_KEY: pkcs8(ed25519), RATE_LIMIT_MISSES_PER_MINUTE: '1', RATE_LIMIT_BURST: '0' });
    try {
      const statuses: number[] = [];
      for (const target of ['npm/sharp', 'pypi/sharp', 'web/OpenRouter']) statuses.push((await request(limited.app).get(`/v1/attestations/${target}`)).status);
      expect(statuses).toContain(429);
      const refused = await request(limited.app).get('/v1/attestations/github/haotian-liu/LLaVA');
      expect([refused.status, refused.headers['content-type'], refused.body.code]).toEqual([429, 'application/problem+json; charset=utf-8', 'rate_limited']);
    } finally {
      await limited.close();
    }
  });
});
