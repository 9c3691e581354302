// The service's signing keys and what signs with them: SIGNING_KEY's text (PEM blocks or JWK JSON)
// read into Ed25519 / P-256 keys, and a Signer that makes and checks compact JWSs through `jose`.
// Never prints key material: problems name a key by its position and type only. No hand-made crypto.

import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { base64url, calculateJwkThumbprint, createLocalJWKSet, jwtVerify, SignJWT, type JWK } from 'jose';

export const SIGNING_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** One key: a private key signs (its public half is derived from it); a public-only key is retired and only verifies. */
export interface SigningKey {
  alg: SigningAlgorithm;
  privateKey: KeyObject | null;
  publicKey: KeyObject;
}

/** Oldest first; the last key with a private half signs. */
export type SigningKeys = readonly SigningKey[];

export type SigningKeysParse = { ok: true; keys: SigningKeys } | { ok: false; problems: string[] };

export interface Signer {
  /** Signs `claims` as a compact JWS with the newest key: header {alg, kid, typ}; adds iat, and exp = iat + ttlSeconds. */
  sign(claims: Record<string, unknown>, options: { typ: string; ttlSeconds: number }): Promise<string>;
  /** The claims of a token this service signed with any of its keys, of this `typ`, not expired; null otherwise (never throws for bad tokens). */
  verify(token: string, options: { typ: string }): Promise<Record<string, unknown> | null>;
  /** The public keys, newest last: { keys: [{ kty, crv, x, (y), kid, alg, use: 'sig' }] } */
  jwks(): Promise<{ keys: Record<string, unknown>[] }>;
  /** True when no key was configured and this process made its own. */
  readonly ephemeral: boolean;
}

/** What a PEM block's label says it holds; `EC PARAMETERS` (as `openssl ecparam -genkey` writes it) is skipped. */
const PEM_LABELS: Readonly<Record<string, 'private' | 'public' | 'skip'>> = {
  'PRIVATE KEY': 'private',
  'EC PRIVATE KEY': 'private',
  'PUBLIC KEY': 'public',
  'EC PARAMETERS': 'skip',
};
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]{1,40})-----([\s\S]*?)-----END \1-----/g;
/** Far beyond any attestation or seal ticket: longer tokens are refused unread. */
const MAX_TOKEN_CHARS = 64 * 1024;
const ACCEPTED = 'only Ed25519 (EdDSA) and EC P-256 (ES256) keys are accepted';

/** Reads SIGNING_KEY's text: PEM blocks (PKCS#8, SPKI, SEC1), or JSON (a JWK, an array of them, or a JWKS). */
export function parseSigningKeys(text: string): SigningKeysParse {
  const trimmed = text.trim();
  const read = trimmed.startsWith('{') || trimmed.startsWith('[') ? readJson(trimmed) : readPem(trimmed);
  if (!read.ok) return read;
  const problems = read.keys.flatMap((key, i) => (typeof key === 'string' ? [`key ${i + 1} ${key}`] : []));
  const keys = read.keys.filter((key): key is SigningKey => typeof key !== 'string');
  if (problems.length > 0) return { ok: false, problems };
  const seen = new Map<string, number>();
  keys.forEach((key, i) => {
    const id = JSON.stringify(key.publicKey.export({ format: 'jwk' }));
    const first = seen.get(id);
    if (first !== undefined) problems.push(`key ${i + 1} is the same key as key ${first + 1}`);
    else seen.set(id, i);
  });
  if (keys.length === 0) problems.push('holds no key');
  else if (!keys.some((key) => key.privateKey !== null)) problems.push('holds no private key: the newest private key signs, public keys only verify');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, keys: Object.freeze(keys.map((key) => Object.freeze(key))) };
}

/** Each key, or what is wrong with it (worded to follow `key N `). */
type KeysRead = { ok: true; keys: (SigningKey | string)[] } | { ok: false; problems: string[] };

function readPem(text: string): KeysRead {
  if (!text.includes('-----BEGIN ')) return { ok: false, problems: ['is neither PEM (-----BEGIN PRIVATE KEY-----) nor JSON (a JWK, an array of JWKs, or {"keys": [...]})'] };
  const blocks = [...text.matchAll(PEM_BLOCK)];
  const keys: (SigningKey | string)[] = [];
  for (const [block, label = ''] of blocks) {
    const kind = PEM_LABELS[label];
    if (kind === 'skip') continue;
    if (kind === undefined) {
      keys.push(`is a PEM "${label}" block: ${label.includes('ENCRYPTED') ? 'give it unencrypted' : 'use PKCS#8 "PRIVATE KEY" or SPKI "PUBLIC KEY"'}`);
      continue;
    }
    try {
      keys.push(checkKey(kind === 'private' ? createPrivateKey(block) : createPublicKey(block), `PEM "${label}"`));
    } catch {
      keys.push(`(PEM "${label}") cannot be read as a key`);
    }
  }
  const begun = text.split('-----BEGIN ').length - 1;
  if (begun !== blocks.length) return { ok: false, problems: [`has ${begun - blocks.length} PEM block(s) without a matching END line`] };
  return { ok: true, keys };
}

function readJson(text: string): KeysRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text, which may be key material.
    return { ok: false, problems: ['is not valid JSON'] };
  }
  const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.keys) ? value.keys : isObject(value) && 'kty' in value ? [value] : null;
  if (list === null) return { ok: false, problems: ['is JSON but not a JWK, an array of JWKs, or {"keys": [...]}'] };
  return { ok: true, keys: list.map(readJwk) };
}

function readJwk(jwk: unknown): SigningKey | string {
  if (!isObject(jwk)) return 'is not a JWK object';
  const kty = safeName(jwk.kty);
  const crv = safeName(jwk.crv);
  const alg = kty === 'OKP' && crv === 'Ed25519' ? 'EdDSA' : kty === 'EC' && crv === 'P-256' ? 'ES256' : null;
  if (alg === null) return `is ${describeJwk(kty, crv)}: ${ACCEPTED}`;
  if (jwk.alg !== undefined && jwk.alg !== alg) return `is a ${crv} JWK with "alg" ${safeName(jwk.alg)}, not ${alg}`;
  if (jwk.use !== undefined && jwk.use !== 'sig') return `is a JWK for "use" ${safeName(jwk.use)}, not "sig"`;
  try {
    const key = jwk.d === undefined ? createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }) : createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    return checkKey(key, `${crv} JWK`);
  } catch {
    return `(${crv} JWK) cannot be read as a key`;
  }
}

/** The key as a SigningKey when it is Ed25519 or P-256, else what it is. */
function checkKey(key: KeyObject, source: string): SigningKey | string {
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const alg = type === 'ed25519' ? 'EdDSA' : type === 'ec' && curve === 'prime256v1' ? 'ES256' : null;
  if (alg === null) return `(${source}) is ${describeNodeKey(type, curve)}: ${ACCEPTED}`;
  return key.type === 'private' ? { alg, privateKey: key, publicKey: createPublicKey(key) } : { alg, privateKey: null, publicKey: key };
}

function describeNodeKey(type: string | undefined, curve: string | undefined): string {
  if (type === 'rsa' || type === 'rsa-pss') return 'an RSA key';
  if (type === 'ec') return `an EC key on ${curve ?? 'an unnamed curve'}`;
  if (type === 'x25519' || type === 'x448') return `an ${type.toUpperCase()} key (key agreement, not signatures)`;
  return `an ${type ?? 'unknown'} key`;
}

function describeJwk(kty: string, crv: string): string {
  if (kty === 'oct') return 'a symmetric ("oct") key';
  if (kty === 'RSA') return 'an RSA key';
  if (kty === 'EC') return `an EC key on ${crv}`;
  if (kty === 'OKP') return `an OKP key on ${crv}${crv === 'X25519' || crv === 'X448' ? ' (key agreement, not signatures)' : ''}`;
  return `a key of type ${kty}`;
}

/** A short identifier from the key's own text, quoted only when it cannot be key material. */
function safeName(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9+-]{1,16}$/.test(value) ? value : value === undefined ? '(none)' : '(unreadable)';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface PreparedKey {
  kid: string;
  alg: SigningAlgorithm;
  jwk: Record<string, unknown>;
}

/**
 * Signs with the newest private key of `keys`, verifies with any of them. With `keys` null it
 * makes an Ed25519 pair of its own and calls `onEphemeral` (once, now). `now`: the clock of
 * iat, exp and expiry checks.
 */
export function createSigner(keys: SigningKeys | null, options: { onEphemeral: () => void; now?: () => Date }): Signer {
  const now = options.now ?? (() => new Date());
  const ephemeral = keys === null;
  const held: SigningKeys = keys ?? [ephemeralKey()];
  const signing = held.findLast((key) => key.privateKey !== null);
  if (signing === undefined) throw new TypeError('createSigner needs at least one private key');
  if (ephemeral) options.onEphemeral();

  // kids are thumbprints, which jose computes asynchronously: worked out at first use, once.
  let ready: Promise<{ published: PreparedKey[]; signingKid: string; keySet: ReturnType<typeof createLocalJWKSet> }> | null = null;
  const prepared = () =>
    (ready ??= (async () => {
      const published = await Promise.all(
        held.map(async (key): Promise<PreparedKey> => {
          const { kty, crv, x, y } = key.publicKey.export({ format: 'jwk' });
          const jwk = { kty, crv, x, ...(y === undefined ? {} : { y }) };
          return { kid: await calculateJwkThumbprint(jwk as JWK, 'sha256'), alg: key.alg, jwk };
        }),
      );
      const keySet = createLocalJWKSet({ keys: published.map(publicJwkOf) as JWK[] });
      return { published, signingKid: published[held.indexOf(signing)]!.kid, keySet };
    })());

  return {
    ephemeral,
    async sign(claims, { typ, ttlSeconds }) {
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new RangeError(`ttlSeconds must be a whole number ≥ 1, not ${ttlSeconds}`);
      const { signingKid } = await prepared();
      const iat = Math.floor(now().getTime() / 1000);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: signing.alg, kid: signingKid, typ })
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(signing.privateKey!);
    },
    async verify(token, { typ }) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !hasCanonicalSignature(token)) return null;
      try {
        const { keySet } = await prepared();
        const { payload } = await jwtVerify(token, keySet, { typ, algorithms: [...SIGNING_ALGORITHMS], currentDate: now(), requiredClaims: ['iat', 'exp'] });
        return payload as Record<string, unknown>;
      } catch {
        // Whatever is wrong with a token, it is not one of ours: fail closed.
        return null;
      }
    },
    async jwks() {
      const { published } = await prepared();
      return { keys: published.map(publicJwkOf) };
    },
  };
}

/**
 * Whether a compact JWS's signature is written as an encoder writes it. Its last character carries
 * bits that decoders ignore, so without this check a token would have several spellings that verify
 * (an altered token must never verify).
 */
export function hasCanonicalSignature(token: string): boolean {
  const signature = token.slice(token.lastIndexOf('.') + 1);
  try {
    return signature !== '' && base64url.encode(base64url.decode(signature)) === signature;
  } catch {
    return false;
  }
}

/** As the JWKS publishes a key: a fresh object each time. */
function publicJwkOf(key: PreparedKey): Record<string, unknown> {
  return { ...key.jwk, kid: key.kid, alg: key.alg, use: 'sig' };
}

function ephemeralKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { alg: 'EdDSA', privateKey, publicKey };
}
