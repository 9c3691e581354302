// SIGNING_KEY's forms (PEM blocks, a JWK, JWK arrays, JWK sets) and the keys it refuses, and the
// Signer: rotation (the newest key signs, older tokens still verify), tampering, expiry, type, ephemeral keys.

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { calculateJwkThumbprint, decodeProtectedHeader, jwtVerify, createLocalJWKSet, type JWK } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { createSigner, parseSigningKeys, type SigningKeys } from '../../src/services/signing-keys.js';

type Pair = { privateKey: KeyObject; publicKey: KeyObject };
const ed25519 = (): Pair => generateKeyPairSync('ed25519');
const p256 = (): Pair => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pkcs8 = (pair: Pair): string => pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
const spki = (pair: Pair): string => pair.publicKey.export({ format: 'pem', type: 'spki' }) as string;
const privateJwk = (pair: Pair): Record<string, unknown> => pair.privateKey.export({ format: 'jwk' });
const publicJwk = (pair: Pair): Record<string, unknown> => pair.publicKey.export({ format: 'jwk' });

function keysOf(text: string): SigningKeys {
  const parsed = parseSigningKeys(text);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.keys;
}

function problemsOf(text: string): string[] {
  const parsed = parseSigningKeys(text);
  return parsed.ok ? [] : parsed.problems;
}

const TYP = 'test+jwt';
const T0 = new Date('2026-11-24T12:00:00Z');
const at = (date: Date) => () => date;
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('parseSigningKeys', () => {
  it('reads PKCS#8, SPKI and SEC1 PEM blocks, oldest first, skipping EC PARAMETERS', () => {
    const [a, b, c] = [ed25519(), p256(), p256()];
    const sec1 = c.privateKey.export({ format: 'pem', type: 'sec1' }) as string;
    const params = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n';
    const keys = keysOf(`${spki(a)}\n${pkcs8(b)}${params}${sec1}`.replace(/\n/g, '\r\n'));
    expect(keys.map((k) => [k.alg, k.privateKey === null ? 'public' : 'private'])).toEqual([['EdDSA', 'public'], ['ES256', 'private'], ['ES256', 'private']]);
    expect(keys[0]!.publicKey.equals(a.publicKey)).toBe(true);
    expect(keys[2]!.publicKey.equals(c.publicKey)).toBe(true);
    expect(Object.isFrozen(keys) && Object.isFrozen(keys[0])).toBe(true);
  });

  it('reads a JWK, an array of JWKs and a JWK set, with or without alg and use', () => {
    const [a, b] = [ed25519(), p256()];
    expect(keysOf(JSON.stringify(privateJwk(a))).map((k) => k.alg)).toEqual(['EdDSA']);
    expect(keysOf(JSON.stringify([publicJwk(a), { ...privateJwk(b), alg: 'ES256', use: 'sig', kid: 'mine' }])).map((k) => [k.alg, k.privateKey !== null]))
      .toEqual([['EdDSA', false], ['ES256', true]]);
    expect(keysOf(`  ${JSON.stringify({ keys: [{ ...privateJwk(a), alg: 'EdDSA' }] })}\n`)[0]!.publicKey.equals(a.publicKey)).toBe(true);
  });

  it.each<[string, () => string, RegExp]>([
    ['an RSA PEM key', () => pkcs8(generateKeyPairSync('rsa', { modulusLength: 1024 })), /^key 1 \(PEM "PRIVATE KEY"\) is an RSA key: only Ed25519 \(EdDSA\) and EC P-256 \(ES256\)/],
    ['a P-384 key', () => pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-384' })), /^key 1 .* is an EC key on secp384r1/],
    ['a secp256k1 key', () => spki(generateKeyPairSync('ec', { namedCurve: 'secp256k1' })), /^key 1 \(PEM "PUBLIC KEY"\) is an EC key on secp256k1/],
    ['an X25519 key', () => pkcs8(generateKeyPairSync('x25519')), /^key 1 .* is an X25519 key \(key agreement, not signatures\)/],
    ['an Ed448 key', () => pkcs8(generateKeyPairSync('ed448')), /^key 1 .* is an ed448 key/],
    ['an RSA PRIVATE KEY block', () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs1' }) as string, /^key 1 is a PEM "RSA PRIVATE KEY" block: use PKCS#8/],
    ['an encrypted key', () => ed25519().privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string, /^key 1 is a PEM "ENCRYPTED PRIVATE KEY" block: give it unencrypted/],
    ['a damaged PEM body', () => '-----BEGIN PRIVATE KEY-----\nAAAAsecretmaterial\n-----END PRIVATE KEY-----', /^key 1 \(PEM "PRIVATE KEY"\) cannot be read as a key$/],
    ['a PEM block without its END', () => pkcs8(ed25519()).replace(/-----END[^\n]*/, ''), /without a matching END line/],
    ['a symmetric JWK', () => JSON.stringify({ kty: 'oct', k: 'c2VjcmV0bWF0ZXJpYWw' }), /^key 1 is a symmetric \("oct"\) key/],
    ['an RSA JWK', () => JSON.stringify(privateJwk(generateKeyPairSync('rsa', { modulusLength: 1024 }))), /^key 1 is an RSA key/],
    ['a P-384 JWK', () => JSON.stringify([privateJwk(ed25519()), publicJwk(generateKeyPairSync('ec', { namedCurve: 'P-384' }))]), /^key 2 is an EC key on P-384/],
    ['an X25519 JWK', () => JSON.stringify(privateJwk(generateKeyPairSync('x25519'))), /^key 1 is an OKP key on X25519 \(key agreement/],
    ['a JWK whose alg is not its curve\'s', () => JSON.stringify({ ...privateJwk(p256()), alg: 'ES384' }), /^key 1 is a P-256 JWK with "alg" ES384, not ES256/],
    ['a JWK for encryption', () => JSON.stringify({ ...privateJwk(ed25519()), use: 'enc' }), /not "sig"/],
    ['a damaged JWK', () => JSON.stringify({ ...privateJwk(ed25519()), d: 'AAAA' }), /^key 1 \(Ed25519 JWK\) cannot be read as a key$/],
    ['text that is neither', () => 'hunter2-not-a-key', /^is neither PEM .* nor JSON/],
    ['broken JSON', () => '{"kty": "OKP", "d": "secretmaterial"', /^is not valid JSON$/],
    ['JSON of another shape', () => JSON.stringify({ hello: 'world' }), /^is JSON but not a JWK/],
    ['public keys only', () => spki(ed25519()), /^holds no private key/],
    ['an empty key set', () => '{"keys": []}', /^holds no key$/],
  ])('refuses %s, naming its position and type', (_, text, problem) => {
    const value = text();
    const problems = problemsOf(value);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
    expect(problems[0]).not.toMatch(/secretmaterial|c2VjcmV0|hunter2|MC4CAQAw/);
  });

  it('refuses the same key twice, and reports every bad key at once', () => {
    const a = ed25519();
    expect(problemsOf(`${pkcs8(a)}${spki(a)}`)).toEqual(['key 2 is the same key as key 1']);
    const rsa = pkcs8(generateKeyPairSync('rsa', { modulusLength: 1024 }));
    expect(problemsOf(`${rsa}${pkcs8(a)}${spki(generateKeyPairSync('x25519'))}`)).toEqual([
      expect.stringMatching(/^key 1 .* RSA/),
      expect.stringMatching(/^key 3 .* X25519/),
    ]);
  });
});

describe('createSigner', () => {
  it('signs with the newest private key; tokens of the older key keep verifying', async () => {
    const [old, current] = [ed25519(), p256()];
    const before = createSigner(keysOf(pkcs8(old)), { onEphemeral: () => undefined, now: at(T0) });
    const oldToken = await before.sign({ sub: 'npm/sharp' }, { typ: TYP, ttlSeconds: 3600 });
    // Rotated: the old key stays as a public key, the new one is appended.
    const after = createSigner(keysOf(`${spki(old)}${pkcs8(current)}`), { onEphemeral: () => undefined, now: at(T0) });
    const newToken = await after.sign({ sub: 'npm/sharp' }, { typ: TYP, ttlSeconds: 3600 });
    const { keys } = await after.jwks();
    expect(keys.map((k) => [k.kty, k.crv, k.alg, k.use])).toEqual([['OKP', 'Ed25519', 'EdDSA', 'sig'], ['EC', 'P-256', 'ES256', 'sig']]);
    expect(keys.every((k) => !('d' in k))).toBe(true);
    expect(keys[1]!.kid).toBe(await calculateJwkThumbprint(publicJwk(current) as JWK));
    expect(decodeProtectedHeader(newToken)).toEqual({ alg: 'ES256', kid: keys[1]!.kid, typ: TYP });
    expect(decodeProtectedHeader(oldToken).kid).toBe(keys[0]!.kid);
    expect(await after.verify(oldToken, { typ: TYP })).toMatchObject({ sub: 'npm/sharp' });
    expect(await after.verify(newToken, { typ: TYP })).toEqual({ sub: 'npm/sharp', iat: T0.getTime() / 1000, exp: T0.getTime() / 1000 + 3600 });
    // The old signer never had the new key.
    expect(await before.verify(newToken, { typ: TYP })).toBeNull();
    // Anyone verifies with the published keys alone.
    const { payload } = await jwtVerify(newToken, createLocalJWKSet({ keys: keys as JWK[] }), { currentDate: T0 });
    expect(payload.sub).toBe('npm/sharp');
  });

  it('the newest private key signs even when retired keys follow it', async () => {
    const [a, b] = [ed25519(), ed25519()];
    const signer = createSigner(keysOf(`${pkcs8(a)}${spki(b)}`), { onEphemeral: () => undefined });
    const { keys } = await signer.jwks();
    expect(decodeProtectedHeader(await signer.sign({}, { typ: TYP, ttlSeconds: 60 })).kid).toBe(keys[0]!.kid);
  });

  it('refuses altered payloads, headers and signatures, expired tokens and other types', async () => {
    const signer = createSigner(keysOf(pkcs8(ed25519())), { onEphemeral: () => undefined, now: at(T0) });
    const token = await signer.sign({ sub: 'npm/sharp', score: 44 }, { typ: TYP, ttlSeconds: 60 });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const reencode = (part: string, change: (value: Record<string, unknown>) => Record<string, unknown>) =>
      Buffer.from(JSON.stringify(change(JSON.parse(Buffer.from(part, 'base64url').toString())))).toString('base64url');
    const flipped = Buffer.from(signature, 'base64url');
    flipped[10]! ^= 1;
    for (const altered of [
      `${header}.${reencode(payload, (p) => ({ ...p, score: 95 }))}.${signature}`,
      `${reencode(header, (h) => ({ ...h, typ: 'other+jwt' }))}.${payload}.${signature}`,
      `${reencode(header, (h) => ({ ...h, alg: 'none' }))}.${payload}.`,
      `${header}.${payload}.${flipped.toString('base64url')}`,
      `${header}.${payload}`,
      '',
      'x'.repeat(100_000),
    ]) {
      expect(await signer.verify(altered, { typ: TYP }), altered.slice(0, 80)).toBeNull();
    }
    expect(await signer.verify(token, { typ: 'other+jwt' })).toBeNull();
    expect(await signer.verify(null as unknown as string, { typ: TYP })).toBeNull();
    const clock = { now: T0 };
    const timed = createSigner(keysOf(pkcs8(ed25519())), { onEphemeral: () => undefined, now: () => clock.now });
    const short = await timed.sign({}, { typ: TYP, ttlSeconds: 60 });
    clock.now = later(59);
    expect(await timed.verify(short, { typ: TYP })).not.toBeNull();
    clock.now = later(60);
    expect(await timed.verify(short, { typ: TYP })).toBeNull();
  });

  it('never verifies a token with any one character changed', async () => {
    const signer = createSigner(null, { onEphemeral: () => undefined, now: at(T0) });
    const token = await signer.sign({ sub: 'npm/sharp', grade: 'B' }, { typ: TYP, ttlSeconds: 600 });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (position, character) => {
        fc.pre(token[position] !== character);
        const altered = `${token.slice(0, position)}${character}${token.slice(position + 1)}`;
        expect(await signer.verify(altered, { typ: TYP })).toBeNull();
      }),
      { numRuns: 500 },
    );
    // The signature's last character in full: its unused bits must not give a second spelling.
    for (const character of alphabet.slice(0, 64)) {
      if (character === token.at(-1)) continue;
      expect(await signer.verify(`${token.slice(0, -1)}${character}`, { typ: TYP }), character).toBeNull();
    }
  });

  it('makes an ephemeral Ed25519 key when given none, and says so once', async () => {
    const onEphemeral = vi.fn();
    const signer = createSigner(null, { onEphemeral });
    expect([signer.ephemeral, onEphemeral.mock.calls.length]).toEqual([true, 1]);
    const token = await signer.sign({ a: 1 }, { typ: TYP, ttlSeconds: 60 });
    await signer.jwks();
    expect(await signer.verify(token, { typ: TYP })).toMatchObject({ a: 1 });
    expect(onEphemeral).toHaveBeenCalledTimes(1);
    expect((await signer.jwks()).keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' })]);
    // Each process its own: another signer does not accept it.
    expect(await createSigner(null, { onEphemeral }).verify(token, { typ: TYP })).toBeNull();
    const configured = vi.fn();
    expect(createSigner(keysOf(pkcs8(ed25519())), { onEphemeral: configured }).ephemeral).toBe(false);
    expect(configured).not.toHaveBeenCalled();
  });

  it('does not change the claims it is given, and refuses a ttl that is no whole number of seconds', async () => {
    const signer = createSigner(null, { onEphemeral: () => undefined });
    const claims = { sub: 'x' };
    await signer.sign(claims, { typ: TYP, ttlSeconds: 60 });
    expect(claims).toEqual({ sub: 'x' });
    await expect(signer.sign(claims, { typ: TYP, ttlSeconds: 0.5 })).rejects.toThrow(RangeError);
  });
});
