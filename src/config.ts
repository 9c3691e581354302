// The only reader of process.env: checks every setting once, reports every problem at once
// (naming no secret values), and hands down a frozen Config.

import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { checkGradeScale, DEFAULT_GRADE_SCALE, type GradeScale } from './domain/grade.js';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** null: admin routes answer 404. */
  adminToken: string | null;
  /**
   * The one bound of what badges keep alive: rendered bytes with their compressed variants, and
   * the hot path's remembered answers (HOT_PATH_SHARE of it).
   */
  cacheMaxBytes: number;
  /**
   * How much of the SQLite file reads may map into memory; 0 reads pages through SQLite's own
   * bounded page cache instead. Mapped pages are the OS page cache, but they count in the RSS.
   */
  sqliteMmapBytes: number;
  /** Largest admin import body (POST /v1/import), counted as it streams in (decompressed). */
  importMaxBytes: number;
  /**
   * Longest an admin import may run, from its request to its answer; past it the import is aborted
   * and rolled back (408), releasing the store's write lock. Bounds a client that trickles its body.
   */
  importMaxSeconds: number;
  /** A separate listener for the admin routes (then absent from the public port); null: none. */
  adminPort: number | null;
  adminHost: string;
  /** Remembered store lookups (target → entity), forgotten exactly when a write touches them. */
  lookupCacheEntries: number;
  /** What those lookups may keep alive, estimated per entry (strings at two bytes a character, objects included). */
  lookupCacheMaxBytes: number;
  lookupCacheTtlSeconds: number;
  /** Badge URLs answered before Express, straight from memory. */
  hotPathEntries: number;
  /** Cold renders in flight at once, and how many may wait before a 503. */
  renderConcurrency: number;
  renderQueueMax: number;
  /** Base for links in JSON and snippets, no trailing slash; null: from the request. */
  publicUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  gradeScale: GradeScale;
  /** Cache-Control of a badge that shows a score. */
  badgeCacheControl: string;
  /** Seconds a shields.io endpoint body asks shields to cache it. */
  shieldsCacheSeconds: number;
  /** Seed the sample catalogue into an empty store at start. */
  seedSampleData: boolean;
  fontsDir: string;
  sampleDataPath: string;
  /** The pages' static assets (CSS, JS, icon), served under content-hashed URLs. */
  publicDir: string;
  /** Requests per client per minute that reach past the hot path (cache misses); 0 = no limit. */
  rateLimitMissesPerMinute: number;
  /** Extra misses a client may spend above that rate, at most this many per 10 minutes. */
  rateLimitBurst: number;
  /** Shared limiter state for every replica; null = each process counts alone. */
  redisUrl: string | null;
  /** Prefix of the limiter's Redis keys (replicas that share it share budgets). */
  rateLimitKeyPrefix: string;
  /** Express `trust proxy`: which hops' X-Forwarded-For to believe for the client address. */
  trustProxy: TrustProxy;
  /** Open connections per listener; more are closed as they arrive. Keep well below `ulimit -n`. */
  maxConnections: number;
  /**
   * Open connections per client (IPv4 address, IPv6 /64, as the rate limit counts); past it a new
   * one is closed at once. Trusted proxies (trustProxy) are exempt; 0 = no per-client cap.
   */
  maxConnectionsPerClient: number;
  /** A request's line and headers must arrive within this, counted from its first byte or, on a new connection, from connecting. */
  headersTimeoutSeconds: number;
  /** A connection with no traffic either way for this long is closed, unless it waits on the service's own answer. */
  idleTimeoutSeconds: number;
  /** An idle keep-alive connection is closed after this; behind a load balancer, set it above the balancer's idle timeout. */
  keepAliveTimeoutSeconds: number;
}

/** false: the socket's peer is the client; a hop count; or the proxies' addresses (CIDR, `loopback`, …). */
export type TrustProxy = boolean | number | readonly string[];

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const DEFAULTS = Object.freeze({
  port: 3000,
  host: '0.0.0.0',
  databaseUrl: 'sqlite:./data/trustbadge.db',
  cacheMaxBytes: 64 * 1024 * 1024,
  sqliteMmapBytes: 0,
  importMaxBytes: 1024 ** 3,
  importMaxSeconds: 900,
  adminHost: '127.0.0.1',
  lookupCacheEntries: 100_000,
  lookupCacheMaxBytes: 64 * 1024 * 1024,
  lookupCacheTtlSeconds: 60,
  hotPathEntries: 20_000,
  renderConcurrency: 2,
  renderQueueMax: 256,
  logLevel: 'info',
  badgeCacheControl: 'public, max-age=300, s-maxage=3600, stale-while-revalidate=86400, stale-if-error=604800',
  shieldsCacheSeconds: 300,
  fontsDir: `${ROOT}fonts`,
  sampleDataPath: `${ROOT}data/sample.ndjson`,
  publicDir: `${ROOT}public`,
  rateLimitMissesPerMinute: 600,
  rateLimitBurst: 300,
  rateLimitKeyPrefix: 'trustbadge:rl',
  maxConnections: 4096,
  maxConnectionsPerClient: 128,
  headersTimeoutSeconds: 10,
  idleTimeoutSeconds: 30,
  keepAliveTimeoutSeconds: 5,
});

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MIN_ADMIN_TOKEN_CHARS = 16;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };

  // PORT=0 asks the OS for a free port (the 'listening' log line names it).
  const port = readInteger(read('PORT'), 'PORT', DEFAULTS.port, 0, 65535, problems);
  const cacheMaxBytes = readByteSize(read('CACHE_MAX_BYTES'), problems);
  const sqliteMmapBytes = readByteSize(read('SQLITE_MMAP_BYTES'), problems, { name: 'SQLITE_MMAP_BYTES', fallback: DEFAULTS.sqliteMmapBytes, minBytes: 0 });
  const importMaxBytes = readByteSize(read('IMPORT_MAX_BYTES'), problems, { name: 'IMPORT_MAX_BYTES', fallback: DEFAULTS.importMaxBytes, minBytes: 1024 });
  const lookupCacheEntries = readInteger(read('LOOKUP_CACHE_ENTRIES'), 'LOOKUP_CACHE_ENTRIES', DEFAULTS.lookupCacheEntries, 1, 10_000_000, problems);
  const lookupCacheMaxBytes = readByteSize(read('LOOKUP_CACHE_MAX_BYTES'), problems, { name: 'LOOKUP_CACHE_MAX_BYTES', fallback: DEFAULTS.lookupCacheMaxBytes, minBytes: 1024 * 1024 });
  const lookupCacheTtlSeconds = readInteger(read('LOOKUP_CACHE_TTL_SECONDS'), 'LOOKUP_CACHE_TTL_SECONDS', DEFAULTS.lookupCacheTtlSeconds, 1, 86_400, problems);
  const hotPathEntries = readInteger(read('HOT_PATH_ENTRIES'), 'HOT_PATH_ENTRIES', DEFAULTS.hotPathEntries, 0, 10_000_000, problems);
  const renderConcurrency = readInteger(read('RENDER_CONCURRENCY'), 'RENDER_CONCURRENCY', DEFAULTS.renderConcurrency, 1, 64, problems);
  const renderQueueMax = readInteger(read('RENDER_QUEUE_MAX'), 'RENDER_QUEUE_MAX', DEFAULTS.renderQueueMax, 0, 100_000, problems);
  const shieldsCacheSeconds = readInteger(read('SHIELDS_CACHE_SECONDS'), 'SHIELDS_CACHE_SECONDS', DEFAULTS.shieldsCacheSeconds, 0, 31_536_000, problems);
  const rateLimitMissesPerMinute = readInteger(read('RATE_LIMIT_MISSES_PER_MINUTE'), 'RATE_LIMIT_MISSES_PER_MINUTE', DEFAULTS.rateLimitMissesPerMinute, 0, 1_000_000, problems);
  const rateLimitBurst = readInteger(read('RATE_LIMIT_BURST'), 'RATE_LIMIT_BURST', DEFAULTS.rateLimitBurst, 0, 1_000_000, problems);
  const redisUrl = readRedisUrl(read('REDIS_URL'), problems);
  const rateLimitKeyPrefix = read('RATE_LIMIT_KEY_PREFIX') ?? DEFAULTS.rateLimitKeyPrefix;
  if (!/^[A-Za-z0-9:._-]{1,64}$/.test(rateLimitKeyPrefix)) problems.push('RATE_LIMIT_KEY_PREFIX must be 1 to 64 of A-Z a-z 0-9 : . _ -');
  const trustProxy = readTrustProxy(read('TRUST_PROXY'), problems);
  const importMaxSeconds = readInteger(read('IMPORT_MAX_SECONDS'), 'IMPORT_MAX_SECONDS', DEFAULTS.importMaxSeconds, 1, 86_400, problems);
  const maxConnections = readInteger(read('MAX_CONNECTIONS'), 'MAX_CONNECTIONS', DEFAULTS.maxConnections, 1, 1_000_000, problems);
  const maxConnectionsPerClient = readInteger(read('MAX_CONNECTIONS_PER_CLIENT'), 'MAX_CONNECTIONS_PER_CLIENT', DEFAULTS.maxConnectionsPerClient, 0, 1_000_000, problems);
  const headersTimeoutSeconds = readInteger(read('HEADERS_TIMEOUT_SECONDS'), 'HEADERS_TIMEOUT_SECONDS', DEFAULTS.headersTimeoutSeconds, 1, 600, problems);
  const idleTimeoutSeconds = readInteger(read('IDLE_TIMEOUT_SECONDS'), 'IDLE_TIMEOUT_SECONDS', DEFAULTS.idleTimeoutSeconds, 1, 3600, problems);
  const keepAliveTimeoutSeconds = readInteger(read('KEEP_ALIVE_TIMEOUT_SECONDS'), 'KEEP_ALIVE_TIMEOUT_SECONDS', DEFAULTS.keepAliveTimeoutSeconds, 1, 600, problems);

  const rawAdminPort = read('ADMIN_PORT');
  const adminPort = rawAdminPort === undefined ? null : readInteger(rawAdminPort, 'ADMIN_PORT', 0, 0, 65535, problems);
  const adminToken = read('ADMIN_TOKEN') ?? null;
  if (adminPort !== null && adminToken === null) problems.push('ADMIN_PORT needs ADMIN_TOKEN: without a token there are no admin routes to serve');
  if (adminToken !== null && adminToken.length < MIN_ADMIN_TOKEN_CHARS) {
    problems.push(`ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_CHARS} characters (its value is not shown)`);
  }

  const publicUrl = readPublicUrl(read('PUBLIC_URL'), problems);
  const logLevel = read('LOG_LEVEL') ?? DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const gradeScale = readGradeScale(read('GRADE_THRESHOLDS'), read('TRUST_THRESHOLD'), problems);
  const seed = read('SEED_SAMPLE_DATA') ?? 'true';
  if (seed !== 'true' && seed !== 'false') problems.push('SEED_SAMPLE_DATA must be true or false');

  const badgeCacheControl = read('BADGE_CACHE_CONTROL') ?? DEFAULTS.badgeCacheControl;
  if (/[\r\n]/.test(badgeCacheControl)) problems.push('BADGE_CACHE_CONTROL must be one line');

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    port,
    host: read('HOST') ?? DEFAULTS.host,
    databaseUrl: read('DATABASE_URL') ?? DEFAULTS.databaseUrl,
    adminToken,
    cacheMaxBytes,
    sqliteMmapBytes,
    importMaxBytes,
    adminPort,
    adminHost: read('ADMIN_HOST') ?? DEFAULTS.adminHost,
    lookupCacheEntries,
    lookupCacheMaxBytes,
    lookupCacheTtlSeconds,
    hotPathEntries,
    renderConcurrency,
    renderQueueMax,
    publicUrl,
    logLevel: logLevel as Config['logLevel'],
    gradeScale,
    badgeCacheControl,
    shieldsCacheSeconds,
    seedSampleData: seed === 'true',
    fontsDir: read('FONTS_DIR') ?? DEFAULTS.fontsDir,
    sampleDataPath: read('SAMPLE_DATA_PATH') ?? DEFAULTS.sampleDataPath,
    publicDir: read('PUBLIC_DIR') ?? DEFAULTS.publicDir,
    rateLimitMissesPerMinute,
    rateLimitBurst,
    redisUrl,
    rateLimitKeyPrefix,
    trustProxy,
    importMaxSeconds,
    maxConnections,
    maxConnectionsPerClient,
    headersTimeoutSeconds,
    idleTimeoutSeconds,
    keepAliveTimeoutSeconds,
  });
}

function readInteger(raw: string | undefined, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };

/** Bytes, or with a binary unit: `67108864`, `64MiB`, `512k`. */
function readByteSize(
  raw: string | undefined,
  problems: string[],
  { name, fallback, minBytes } = { name: 'CACHE_MAX_BYTES', fallback: DEFAULTS.cacheMaxBytes, minBytes: 1024 * 1024 },
): number {
  if (raw === undefined) return fallback;
  const match = /^(\d+)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = match ? BYTE_UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : NaN;
  if (!(bytes >= minBytes && bytes <= 64 * 1024 ** 3)) {
    const low = minBytes >= 1024 * 1024 ? `${minBytes / 1024 ** 2}MiB` : minBytes > 0 ? `${minBytes / 1024}KiB` : '0';
    problems.push(`${name} must be a size from ${low} to 64GiB (e.g. 67108864 or 64MiB), got "${raw}"`);
    return fallback;
  }
  return bytes;
}

function readPublicUrl(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    if (url.search !== '' || url.hash !== '') throw new Error('has query');
    return url.href.replace(/\/+$/, '');
  } catch {
    problems.push(`PUBLIC_URL must be an http(s) URL without query or fragment, got "${raw}"`);
    return null;
  }
}

/** redis:// or rediss://; the value may hold a password, so problems never quote it. */
function readRedisUrl(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined) return null;
  const protocol = URL.canParse(raw) ? new URL(raw).protocol : '';
  if (protocol === 'redis:' || protocol === 'rediss:') return raw;
  problems.push('REDIS_URL must be a redis:// or rediss:// URL (its value is not shown)');
  return null;
}

const PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

/** What Express's `trust proxy` takes: true/false, a hop count, or addresses, CIDRs and presets. */
function readTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => {
    if (PROXY_PRESETS.includes(entry)) return false;
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return true;
    return prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (bad.length > 0) {
    problems.push(`TRUST_PROXY must be true, false, a hop count or a list of addresses, CIDRs, ${PROXY_PRESETS.join(', ')}; cannot read ${bad.map((b) => `"${b}"`).join(', ')}`);
    return false;
  }
  return Object.freeze(entries);
}

/** GRADE_THRESHOLDS=`A=80,B=70,C=60,D=40`; TRUST_THRESHOLD=`70`. */
function readGradeScale(thresholds: string | undefined, trust: string | undefined, problems: string[]): GradeScale {
  const minScore = { ...DEFAULT_GRADE_SCALE.minScore };
  if (thresholds !== undefined) {
    const seen = new Set<string>();
    for (const pair of thresholds.split(',')) {
      const match = /^\s*([ABCD])\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(pair);
      if (match === null) {
        problems.push(`GRADE_THRESHOLDS must look like A=80,B=70,C=60,D=40, got "${thresholds}"`);
        return DEFAULT_GRADE_SCALE;
      }
      seen.add(match[1]!);
      minScore[match[1] as keyof typeof minScore] = Number(match[2]);
    }
    if (seen.size !== 4) problems.push('GRADE_THRESHOLDS must set each of A, B, C and D');
  }
  let trustThreshold = DEFAULT_GRADE_SCALE.trustThreshold;
  if (trust !== undefined) {
    trustThreshold = /^\d+(\.\d+)?$/.test(trust) ? Number(trust) : NaN;
  }
  const scale = { minScore, trustThreshold };
  const scaleProblems = checkGradeScale(scale);
  problems.push(...scaleProblems.map((p) => `GRADE_THRESHOLDS/TRUST_THRESHOLD: ${p}`));
  return scaleProblems.length > 0 ? DEFAULT_GRADE_SCALE : Object.freeze({ minScore: Object.freeze(minScore), trustThreshold });
}
