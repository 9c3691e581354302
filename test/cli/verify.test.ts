// `trustbadge verify` against attestations from the real app on a real socket: every exit code with
// its reason, the key set cache (offline after the first fetch, fetched again for a key it lacks), and any one-character change refused.

import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFileFor } from '../../src/cli/jwks-source.js';
import { runVerify, type VerifyIo } from '../../src/cli/verify.js';
import { loadVerifyEnvironment } from '../../src/config.js';
import { ATTESTATION_TYPE } from '../../src/schema/attestation.js';
import { createSigner, parseSigningKeys, type SigningKeys } from '../../src/services/signing-keys.js';
import { buildService, type BuiltService } from '../helpers/build.js';
import { listenTestApp, type ListeningApp } from '../helpers/listen.js';
import { createTestApp, FIXED_NOW, tempDir } from '../helpers/test-app.js';

const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
const keys = (parseSigningKeys(pem) as { keys: SigningKeys }).keys;
const dir = tempDir();
let t: Awaited<ReturnType<typeof createTestApp>>;
let served: ListeningApp;
let token: string;
let jwksUrl: string;
let jwksFile: string;

beforeAll(async () => {
  t = await createTestApp({ SIGNING_KEY: pem });
  served = await listenTestApp(t);
  token = await (await fetch(`${served.origin}/v1/attestations/npm/sharp`)).text();
  jwksUrl = `${served.origin}/.well-known/jwks.json`;
  jwksFile = file('jwks.json', await (await fetch(jwksUrl)).text());
});
afterAll(async () => {
  await served.close();
  await t.close();
  dir.remove();
});

let files = 0;
function file(name: string, text: string): string {
  const folder = join(dir.path, `f${files++}`);
  mkdirSync(folder);
  writeFileSync(join(folder, name), text);
  return join(folder, name);
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  fetches: number;
}

const offline = (async () => {
  throw new Error('offline');
}) as unknown as typeof fetch;

async function verify(args: string[], overrides: Partial<VerifyIo> & { cacheDir?: string; stdin?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let fetches = 0;
  const realFetch = overrides.fetch ?? globalThis.fetch;
  const code = await runVerify(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { server: null, jwksCacheDir: overrides.cacheDir ?? join(dir.path, `cache${files++}`) },
    readFile: (path) => readFile(path, 'utf8'),
    readStdin: async () => overrides.stdin ?? '',
    now: () => FIXED_NOW,
    version: '0.0.0-test',
    ...overrides,
    fetch: ((...a: Parameters<typeof fetch>) => {
      fetches++;
      return realFetch(...a);
    }) as typeof fetch,
  });
  return { code, stdout, stderr, fetches };
}

/** The token with its payload changed and re-encoded, its signature kept. */
function withPayload(change: (payload: Record<string, unknown>) => Record<string, unknown>, of = token): string {
  const [header, payload, signature] = of.split('.') as [string, string, string];
  const changed = change(JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>);
  return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
}

function withHeader(header: Record<string, unknown>, of = token): string {
  return `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${of.split('.').slice(1).join('.')}`;
}

describe('trustbadge verify', () => {
  it('exits 0 for a valid attestation, from a file or standard input, as text or JSON', async () => {
    const saved = file('sharp.jws', `${token}\n`);
    const run = await verify([saved, '--server', served.origin]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^valid attestation\n/);
    for (const row of [/subject +npm\/sharp/, /grade +[A-F]/, /score +\d/, /verified +(yes|no)/, /data version +\d+ \(imported /, /issued +2026-11-24T12:00:00Z/, /expires +2026-11-25T12:00:00Z/, /key +[\w-]{43} \(EdDSA\)/]) {
      expect(run.stdout).toMatch(row);
    }
    const json = await verify(['-', '--jwks', jwksFile, '--json'], { stdin: `  ${token}  \n` });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      valid: true, subject: 'npm/sharp', grade: expect.any(String), score: expect.any(Number), verified: expect.any(Boolean), data_version: expect.any(Number),
      issuer: served.origin, issued_at: '2026-11-24T12:00:00Z', expires_at: '2026-11-25T12:00:00Z', kid: expect.any(String), alg: 'EdDSA',
    });
    // TRUSTBADGE_SERVER stands in for --server.
    expect((await verify([saved], { env: { server: served.origin, jwksCacheDir: join(dir.path, 'env-cache') } })).code).toBe(0);
  });

  it('is offline after the first fetch, and fetches again only for a key the cache lacks', async () => {
    const cacheDir = join(dir.path, 'shared-cache');
    const saved = file('sharp.jws', token);
    const first = await verify([saved, '--server', served.origin], { cacheDir });
    expect([first.code, first.fetches]).toEqual([0, 1]);
    expect(JSON.parse(readFileSync(cacheFileFor(cacheDir, jwksUrl), 'utf8'))).toEqual(JSON.parse(readFileSync(jwksFile, 'utf8')));
    const second = await verify([saved, '--server', `${served.origin}/`], { cacheDir, fetch: offline });
    expect([second.code, second.fetches, second.stderr]).toEqual([0, 0, '']);
    // A rotation: the cache knows only an older key, so the set is fetched again, and kept.
    const older = await createSigner(null, { onEphemeral: () => undefined }).jwks();
    writeFileSync(cacheFileFor(cacheDir, jwksUrl), JSON.stringify(older));
    const rotated = await verify([saved, '--server', served.origin], { cacheDir });
    expect([rotated.code, rotated.fetches]).toEqual([0, 1]);
    expect((await verify([saved, '--server', served.origin], { cacheDir, fetch: offline })).code).toBe(0);
    // --refresh asks anyway; a damaged cache is fetched again too.
    expect((await verify([saved, '--server', served.origin, '--refresh'], { cacheDir })).fetches).toBe(1);
    writeFileSync(cacheFileFor(cacheDir, jwksUrl), '{"keys": [');
    expect(await verify([saved, '--server', served.origin], { cacheDir })).toMatchObject({ code: 0, fetches: 1 });
  });

  it('exits 1 naming the reason: expired, not yet valid, altered, unknown key, other type or algorithm, a key of the wrong type', async () => {
    const otherKey = createSigner(null, { onEphemeral: () => undefined, now: () => FIXED_NOW });
    const ours = createSigner(keys, { onEphemeral: () => undefined, now: () => FIXED_NOW });
    const [header] = token.split('.') as [string];
    const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
    const flipped = Buffer.from(token.split('.')[2]!, 'base64url');
    flipped[5]! ^= 0x80;
    const { keys: published } = JSON.parse(readFileSync(jwksFile, 'utf8')) as { keys: Record<string, unknown>[] };
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    const cases: [string, string, string[], RegExp][] = [
      ['expired', token, ['--now', '2026-11-25T12:00:00Z'], /not valid: it expired at 2026-11-25T12:00:00Z/],
      ['not yet valid', token, ['--now', '2026-11-24T11:00:00Z'], /not valid: it is not valid yet: issued 2026-11-24T12:00:00Z/],
      ['a changed score', withPayload((p) => ({ ...p, score: 99, grade: 'A' })), [], /not valid: the signature does not match/],
      ['a changed signature', `${token.split('.').slice(0, 2).join('.')}.${flipped.toString('base64url')}`, [], /the signature does not match/],
      ['a changed header', withHeader({ ...decodedHeader, extra: 1 }), [], /the signature does not match/],
      ['a header that is not JSON', `${Buffer.from('{"alg":').toString('base64url')}.${token.split('.').slice(1).join('.')}`, [], /its header is not readable JSON/],
      ['a key the server never had', await otherKey.sign({ sub: 'npm/sharp' }, { typ: ATTESTATION_TYPE, ttlSeconds: 60 }), [], /its key [\w-]+ is not in .*jwks\.json/],
      ['a seal ticket, not an attestation', await ours.sign({ sub: 'x' }, { typ: 'trustbadge-seal+jwt', ttlSeconds: 60 }), [], /is of type "trustbadge-seal\+jwt", not an attestation/],
      ['no typ', withHeader({ alg: 'EdDSA', kid: decodedHeader.kid }), [], /is of type null/],
      ['HS256', withHeader({ ...decodedHeader, alg: 'HS256' }), [], /signed with HS256; only EdDSA and ES256 are accepted/],
      ['alg none', `${withHeader({ ...decodedHeader, alg: 'none' }).split('.').slice(0, 2).join('.')}.AA`, [], /signed with none/],
      ['no kid', withHeader({ alg: 'EdDSA', typ: ATTESTATION_TYPE }), [], /names no key \(kid\)/],
      ['a payload that is no report', await ours.sign({ sub: 'npm/sharp' }, { typ: ATTESTATION_TYPE, ttlSeconds: 60 }), [], /its payload is not a trustbadge report \(grade\)/],
    ];
    for (const [what, jws, extra, reason] of cases) {
      const run = await verify([file('t.jws', jws), '--jwks', jwksFile, ...extra, '--json']);
      expect([run.code, run.stderr], what).toEqual([1, expect.stringMatching(reason)]);
      expect(JSON.parse(run.stdout), what).toMatchObject({ valid: false, exit: 1 });
    }
    // The set names the token's kid with a key of another type.
    const wrongType = file('jwks.json', JSON.stringify({ keys: [{ ...p256, kid: published[0]!.kid, alg: 'ES256', use: 'sig' }] }));
    const run = await verify([file('t.jws', token), '--jwks', wrongType]);
    expect([run.code, run.stderr]).toEqual([1, expect.stringMatching(/its key [\w-]+ is EC P-256 in .*, which cannot verify EdDSA/)]);
  });

  it('refuses any one-character change of a token', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    const saved = (jws: string) => file('t.jws', jws);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (position, character) => {
        fc.pre(token[position] !== character);
        const run = await verify([saved(`${token.slice(0, position)}${character}${token.slice(position + 1)}`), '--jwks', jwksFile]);
        expect(run.code).not.toBe(0);
        expect(run.stdout).toBe('');
      }),
      { numRuns: 150 },
    );
  });

  it('exits 2 on usage errors and input that is no attestation', async () => {
    const saved = file('t.jws', token);
    for (const args of [[], [saved, saved, '--jwks', jwksFile], [saved, '--jwks', jwksFile, '--server', served.origin], [saved, '--jwks', jwksFile, '--now', 'yesterday'],
      [saved, '--server', 'ftp://example.org'], [saved], [saved, '--frobnicate']]) {
      const run = await verify(args);
      expect([run.code, run.fetches], args.join(' ')).toEqual([2, 0]);
      expect(run.stderr).toMatch(/usage: trustbadge verify/);
    }
    for (const [args, stdin, reason] of [
      [[join(dir.path, 'absent.jws'), '--jwks', jwksFile], '', /cannot read .*absent\.jws \(ENOENT\)/],
      [[file('t.jws', 'not a token'), '--jwks', jwksFile], '', /does not hold a compact JWS/],
      [['-', '--jwks', jwksFile], '', /standard input does not hold a compact JWS/],
      [['-', '--jwks', jwksFile], `${token}.${token}`, /does not hold a compact JWS/],
    ] as [string[], string, RegExp][]) {
      const run = await verify(args, { stdin });
      expect([run.code, run.stderr], args.join(' ')).toEqual([2, expect.stringMatching(reason)]);
    }
  });

  it('exits 3 when the key set cannot be fetched or read', async () => {
    const saved = file('t.jws', token);
    const published = JSON.parse(readFileSync(jwksFile, 'utf8')) as { keys: Record<string, unknown>[] };
    for (const [args, reason] of [
      [['--jwks', join(dir.path, 'absent.json')], /cannot read the key set .*absent\.json \(ENOENT\)/],
      [['--jwks', file('jwks.json', 'not json')], /is not JSON/],
      [['--jwks', file('jwks.json', '{"keys": "none"}')], /is not a JWK set/],
      [['--jwks', file('jwks.json', JSON.stringify({ keys: [{ ...published.keys[0], x: 'AAAA' }] }))], /the key [\w-]+ in .* cannot be used/],
      [['--server', 'http://127.0.0.1:9'], /cannot fetch the key set http:\/\/127\.0\.0\.1:9\/\.well-known\/jwks\.json/],
      [['--jwks', `${served.origin}/no-such-keys.json`], /it answered 404/],
    ] as [string[], RegExp][]) {
      const run = await verify([saved, ...args]);
      expect([run.code, run.stderr], args.join(' ')).toEqual([3, expect.stringMatching(reason)]);
    }
  });
});

describe('loadVerifyEnvironment', () => {
  it('caches under $XDG_CACHE_HOME when it is absolute, else ~/.cache, and reads TRUSTBADGE_SERVER', () => {
    expect(loadVerifyEnvironment({ XDG_CACHE_HOME: '/var/cache/me', TRUSTBADGE_SERVER: 'https://trust.example.org' }, '/home/me'))
      .toEqual({ server: 'https://trust.example.org', jwksCacheDir: '/var/cache/me/trustbadge/jwks' });
    expect(loadVerifyEnvironment({ XDG_CACHE_HOME: 'relative' }, '/home/me')).toEqual({ server: null, jwksCacheDir: '/home/me/.cache/trustbadge/jwks' });
    expect(loadVerifyEnvironment({}, '/home/me').jwksCacheDir).toBe('/home/me/.cache/trustbadge/jwks');
  });
});

describe('trustbadge verify, compiled', () => {
  let built: BuiltService;
  beforeAll(async () => {
    built = await buildService();
    // The bin reads its version from the package.json beside dist/, as in the package.
    copyFileSync(resolve(import.meta.dirname, '../../package.json'), join(built.dist, '..', 'package.json'));
  }, 120_000);
  afterAll(() => built.remove());

  it('verifies from a file and from standard input, and keeps the key set in $XDG_CACHE_HOME for the next, offline run', async () => {
    const bin = join(built.dist, 'cli', 'trustbadge.js');
    const cacheHome = join(dir.path, 'xdg');
    const run = (args: string[], stdin = '') =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        // The test app signs at FIXED_NOW: this clock is an hour later.
        const child = execFile(process.execPath, [bin, 'verify', ...args, '--now', '2026-11-24T13:00:00Z'], { env: built.env({ XDG_CACHE_HOME: cacheHome }) }, (error, stdout, stderr) =>
          done({ code: error === null ? 0 : Number(error.code), stdout, stderr }));
        child.stdin!.end(stdin);
      });
    // A listener of its own, closed after the first run: the second has no server to ask.
    const own = await listenTestApp(t);
    const saved = file('sharp.jws', token);
    expect(await run([saved, '--server', own.origin])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^valid attestation\n {2}subject +npm\/sharp/) });
    await own.close();
    expect(existsSync(cacheFileFor(join(cacheHome, 'trustbadge', 'jwks'), `${own.origin}/.well-known/jwks.json`))).toBe(true);
    expect(await run(['-', '--server', own.origin, '--json'], token)).toMatchObject({ code: 0, stdout: expect.stringMatching(/"valid": true/) });
    expect(await run(['-', '--server', own.origin], withPayload((p) => ({ ...p, score: 100 })))).toMatchObject({ code: 1, stderr: expect.stringMatching(/signature does not match/) });
    expect(await run([saved, '--jwks', join(dir.path, 'absent.json')])).toMatchObject({ code: 3 });
    expect(await run([])).toMatchObject({ code: 2, stderr: expect.stringMatching(/usage: trustbadge verify/) });
  });
});
