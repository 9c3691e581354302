// Where `trustbadge verify` gets the keys: a JWK set file (offline), or a URL whose answer is kept
// in a cache folder and used for as long as it holds the token's key; fetched again only when it does not (a rotation).

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';

export type KeySetSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/** The key set could not be fetched or read: `trustbadge verify` exits 3. */
export class KeySetError extends Error {}

export interface KeySetIo {
  fetch: typeof fetch;
  readFile: (path: string) => Promise<string>;
  /** Fetched key sets are kept here, one file per URL. */
  cacheDir: string;
  stderr: { write(text: string): unknown };
  version: string;
}

/** Key sets are a few keys: anything longer is no key set. */
const MAX_KEY_SET_CHARS = 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;

/** The cache file of one URL: its SHA-256, so any URL makes a safe file name. */
export function cacheFileFor(cacheDir: string, url: string): string {
  return join(cacheDir, `${createHash('sha256').update(url).digest('hex')}.json`);
}

/**
 * The key set of `source` for a token whose key is `kid`. A URL's cached copy is used when it
 * holds `kid` (and `refresh` is off); else the URL is fetched and the cache replaced.
 */
export async function loadKeySet(source: KeySetSource, kid: string, io: KeySetIo, options: { refresh: boolean }): Promise<{ jwks: JSONWebKeySet; fetched: boolean }> {
  if (source.kind === 'file') {
    let text: string;
    try {
      text = await io.readFile(source.path);
    } catch (error) {
      throw new KeySetError(`cannot read the key set ${source.path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    return { jwks: parseKeySet(text, source.path), fetched: false };
  }
  const cacheFile = cacheFileFor(io.cacheDir, source.url);
  if (!options.refresh) {
    const cached = await readCached(cacheFile);
    if (cached !== null && cached.keys.some((key) => key.kid === kid)) return { jwks: cached, fetched: false };
  }
  const text = await fetchText(source.url, io);
  const jwks = parseKeySet(text, source.url);
  await keep(cacheFile, text, io);
  return { jwks, fetched: true };
}

async function readCached(file: string): Promise<JSONWebKeySet | null> {
  try {
    return parseKeySet(await readFile(file, 'utf8'), file);
  } catch {
    // Absent or damaged: fetched again.
    return null;
  }
}

async function fetchText(url: string, io: KeySetIo): Promise<string> {
  let res: Response;
  try {
    res = await io.fetch(url, {
      headers: { accept: 'application/jwk-set+json, application/json', 'user-agent': `trustbadge-verify/${io.version}` },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      redirect: 'follow',
    });
  } catch (error) {
    const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    throw new KeySetError(`cannot fetch the key set ${url}: ${cause}`);
  }
  if (res.status !== 200) {
    await res.arrayBuffer().catch(() => undefined);
    throw new KeySetError(`cannot fetch the key set ${url}: it answered ${res.status}`);
  }
  const text = await res.text().catch((error: unknown) => {
    throw new KeySetError(`cannot fetch the key set ${url}: ${(error as Error).message}`);
  });
  return text;
}

/** Best effort: a cache that cannot be written costs a fetch next time, not this verification. */
async function keep(file: string, text: string, io: KeySetIo): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(io.cacheDir, { recursive: true, mode: 0o700 });
    await writeFile(temporary, text, { mode: 0o600 });
    // Atomic: a verification running alongside reads the old copy or the new one, never half of one.
    await rename(temporary, file);
  } catch (error) {
    io.stderr.write(`trustbadge verify: note: cannot keep the key set in ${io.cacheDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
  }
}

/** `{ "keys": [ {…}, … ] }`, or KeySetError naming `where`. */
export function parseKeySet(text: string, where: string): JSONWebKeySet {
  if (text.length > MAX_KEY_SET_CHARS) throw new KeySetError(`${where} is too large to be a key set`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KeySetError(`${where} is not JSON`);
  }
  const keys = typeof value === 'object' && value !== null ? (value as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key))) {
    throw new KeySetError(`${where} is not a JWK set ({"keys": [...]})`);
  }
  return { keys } as JSONWebKeySet;
}
