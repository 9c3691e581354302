import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, DEFAULTS, loadConfig, type Config } from '../src/config.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const TOKEN = 'an-admin-token-of-32-characters!';

/** One bad value per variable, each one the schema must refuse. */
const BAD: Readonly<Record<string, string>> = {
  PORT: 'abc', ADMIN_PORT: '65536', CACHE_MAX_BYTES: 'lots', SQLITE_MMAP_BYTES: 'all', CARD_HEAP_BYTES: '16MiB', HISTORY_RETENTION_DAYS: '0', IMPORT_MAX_BYTES: '1023',
  IMPORT_MAX_SECONDS: '0', LOOKUP_CACHE_ENTRIES: '0', LOOKUP_CACHE_MAX_BYTES: '1023k', LOOKUP_CACHE_TTL_SECONDS: '86401',
  HOT_PATH_ENTRIES: '-1', RENDER_CONCURRENCY: '65', RENDER_QUEUE_MAX: '100001', PUBLIC_URL: 'ftp://x', LOG_LEVEL: 'loud',
  GRADE_THRESHOLDS: 'A=x', BADGE_CACHE_CONTROL: 'a\nb', SHIELDS_CACHE_SECONDS: '31536001', SEED_SAMPLE_DATA: 'yes',
  RATE_LIMIT_MISSES_PER_MINUTE: '1.5', RATE_LIMIT_BURST: '1000001', REDIS_URL: 'http://cache', RATE_LIMIT_KEY_PREFIX: 'a b',
  TRUST_PROXY: 'everyone', MAX_CONNECTIONS: '0', MAX_CONNECTIONS_PER_CLIENT: 'none', HEADERS_TIMEOUT_SECONDS: '601',
  IDLE_TIMEOUT_SECONDS: '3601', KEEP_ALIVE_TIMEOUT_SECONDS: 'long', ADMIN_TOKEN: 'short', BATCH_MAX_TARGETS: '0',
};

describe('defaults', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('gives the documented defaults for an empty environment, and DEFAULTS is that config', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 3000, host: '0.0.0.0', databaseUrl: 'sqlite:./data/trustbadge.db', adminToken: null,
      cacheMaxBytes: 64 * MiB, sqliteMmapBytes: 0, cardHeapBytes: 32 * MiB, importMaxBytes: GiB, importMaxSeconds: 900,
      adminPort: null, adminHost: '127.0.0.1', lookupCacheEntries: 100_000, lookupCacheMaxBytes: 64 * MiB,
      lookupCacheTtlSeconds: 60, hotPathEntries: 20_000, renderConcurrency: 2, renderQueueMax: 256, publicUrl: null,
      logLevel: 'info', gradeScale: { minScore: { A: 80, B: 70, C: 60, D: 40 }, trustThreshold: 70 },
      badgeCacheControl: 'public, max-age=300, s-maxage=3600, stale-while-revalidate=86400, stale-if-error=604800',
      shieldsCacheSeconds: 300, seedSampleData: true, batchMaxTargets: 1_000,
      fontsDir: expect.stringMatching(/\/fonts$/), sampleDataPath: expect.stringMatching(/\/data\/sample\.ndjson$/),
      publicDir: expect.stringMatching(/\/public$/),
      rateLimitMissesPerMinute: 600, rateLimitBurst: 300, redisUrl: null, rateLimitKeyPrefix: 'trustbadge:rl',
      trustProxy: false, maxConnections: 4096, maxConnectionsPerClient: 128, headersTimeoutSeconds: 10,
      idleTimeoutSeconds: 30, keepAliveTimeoutSeconds: 5, historyRetentionDays: 730,
      signingKeys: null, attestationTtlSeconds: 86_400,
    } satisfies Record<keyof Config, unknown>);
    expect(DEFAULTS).toEqual(config);
  });

  it('treats every empty variable as unset', () => {
    const empty = Object.fromEntries([...Object.keys(BAD), 'HOST', 'DATABASE_URL', 'ADMIN_HOST', 'TRUST_THRESHOLD', 'FONTS_DIR', 'SAMPLE_DATA_PATH', 'PUBLIC_DIR'].map((name) => [name, '']));
    expect(loadConfig(empty)).toEqual(DEFAULTS);
  });

  it('reads process.env when given no environment', () => {
    vi.stubEnv('PORT', '4321');
    vi.stubEnv('TRUST_PROXY', 'loopback');
    expect(loadConfig()).toMatchObject({ port: 4321, trustProxy: ['loopback'] });
  });
});

describe('accepted forms', () => {
  it.each<[string, string, keyof Config, unknown]>([
    ['PORT', '0', 'port', 0],
    ['PORT', '65535', 'port', 65535],
    ['PORT', '007', 'port', 7],
    ['HOST', '::', 'host', '::'],
    ['DATABASE_URL', 'postgres://app@db/trustbadge', 'databaseUrl', 'postgres://app@db/trustbadge'],
    ['ADMIN_TOKEN', '0123456789abcdef', 'adminToken', '0123456789abcdef'],
    ['ADMIN_HOST', '::1', 'adminHost', '::1'],
    ['CACHE_MAX_BYTES', '128MiB', 'cacheMaxBytes', 128 * MiB],
    ['CACHE_MAX_BYTES', '1048576', 'cacheMaxBytes', MiB],
    ['CACHE_MAX_BYTES', '2048k', 'cacheMaxBytes', 2 * MiB],
    ['CACHE_MAX_BYTES', ' 2 mib ', 'cacheMaxBytes', 2 * MiB],
    ['CACHE_MAX_BYTES', '64GiB', 'cacheMaxBytes', 64 * GiB],
    ['SQLITE_MMAP_BYTES', '0', 'sqliteMmapBytes', 0],
    ['SQLITE_MMAP_BYTES', '4G', 'sqliteMmapBytes', 4 * GiB],
    ['IMPORT_MAX_BYTES', '1KiB', 'importMaxBytes', 1024],
    ['IMPORT_MAX_BYTES', '4m', 'importMaxBytes', 4 * MiB],
    ['LOOKUP_CACHE_MAX_BYTES', '1M', 'lookupCacheMaxBytes', MiB],
    ['IMPORT_MAX_SECONDS', '86400', 'importMaxSeconds', 86_400],
    ['LOOKUP_CACHE_ENTRIES', '10000000', 'lookupCacheEntries', 10_000_000],
    ['LOOKUP_CACHE_TTL_SECONDS', '1', 'lookupCacheTtlSeconds', 1],
    ['HOT_PATH_ENTRIES', '0', 'hotPathEntries', 0],
    ['RENDER_CONCURRENCY', '64', 'renderConcurrency', 64],
    ['RENDER_QUEUE_MAX', '0', 'renderQueueMax', 0],
    ['PUBLIC_URL', 'https://badges.example.org/', 'publicUrl', 'https://badges.example.org'],
    ['PUBLIC_URL', 'http://example.org/trust//', 'publicUrl', 'http://example.org/trust'],
    ['LOG_LEVEL', 'silent', 'logLevel', 'silent'],
    ['BADGE_CACHE_CONTROL', 'no-cache', 'badgeCacheControl', 'no-cache'],
    ['SHIELDS_CACHE_SECONDS', '0', 'shieldsCacheSeconds', 0],
    ['SEED_SAMPLE_DATA', 'false', 'seedSampleData', false],
    ['SEED_SAMPLE_DATA', 'true', 'seedSampleData', true],
    ['FONTS_DIR', '/srv/fonts', 'fontsDir', '/srv/fonts'],
    ['SAMPLE_DATA_PATH', '/srv/sample.ndjson', 'sampleDataPath', '/srv/sample.ndjson'],
    ['PUBLIC_DIR', '/srv/public', 'publicDir', '/srv/public'],
    ['RATE_LIMIT_MISSES_PER_MINUTE', '0', 'rateLimitMissesPerMinute', 0],
    ['RATE_LIMIT_BURST', '1000000', 'rateLimitBurst', 1_000_000],
    ['REDIS_URL', 'redis://127.0.0.1:6379', 'redisUrl', 'redis://127.0.0.1:6379'],
    ['REDIS_URL', 'rediss://cache.internal:6380/2', 'redisUrl', 'rediss://cache.internal:6380/2'],
    ['RATE_LIMIT_KEY_PREFIX', 'tb:eu-1.rl_x', 'rateLimitKeyPrefix', 'tb:eu-1.rl_x'],
    ['TRUST_PROXY', 'false', 'trustProxy', false],
    ['TRUST_PROXY', 'true', 'trustProxy', true],
    ['TRUST_PROXY', '0', 'trustProxy', 0],
    ['TRUST_PROXY', '2', 'trustProxy', 2],
    ['TRUST_PROXY', 'loopback, 10.0.0.0/8, 2001:db8::/32, 192.0.2.7', 'trustProxy', ['loopback', '10.0.0.0/8', '2001:db8::/32', '192.0.2.7']],
    ['TRUST_PROXY', 'linklocal,uniquelocal,::1/128', 'trustProxy', ['linklocal', 'uniquelocal', '::1/128']],
    ['MAX_CONNECTIONS', '1000000', 'maxConnections', 1_000_000],
    ['MAX_CONNECTIONS_PER_CLIENT', '0', 'maxConnectionsPerClient', 0],
    ['HEADERS_TIMEOUT_SECONDS', '600', 'headersTimeoutSeconds', 600],
    ['IDLE_TIMEOUT_SECONDS', '3600', 'idleTimeoutSeconds', 3600],
    ['KEEP_ALIVE_TIMEOUT_SECONDS', '65', 'keepAliveTimeoutSeconds', 65],
  ])('%s=%j → %s %j', (name, raw, field, expected) => {
    const config = loadConfig({ [name]: raw });
    expect(config[field]).toEqual(expected);
    expect({ ...config, [field]: DEFAULTS[field] }).toEqual(DEFAULTS);
  });

  it('takes ADMIN_PORT with a token', () => {
    expect(loadConfig({ ADMIN_PORT: '9001', ADMIN_TOKEN: TOKEN })).toMatchObject({ adminPort: 9001, adminToken: TOKEN });
    expect(loadConfig({ ADMIN_PORT: '0', ADMIN_TOKEN: TOKEN }).adminPort).toBe(0);
  });

  it('reads a grade scale from GRADE_THRESHOLDS and TRUST_THRESHOLD together', () => {
    expect(loadConfig({ GRADE_THRESHOLDS: 'A=90,B=75,C=60,D=45', TRUST_THRESHOLD: '75' }).gradeScale)
      .toEqual({ minScore: { A: 90, B: 75, C: 60, D: 45 }, trustThreshold: 75 });
    expect(loadConfig({ GRADE_THRESHOLDS: ' D = 30 , C=50,B=65.5,A=85' }).gradeScale)
      .toEqual({ minScore: { A: 85, B: 65.5, C: 50, D: 30 }, trustThreshold: 70 });
    expect(loadConfig({ TRUST_THRESHOLD: '0' }).gradeScale).toEqual({ minScore: { A: 80, B: 70, C: 60, D: 40 }, trustThreshold: 0 });
  });

  it('accepts each default written out as its variable', () => {
    const written = {
      PORT: '3000', CACHE_MAX_BYTES: '64MiB', SQLITE_MMAP_BYTES: '0', CARD_HEAP_BYTES: '32MiB', IMPORT_MAX_BYTES: '1GiB', IMPORT_MAX_SECONDS: '900',
      LOOKUP_CACHE_ENTRIES: '100000', LOOKUP_CACHE_MAX_BYTES: '64MiB', LOOKUP_CACHE_TTL_SECONDS: '60', HOT_PATH_ENTRIES: '20000',
      RENDER_CONCURRENCY: '2', RENDER_QUEUE_MAX: '256', LOG_LEVEL: 'info', GRADE_THRESHOLDS: 'A=80,B=70,C=60,D=40', TRUST_THRESHOLD: '70',
      BADGE_CACHE_CONTROL: DEFAULTS.badgeCacheControl, SHIELDS_CACHE_SECONDS: '300', SEED_SAMPLE_DATA: 'true',
      RATE_LIMIT_MISSES_PER_MINUTE: '600', RATE_LIMIT_BURST: '300', RATE_LIMIT_KEY_PREFIX: 'trustbadge:rl', TRUST_PROXY: 'false',
      MAX_CONNECTIONS: '4096', MAX_CONNECTIONS_PER_CLIENT: '128', HEADERS_TIMEOUT_SECONDS: '10', IDLE_TIMEOUT_SECONDS: '30',
      KEEP_ALIVE_TIMEOUT_SECONDS: '5',
    };
    expect(loadConfig(written)).toEqual(DEFAULTS);
  });
});

describe('refused forms', () => {
  it.each<[string, string, string | RegExp]>([
    ['PORT', 'abc', 'PORT must be a whole number from 0 to 65535, got "abc"'],
    ['PORT', '65536', 'PORT must be a whole number from 0 to 65535, got "65536"'],
    ['PORT', '-1', 'PORT must be a whole number from 0 to 65535, got "-1"'],
    ['PORT', ' 80', 'PORT must be a whole number from 0 to 65535, got " 80"'],
    ['PORT', '1e3', 'PORT must be a whole number from 0 to 65535, got "1e3"'],
    ['CACHE_MAX_BYTES', 'lots', 'CACHE_MAX_BYTES must be a size from 1MiB to 64GiB (e.g. 67108864 or 64MiB), got "lots"'],
    ['CACHE_MAX_BYTES', '1048575', /^CACHE_MAX_BYTES must be a size from 1MiB to 64GiB/],
    ['CACHE_MAX_BYTES', '65GiB', /^CACHE_MAX_BYTES must be a size from 1MiB to 64GiB/],
    ['CACHE_MAX_BYTES', '2mb', /^CACHE_MAX_BYTES must be a size/],
    ['CACHE_MAX_BYTES', '1.5GiB', /^CACHE_MAX_BYTES must be a size/],
    ['SQLITE_MMAP_BYTES', 'all', 'SQLITE_MMAP_BYTES must be a size from 0 to 64GiB (e.g. 67108864 or 64MiB), got "all"'],
    ['CARD_HEAP_BYTES', '16MiB', 'CARD_HEAP_BYTES must be a size from 24MiB to 64GiB (e.g. 67108864 or 64MiB), got "16MiB"'],
    ['IMPORT_MAX_BYTES', '1023', 'IMPORT_MAX_BYTES must be a size from 1KiB to 64GiB (e.g. 67108864 or 64MiB), got "1023"'],
    ['LOOKUP_CACHE_MAX_BYTES', '1023k', /^LOOKUP_CACHE_MAX_BYTES must be a size from 1MiB to 64GiB/],
    ['IMPORT_MAX_SECONDS', '0', 'IMPORT_MAX_SECONDS must be a whole number from 1 to 86400, got "0"'],
    ['LOOKUP_CACHE_ENTRIES', '10000001', 'LOOKUP_CACHE_ENTRIES must be a whole number from 1 to 10000000, got "10000001"'],
    ['LOOKUP_CACHE_TTL_SECONDS', '0', 'LOOKUP_CACHE_TTL_SECONDS must be a whole number from 1 to 86400, got "0"'],
    ['HOT_PATH_ENTRIES', 'many', 'HOT_PATH_ENTRIES must be a whole number from 0 to 10000000, got "many"'],
    ['RENDER_CONCURRENCY', '0', 'RENDER_CONCURRENCY must be a whole number from 1 to 64, got "0"'],
    ['RENDER_QUEUE_MAX', '100001', 'RENDER_QUEUE_MAX must be a whole number from 0 to 100000, got "100001"'],
    ['PUBLIC_URL', 'ftp://x', 'PUBLIC_URL must be an http(s) URL without query or fragment, got "ftp://x"'],
    ['PUBLIC_URL', 'https://x/?q=1', /^PUBLIC_URL must be an http\(s\) URL/],
    ['PUBLIC_URL', 'https://x/#top', /^PUBLIC_URL must be an http\(s\) URL/],
    ['PUBLIC_URL', 'badges.example.org', /^PUBLIC_URL must be an http\(s\) URL/],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    ['LOG_LEVEL', 'INFO', /^LOG_LEVEL must be one of/],
    ['BADGE_CACHE_CONTROL', 'public\r\nSet-Cookie: a=b', 'BADGE_CACHE_CONTROL must be one line'],
    ['SHIELDS_CACHE_SECONDS', '31536001', 'SHIELDS_CACHE_SECONDS must be a whole number from 0 to 31536000, got "31536001"'],
    ['SEED_SAMPLE_DATA', 'yes', 'SEED_SAMPLE_DATA must be true or false'],
    ['SEED_SAMPLE_DATA', 'TRUE', 'SEED_SAMPLE_DATA must be true or false'],
    ['RATE_LIMIT_MISSES_PER_MINUTE', '-1', 'RATE_LIMIT_MISSES_PER_MINUTE must be a whole number from 0 to 1000000, got "-1"'],
    ['RATE_LIMIT_BURST', '1000001', 'RATE_LIMIT_BURST must be a whole number from 0 to 1000000, got "1000001"'],
    ['REDIS_URL', 'http://cache:6379', 'REDIS_URL must be a redis:// or rediss:// URL (its value is not shown)'],
    ['RATE_LIMIT_KEY_PREFIX', 'a b', 'RATE_LIMIT_KEY_PREFIX must be 1 to 64 of A-Z a-z 0-9 : . _ -'],
    ['RATE_LIMIT_KEY_PREFIX', 'x'.repeat(65), 'RATE_LIMIT_KEY_PREFIX must be 1 to 64 of A-Z a-z 0-9 : . _ -'],
    ['TRUST_PROXY', 'loopback, 10.0.0.0/33, everyone', /^TRUST_PROXY must be true, false, a hop count or a list of addresses, CIDRs, loopback, linklocal, uniquelocal; cannot read "10\.0\.0\.0\/33", "everyone"$/],
    ['TRUST_PROXY', '::1/129', /cannot read "::1\/129"$/],
    ['TRUST_PROXY', '10.0.0.0/8/8', /cannot read "10\.0\.0\.0\/8\/8"$/],
    ['TRUST_PROXY', '100', /cannot read "100"$/],
    ['TRUST_PROXY', 'TRUE', /cannot read "TRUE"$/],
    ['MAX_CONNECTIONS', '0', 'MAX_CONNECTIONS must be a whole number from 1 to 1000000, got "0"'],
    ['MAX_CONNECTIONS_PER_CLIENT', '-1', 'MAX_CONNECTIONS_PER_CLIENT must be a whole number from 0 to 1000000, got "-1"'],
    ['HEADERS_TIMEOUT_SECONDS', '0', 'HEADERS_TIMEOUT_SECONDS must be a whole number from 1 to 600, got "0"'],
    ['IDLE_TIMEOUT_SECONDS', '1.5', 'IDLE_TIMEOUT_SECONDS must be a whole number from 1 to 3600, got "1.5"'],
    ['KEEP_ALIVE_TIMEOUT_SECONDS', 'long', 'KEEP_ALIVE_TIMEOUT_SECONDS must be a whole number from 1 to 600, got "long"'],
    ['ADMIN_TOKEN', '0123456789abcde', 'ADMIN_TOKEN must be at least 16 characters (its value is not shown)'],
  ])('%s=%j', (name, raw, problem) => {
    const problems = problemsOf({ [name]: raw });
    expect(problems).toHaveLength(1);
    if (typeof problem === 'string') expect(problems[0]).toBe(problem);
    else expect(problems[0]).toMatch(problem);
  });

  it('refuses ADMIN_PORT without ADMIN_TOKEN, and a bad ADMIN_PORT on both counts', () => {
    expect(problemsOf({ ADMIN_PORT: '9001' })).toEqual(['ADMIN_PORT needs ADMIN_TOKEN: without a token there are no admin routes to serve']);
    expect(problemsOf({ ADMIN_PORT: '9001', ADMIN_TOKEN: '' })).toHaveLength(1);
    expect(problemsOf({ ADMIN_PORT: 'abc' })).toEqual(expect.arrayContaining([
      'ADMIN_PORT must be a whole number from 0 to 65535, got "abc"',
      'ADMIN_PORT needs ADMIN_TOKEN: without a token there are no admin routes to serve',
    ]));
    expect(problemsOf({ ADMIN_PORT: '70000', ADMIN_TOKEN: TOKEN })).toEqual(['ADMIN_PORT must be a whole number from 0 to 65535, got "70000"']);
    expect(problemsOf({ ADMIN_PORT: '9001', ADMIN_TOKEN: 'too-short' })).toEqual(['ADMIN_TOKEN must be at least 16 characters (its value is not shown)']);
  });

  it('refuses a grade scale that is malformed, incomplete or does not decrease', () => {
    expect(problemsOf({ GRADE_THRESHOLDS: 'A=x' })).toEqual(['GRADE_THRESHOLDS must look like A=80,B=70,C=60,D=40, got "A=x"']);
    expect(problemsOf({ GRADE_THRESHOLDS: 'A=80' })).toEqual(['GRADE_THRESHOLDS must set each of A, B, C and D']);
    expect(problemsOf({ GRADE_THRESHOLDS: 'A=60,B=70,C=60,D=40' })).toEqual(['GRADE_THRESHOLDS/TRUST_THRESHOLD: grade thresholds must decrease strictly: A > B > C > D']);
    expect(problemsOf({ GRADE_THRESHOLDS: 'A=50' })).toEqual([
      'GRADE_THRESHOLDS must set each of A, B, C and D',
      'GRADE_THRESHOLDS/TRUST_THRESHOLD: grade thresholds must decrease strictly: A > B > C > D',
    ]);
    expect(problemsOf({ GRADE_THRESHOLDS: 'A=101,B=70,C=60,D=40' })).toEqual(['GRADE_THRESHOLDS/TRUST_THRESHOLD: grade A threshold must be a number from 0 to 100']);
    expect(problemsOf({ TRUST_THRESHOLD: 'high' })).toEqual(['GRADE_THRESHOLDS/TRUST_THRESHOLD: trust threshold must be a number from 0 to 100']);
    expect(problemsOf({ TRUST_THRESHOLD: '101' })).toEqual(['GRADE_THRESHOLDS/TRUST_THRESHOLD: trust threshold must be a number from 0 to 100']);
  });
});

describe('every problem at once', () => {
  it('reports one line per bad variable, each naming its variable', () => {
    const problems = problemsOf(BAD);
    const names = Object.keys(BAD);
    expect(problems).toHaveLength(names.length);
    for (const name of names) {
      expect(problems.filter((problem) => problem.startsWith(`${name} `)), name).toHaveLength(1);
    }
    expect(problems.every((problem) => !problem.includes('\n'))).toBe(true);
  });

  it('lists them all in the error message too', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe([
        'invalid configuration:',
        '  - PORT must be a whole number from 0 to 65535, got "abc"',
        '  - LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      ].join('\n'));
    }
  });
});

describe('secrets', () => {
  const SECRET = 'hunter2-5f1c9e';

  it.each<[string, NodeJS.ProcessEnv]>([
    ['a short ADMIN_TOKEN', { ADMIN_TOKEN: SECRET }],
    ['a REDIS_URL of the wrong scheme', { REDIS_URL: `http://:${SECRET}@cache:6379` }],
    ['a REDIS_URL that is no URL', { REDIS_URL: `${SECRET} cache` }],
    ['valid secrets beside every other problem', { ...BAD, ADMIN_TOKEN: `${SECRET}-long-enough`, REDIS_URL: `redis://:${SECRET}@cache`, DATABASE_URL: `postgres://app:${SECRET}@db/trustbadge` }],
    ['bad secrets beside every other problem', { ...BAD, ADMIN_TOKEN: SECRET, REDIS_URL: `rediz://:${SECRET}@cache`, DATABASE_URL: `postgres://app:${SECRET}@db/trustbadge` }],
  ])('quotes no secret value for %s', (_, env) => {
    let message = '';
    try {
      loadConfig(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      message = `${error.message}\n${error.problems.join('\n')}\n${JSON.stringify(error)}`;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain('hunter2');
  });
});

describe('the result', () => {
  it('is frozen, down to the grade scale and the proxy list', () => {
    const config = loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8', GRADE_THRESHOLDS: 'A=90,B=75,C=60,D=45' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.gradeScale)).toBe(true);
    expect(Object.isFrozen(config.gradeScale.minScore)).toBe(true);
    expect(Object.isFrozen(config.trustProxy)).toBe(true);
    expect(Object.isFrozen(DEFAULTS)).toBe(true);
    expect(() => { (config as Config).port = 1; }).toThrow(TypeError);
  });

  it('is a new object each time, unaffected by later changes to the environment', () => {
    const env: NodeJS.ProcessEnv = { PORT: '8080' };
    const first = loadConfig(env);
    env.PORT = '9090';
    expect(first.port).toBe(8080);
    expect(loadConfig(env)).not.toBe(first);
  });
});

describe('signing keys and attestations', () => {
  const pem = (type: 'ed25519' | 'rsa') =>
    (type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 1024 }) : generateKeyPairSync('ed25519')).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;

  it('reads SIGNING_KEY, or the file SIGNING_KEY_FILE names, and ATTESTATION_TTL_SECONDS', () => {
    const key = pem('ed25519');
    const fromText = loadConfig({ SIGNING_KEY: key });
    expect(fromText.signingKeys?.map((k) => [k.alg, k.privateKey?.type])).toEqual([['EdDSA', 'private']]);
    expect({ ...fromText, signingKeys: null }).toEqual(DEFAULTS);
    const dir = mkdtempSync(join(tmpdir(), 'trustbadge-config-'));
    try {
      writeFileSync(join(dir, 'signing.pem'), key);
      expect(loadConfig({ SIGNING_KEY_FILE: join(dir, 'signing.pem') }).signingKeys![0]!.publicKey.equals(fromText.signingKeys![0]!.publicKey)).toBe(true);
      expect(problemsOf({ SIGNING_KEY_FILE: join(dir, 'absent.pem') })).toEqual([`SIGNING_KEY_FILE cannot be read (ENOENT): "${join(dir, 'absent.pem')}"`]);
      expect(problemsOf({ SIGNING_KEY_FILE: dir })).toEqual([`SIGNING_KEY_FILE must name a file of at most 1MiB, got "${dir}"`]);
      expect(problemsOf({ SIGNING_KEY: key, SIGNING_KEY_FILE: join(dir, 'signing.pem') }))
        .toEqual(['SIGNING_KEY and SIGNING_KEY_FILE are both set: set one (the key text, or the path of a file holding it)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(loadConfig({ ATTESTATION_TTL_SECONDS: '60' }).attestationTtlSeconds).toBe(60);
    expect(loadConfig({ ATTESTATION_TTL_SECONDS: '2592000' }).attestationTtlSeconds).toBe(2_592_000);
  });

  it('refuses keys of the wrong type and a TTL out of range, each in one line, beside every other problem', () => {
    expect(problemsOf({ ATTESTATION_TTL_SECONDS: '59' })).toEqual(['ATTESTATION_TTL_SECONDS must be a whole number from 60 to 2592000, got "59"']);
    expect(problemsOf({ ATTESTATION_TTL_SECONDS: '2592001' })).toHaveLength(1);
    expect(problemsOf({ SIGNING_KEY: `${pem('ed25519')}${pem('rsa')}` })).toEqual([
      expect.stringMatching(/^SIGNING_KEY holds no usable signing keys: key 2 \(PEM "PRIVATE KEY"\) is an RSA key: only Ed25519 \(EdDSA\) and EC P-256 \(ES256\) keys are accepted \(key material is not shown\)$/),
    ]);
    const problems = problemsOf({ ...BAD, SIGNING_KEY: 'not a key', ATTESTATION_TTL_SECONDS: '1' });
    expect(problems).toHaveLength(Object.keys(BAD).length + 2);
    expect(problems.filter((p) => p.startsWith('SIGNING_KEY ') || p.startsWith('ATTESTATION_TTL_SECONDS '))).toHaveLength(2);
  });

  it('never quotes the key text, whatever is wrong with it', () => {
    const rsa = pem('rsa');
    const body = rsa.split('\n')[1]!;
    for (const env of [{ SIGNING_KEY: rsa }, { SIGNING_KEY: rsa.replace(/-----END.*/, '') }, { SIGNING_KEY: `{"kty":"OKP","crv":"Ed25519","d":"${body}"` }, { SIGNING_KEY: body }]) {
      const message = problemsOf(env).join('\n');
      expect(message).toMatch(/^SIGNING_KEY /);
      expect(message).not.toContain(body.slice(0, 24));
    }
  });
});
