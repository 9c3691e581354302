// The only reader of process.env: one zod schema gives each setting its variable, accepted forms,
// range and default (the forms: config-kinds.ts); loadConfig reports every problem at once, never quoting a secret, and freezes the result.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  byteSize, GiB, gradeScaleFrom, KiB, matching, MiB, oneOf, redisUrl, secretOfAtLeast, signingKeysFrom, siteUrl, text, trueOrFalse,
  trustProxyList, variable, wholeNumber, type Environment,
} from './config-kinds.js';

export type { TrustProxy } from './config-kinds.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const SETTINGS = z.object({
  /** 0 asks the OS for a free port (the 'listening' log line names it). */
  port: variable('PORT', wholeNumber(0, 65535), 3000),
  host: variable('HOST', text, '0.0.0.0'),
  /** `sqlite:<path>` or a postgres:// URL, which may hold a password. */
  databaseUrl: variable('DATABASE_URL', text, 'sqlite:./data/trustbadge.db'),
  /** null: admin routes answer 404. */
  adminToken: variable('ADMIN_TOKEN', secretOfAtLeast(16), null, {
    neededBy: 'ADMIN_PORT', because: 'without a token there are no admin routes to serve',
  }),
  /**
   * The one bound of what badges keep alive: rendered bytes with their compressed variants, and
   * the hot path's remembered answers (HOT_PATH_SHARE of it).
   */
  cacheMaxBytes: variable('CACHE_MAX_BYTES', byteSize(MiB), 64 * MiB),
  /**
   * How much of the SQLite file reads may map into memory; 0 reads pages through SQLite's own
   * bounded page cache instead. Mapped pages are the OS page cache, but they count in the RSS.
   */
  sqliteMmapBytes: variable('SQLITE_MMAP_BYTES', byteSize(0), 0),
  /**
   * The V8 heap of the thread that draws share cards (its old generation; a quarter more for the
   * young one). Below 24MiB the thread cannot hold its fonts and a card's layout.
   */
  cardHeapBytes: variable('CARD_HEAP_BYTES', byteSize(24 * MiB), 32 * MiB),
  /** Score history older than this is dropped as entities are written; an entity's newest point always stays. */
  historyRetentionDays: variable('HISTORY_RETENTION_DAYS', wholeNumber(1, 36_500), 730),
  /** Largest admin import body (POST /v1/import), counted as it streams in (decompressed). */
  importMaxBytes: variable('IMPORT_MAX_BYTES', byteSize(KiB), GiB),
  /**
   * Longest an admin import may run, from its request to its answer; past it the import is aborted
   * and rolled back (408), releasing the store's write lock. Bounds a client that trickles its body.
   */
  importMaxSeconds: variable('IMPORT_MAX_SECONDS', wholeNumber(1, 86_400), 900),
  /** A separate listener for the admin routes (then absent from the public port); null: none. */
  adminPort: variable('ADMIN_PORT', wholeNumber(0, 65535), null),
  adminHost: variable('ADMIN_HOST', text, '127.0.0.1'),
  /** Remembered store lookups (target → entity), forgotten exactly when a write touches them. */
  lookupCacheEntries: variable('LOOKUP_CACHE_ENTRIES', wholeNumber(1, 10_000_000), 100_000),
  /** What those lookups may keep alive, estimated per entry (strings at two bytes a character, objects included). */
  lookupCacheMaxBytes: variable('LOOKUP_CACHE_MAX_BYTES', byteSize(MiB), 64 * MiB),
  lookupCacheTtlSeconds: variable('LOOKUP_CACHE_TTL_SECONDS', wholeNumber(1, 86_400), 60),
  /** Badge URLs answered before Express, straight from memory. */
  hotPathEntries: variable('HOT_PATH_ENTRIES', wholeNumber(0, 10_000_000), 20_000),
  /** Cold renders in flight at once. */
  renderConcurrency: variable('RENDER_CONCURRENCY', wholeNumber(1, 64), 2),
  /** Cold renders that may wait for a slot before a 503. */
  renderQueueMax: variable('RENDER_QUEUE_MAX', wholeNumber(0, 100_000), 256),
  /** Base for links in JSON and snippets, no trailing slash; null: from the request. */
  publicUrl: variable('PUBLIC_URL', siteUrl, null),
  logLevel: variable('LOG_LEVEL', oneOf(LOG_LEVELS), 'info'),
  /** GRADE_THRESHOLDS=`A=80,B=70,C=60,D=40` (all four) and TRUST_THRESHOLD=`70`, scores from 0 to 100. */
  gradeScale: gradeScaleFrom('GRADE_THRESHOLDS', 'TRUST_THRESHOLD'),
  /** Cache-Control of a badge that shows a score. */
  badgeCacheControl: variable('BADGE_CACHE_CONTROL', matching(/^[^\r\n]*$/, 'one line'),
    'public, max-age=300, s-maxage=3600, stale-while-revalidate=86400, stale-if-error=604800'),
  /** Seconds a shields.io endpoint body asks shields to cache it. */
  shieldsCacheSeconds: variable('SHIELDS_CACHE_SECONDS', wholeNumber(0, 31_536_000), 300),
  /** Seed the sample catalogue into an empty store at start. */
  seedSampleData: variable('SEED_SAMPLE_DATA', trueOrFalse, true),
  fontsDir: variable('FONTS_DIR', text, `${ROOT}fonts`),
  sampleDataPath: variable('SAMPLE_DATA_PATH', text, `${ROOT}data/sample.ndjson`),
  /** The pages' static assets (CSS, JS, icon), served under content-hashed URLs. */
  publicDir: variable('PUBLIC_DIR', text, `${ROOT}public`),
  /** Most items one POST /v1/preflight takes. */
  batchMaxTargets: variable('BATCH_MAX_TARGETS', wholeNumber(1, 100_000), 1_000),
  /** Requests per client per minute that reach past the hot path (cache misses); 0 = no limit. */
  rateLimitMissesPerMinute: variable('RATE_LIMIT_MISSES_PER_MINUTE', wholeNumber(0, 1_000_000), 600),
  /** Extra misses a client may spend above that rate, at most this many per 10 minutes. */
  rateLimitBurst: variable('RATE_LIMIT_BURST', wholeNumber(0, 1_000_000), 300),
  /** Shared limiter state for every replica; null = each process counts alone. May hold a password. */
  redisUrl: variable('REDIS_URL', redisUrl, null),
  /** Prefix of the limiter's Redis keys (replicas that share it share budgets). */
  rateLimitKeyPrefix: variable('RATE_LIMIT_KEY_PREFIX', matching(/^[A-Za-z0-9:._-]{1,64}$/, '1 to 64 of A-Z a-z 0-9 : . _ -'),
    'trustbadge:rl'),
  /** Express `trust proxy`: which hops' X-Forwarded-For to believe for the client address. */
  trustProxy: variable('TRUST_PROXY', trustProxyList, false),
  /** Open connections per listener; more are closed as they arrive. Keep well below `ulimit -n`. */
  maxConnections: variable('MAX_CONNECTIONS', wholeNumber(1, 1_000_000), 4096),
  /**
   * Open connections per client (IPv4 address, IPv6 /64, as the rate limit counts); past it a new
   * one is closed at once. Trusted proxies (trustProxy) are exempt; 0 = no per-client cap.
   */
  maxConnectionsPerClient: variable('MAX_CONNECTIONS_PER_CLIENT', wholeNumber(0, 1_000_000), 128),
  /** A request's line and headers must arrive within this, counted from its first byte or, on a new connection, from connecting. */
  headersTimeoutSeconds: variable('HEADERS_TIMEOUT_SECONDS', wholeNumber(1, 600), 10),
  /** A connection with no traffic either way for this long is closed, unless it waits on the service's own answer. */
  idleTimeoutSeconds: variable('IDLE_TIMEOUT_SECONDS', wholeNumber(1, 3600), 30),
  /** An idle keep-alive connection is closed after this; behind a load balancer, set it above the balancer's idle timeout. */
  keepAliveTimeoutSeconds: variable('KEEP_ALIVE_TIMEOUT_SECONDS', wholeNumber(1, 600), 5),
  /**
   * The keys attestations and seal tickets are signed with (docs/attestations.md): SIGNING_KEY holds
   * their text, or SIGNING_KEY_FILE names a file holding it. Oldest first; the last private key
   * signs, every key verifies. null: the process makes an ephemeral key (and warns).
   */
  signingKeys: signingKeysFrom('SIGNING_KEY', 'SIGNING_KEY_FILE'),
  /** How long an attestation (GET /v1/attestations/…) stays valid after it is signed. */
  attestationTtlSeconds: variable('ATTESTATION_TTL_SECONDS', wholeNumber(60, 2_592_000), 86_400),
});

export type Config = z.output<typeof SETTINGS>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Environment = process.env): Readonly<Config> {
  // Each setting is handed the whole environment and reads its own variables, so that a setting,
  // its variable and its rule share one line, and one setting may read two (the grade scale).
  const input = Object.fromEntries(Object.keys(SETTINGS.shape).map((field) => [field, env]));
  const result = SETTINGS.safeParse(input);
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => issue.message));
  return Object.freeze(result.data);
}

/** What an empty environment gives. */
export const DEFAULTS: Readonly<Config> = loadConfig({});

/** What `trustbadge check` reads from its environment (the service's own settings do not apply to it). */
export interface CheckEnvironment {
  /** TRUSTBADGE_SERVER: the server when --server is not given. */
  server: string | null;
  /** NO_COLOR set and not empty (no-color.org): no colour unless --color. */
  noColor: boolean;
}

export function loadCheckEnvironment(env: NodeJS.ProcessEnv = process.env): CheckEnvironment {
  const server = env.TRUSTBADGE_SERVER ?? '';
  return { server: server === '' ? null : server, noColor: (env.NO_COLOR ?? '') !== '' };
}

/** What `trustbadge verify` reads from its environment. */
export interface VerifyEnvironment {
  /** TRUSTBADGE_SERVER: the server whose keys verify when neither --jwks nor --server is given. */
  server: string | null;
  /** Where fetched key sets are kept: $XDG_CACHE_HOME/trustbadge/jwks, else ~/.cache/trustbadge/jwks. */
  jwksCacheDir: string;
}

export function loadVerifyEnvironment(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): VerifyEnvironment {
  // The XDG base directory spec: a relative XDG_CACHE_HOME is invalid and ignored.
  const xdg = env.XDG_CACHE_HOME ?? '';
  const cacheHome = xdg.startsWith('/') ? xdg : join(home, '.cache');
  return { server: loadCheckEnvironment(env).server, jwksCacheDir: join(cacheHome, 'trustbadge', 'jwks') };
}
