// `trustbadge verify FILE|-`: checks a saved attestation (GET /v1/attestations/…) against a JWK set
// file or URL (cached: offline after the first fetch) with jose. Exit 0 valid, 1 not valid (the
// reason on stderr), 2 usage or unreadable input, 3 no key set. Everything it touches comes in through VerifyIo.

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { z } from 'zod';
import { loadVerifyEnvironment, type VerifyEnvironment } from '../config.js';
import { ATTESTATION_TYPE } from '../schema/attestation.js';
import { hasCanonicalSignature } from '../services/signing-keys.js';
import { KeySetError, loadKeySet, type KeySetSource } from './jwks-source.js';

export const EXIT = { valid: 0, invalid: 1, usage: 2, noKeySet: 3 } as const;
type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const ALGORITHMS = ['EdDSA', 'ES256'];
/** The key types each algorithm verifies with. */
const KEY_OF_ALG: Readonly<Record<string, { kty: string; crv: string }>> = { EdDSA: { kty: 'OKP', crv: 'Ed25519' }, ES256: { kty: 'EC', crv: 'P-256' } };
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_CHARS = 64 * 1024;
/** How far a token's iat may lie ahead of this clock (clocks differ a little). */
const CLOCK_SKEW_SECONDS = 60;

export interface VerifyIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: VerifyEnvironment;
  fetch: typeof fetch;
  readFile: (path: string) => Promise<string>;
  readStdin: () => Promise<string>;
  now: () => Date;
  version: string;
}

export const USAGE = `usage: trustbadge verify FILE|- (--jwks URL|FILE | --server URL) [options]

Checks a saved attestation (GET /v1/attestations/{target}, a compact JWS) against the server's keys.
A fetched key set is kept in $XDG_CACHE_HOME/trustbadge/jwks (else ~/.cache/trustbadge/jwks) and
fetched again only for a key it lacks: verification is offline after the first fetch.

  --jwks URL|FILE   the key set (a file is read offline)
  --server URL      the server: its /.well-known/jwks.json (default: $TRUSTBADGE_SERVER)
  --refresh         fetch the key set even when the cached one holds the key
  --now ISO-8601    check expiry at this moment instead of the clock
  --json            print the result as JSON

Exit: 0 valid, 1 not valid (expired, altered, unknown key…), 2 usage or unreadable input, 3 no key set.
`;

/** Why the run stops, with its exit code. */
class Stop extends Error {
  constructor(readonly exit: ExitCode, message: string, readonly showUsage = false) {
    super(message);
  }
}

/** What is printed of a valid attestation's payload; anything else in it is left as it is. */
const SummarySchema = z.object({
  sub: z.string(),
  iss: z.string().optional(),
  grade: z.string(),
  score: z.number(),
  verified: z.boolean(),
  data_version: z.object({ version: z.number(), imported_at: z.string() }).nullable().optional(),
  iat: z.number(),
  exp: z.number(),
});

interface Options {
  file: string;
  source: KeySetSource;
  refresh: boolean;
  json: boolean;
  now: Date;
}

function readOptions(args: string[], io: VerifyIo): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { jwks: { type: 'string' }, server: { type: 'string' }, refresh: { type: 'boolean' }, json: { type: 'boolean' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new Stop(EXIT.usage, (error as Error).message, true);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return 'help';
  if (positionals.length !== 1) throw new Stop(EXIT.usage, positionals.length === 0 ? 'name the attestation: a FILE, or - for standard input' : 'verifies one attestation at a time', true);
  if (values.jwks !== undefined && values.server !== undefined) throw new Stop(EXIT.usage, 'give --jwks or --server, not both', true);
  const now = values.now === undefined ? io.now() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new Stop(EXIT.usage, `--now must be an ISO-8601 time, not "${values.now}"`, true);
  return { file: positionals[0]!, source: sourceOf(values.jwks, values.server ?? io.env.server), refresh: values.refresh === true, json: values.json === true, now };
}

function sourceOf(jwks: string | undefined, server: string | null): KeySetSource {
  if (jwks !== undefined) return /^https?:\/\//i.test(jwks) ? { kind: 'url', url: checkedUrl(jwks, '--jwks') } : { kind: 'file', path: jwks };
  if (server === null) throw new Stop(EXIT.usage, 'name the keys: --jwks URL|FILE or --server URL (or set TRUSTBADGE_SERVER)', true);
  return { kind: 'url', url: `${checkedUrl(server, '--server').replace(/\/+$/, '')}/.well-known/jwks.json` };
}

function checkedUrl(raw: string, flag: string): string {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new Stop(EXIT.usage, `${flag} must be an http(s) URL, not "${raw}"`, true);
  return url.href;
}

async function readToken(file: string, io: VerifyIo): Promise<string> {
  let text: string;
  try {
    text = file === '-' ? await io.readStdin() : await io.readFile(file);
  } catch (error) {
    throw new Stop(EXIT.usage, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const token = text.trim();
  const where = file === '-' ? 'standard input' : file;
  if (token.length > MAX_TOKEN_CHARS || !COMPACT_JWS.test(token)) throw new Stop(EXIT.usage, `${where} does not hold a compact JWS (three base64url parts joined by dots)`);
  return token;
}

/** The header's claims on a key, checked before any key is looked for. */
function readHeader(token: string): ProtectedHeaderParameters & { kid: string; alg: string } {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new Stop(EXIT.invalid, 'its header is not readable JSON: the token was altered or damaged');
  }
  if (typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg)) throw new Stop(EXIT.invalid, `it is signed with ${String(header.alg)}; only ${ALGORITHMS.join(' and ')} are accepted`);
  if (header.typ !== ATTESTATION_TYPE) throw new Stop(EXIT.invalid, `it is of type ${JSON.stringify(header.typ ?? null)}, not an attestation (${ATTESTATION_TYPE})`);
  if (typeof header.kid !== 'string' || header.kid === '') throw new Stop(EXIT.invalid, 'it names no key (kid)');
  return header as ProtectedHeaderParameters & { kid: string; alg: string };
}

async function check(token: string, options: Options, io: VerifyIo): Promise<{ payload: z.infer<typeof SummarySchema>; header: { kid: string; alg: string } }> {
  const header = readHeader(token);
  if (!hasCanonicalSignature(token)) throw new Stop(EXIT.invalid, 'its signature is not written as a signer writes it: the token was altered');
  const where = options.source.kind === 'file' ? options.source.path : options.source.url;
  let jwks;
  try {
    ({ jwks } = await loadKeySet(options.source, header.kid, { ...io, cacheDir: io.env.jwksCacheDir }, { refresh: options.refresh }));
  } catch (error) {
    if (error instanceof KeySetError) throw new Stop(EXIT.noKeySet, error.message);
    throw error;
  }
  const key = jwks.keys.find((k) => k.kid === header.kid);
  if (key === undefined) throw new Stop(EXIT.invalid, `its key ${header.kid} is not in ${where}: a key that server never had, or one it retired`);
  const wanted = KEY_OF_ALG[header.alg]!;
  if (key.kty !== wanted.kty || key.crv !== wanted.crv) {
    throw new Stop(EXIT.invalid, `its key ${header.kid} is ${String(key.kty)}${key.crv === undefined ? '' : ` ${String(key.crv)}`} in ${where}, which cannot verify ${header.alg}`);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      typ: ATTESTATION_TYPE, algorithms: ALGORITHMS, currentDate: options.now, requiredClaims: ['iat', 'exp', 'sub'],
    }));
  } catch (error) {
    throw new Stop(errorExit(error), reasonOf(error, header.kid, where));
  }
  if ((payload.iat ?? 0) > options.now.getTime() / 1000 + CLOCK_SKEW_SECONDS) throw new Stop(EXIT.invalid, `it is not valid yet: issued ${isoOf(payload.iat!)}`);
  const summary = SummarySchema.safeParse(payload);
  if (!summary.success) throw new Stop(EXIT.invalid, `its payload is not a trustbadge report (${summary.error.issues[0]?.path.join('.') ?? 'shape'})`);
  return { payload: summary.data, header };
}

/**
 * A key the set holds but cannot be used is the key set's fault: jose's key errors, and the
 * platform's own (WebCrypto's DataError for a damaged key), as the token was read before. Anything else is the token's.
 */
const isKeyError = (error: unknown): boolean =>
  error instanceof errors.JWKInvalid || error instanceof errors.JOSENotSupported || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError);

function errorExit(error: unknown): ExitCode {
  return isKeyError(error) ? EXIT.noKeySet : EXIT.invalid;
}

function reasonOf(error: unknown, kid: string, where: string): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not match: the token was altered, or signed by another key';
  if (error instanceof errors.JWTExpired) return `it expired at ${typeof error.payload.exp === 'number' ? isoOf(error.payload.exp) : 'a time it states wrongly'}`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'it is not valid yet (nbf)';
    return error.reason === 'missing' ? `it lacks the "${error.claim}" claim` : `its "${error.claim}" claim is not valid`;
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return `no single key in ${where} verifies it (kid ${kid})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return `its algorithm is not accepted (only ${ALGORITHMS.join(' and ')})`;
  if (isKeyError(error)) return `the key ${kid} in ${where} cannot be used (${error instanceof Error ? error.message : String(error)})`;
  return `it is not a valid token: ${(error as Error).message}`;
}

const isoOf = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

function render(payload: z.infer<typeof SummarySchema>, header: { kid: string; alg: string }, json: boolean): string {
  const summary = {
    valid: true,
    subject: payload.sub,
    grade: payload.grade,
    score: payload.score,
    verified: payload.verified,
    data_version: payload.data_version?.version ?? null,
    issuer: payload.iss ?? null,
    issued_at: isoOf(payload.iat),
    expires_at: isoOf(payload.exp),
    kid: header.kid,
    alg: header.alg,
  };
  if (json) return `${JSON.stringify(summary, null, 2)}\n`;
  const rows: [string, string][] = [
    ['subject', summary.subject],
    ['grade', summary.grade],
    ['score', String(summary.score)],
    ['verified', summary.verified ? 'yes' : 'no'],
    ['data version', summary.data_version === null ? 'none' : `${summary.data_version} (imported ${payload.data_version!.imported_at})`],
    ['issuer', summary.issuer ?? '—'],
    ['issued', summary.issued_at],
    ['expires', summary.expires_at],
    ['key', `${summary.kid} (${summary.alg})`],
  ];
  return `valid attestation\n${rows.map(([name, value]) => `  ${name.padEnd(13)}${value}`).join('\n')}\n`;
}

export async function runVerify(args: string[], io: VerifyIo): Promise<number> {
  let json = false;
  try {
    const options = readOptions(args, io);
    if (options === 'help') {
      io.stdout.write(USAGE);
      return EXIT.valid;
    }
    json = options.json;
    const { payload, header } = await check(await readToken(options.file, io), options, io);
    io.stdout.write(render(payload, header, options.json));
    return EXIT.valid;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const label = error.exit === EXIT.invalid ? 'not valid: ' : '';
    io.stderr.write(`trustbadge verify: ${label}${error.message}\n${error.showUsage ? `\n${USAGE}` : ''}`);
    if (json && error.exit !== EXIT.usage) io.stdout.write(`${JSON.stringify({ valid: false, exit: error.exit, reason: error.message })}\n`);
    return error.exit;
  }
}

/** The real world: process streams, environment and clock, node's fetch, files from disk. */
export function processVerifyIo(version: string): VerifyIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: loadVerifyEnvironment(),
    fetch: globalThis.fetch,
    readFile: (path) => readFile(path, 'utf8'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      for await (const chunk of process.stdin) {
        bytes += (chunk as Buffer).length;
        // No token is this long: the rest is not read.
        if (bytes > 2 * MAX_TOKEN_CHARS) throw new Error(`more than ${2 * MAX_TOKEN_CHARS} bytes`);
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    now: () => new Date(),
    version,
  };
}
