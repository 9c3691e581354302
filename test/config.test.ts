import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULTS, loadConfig } from '../src/config.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('gives the documented defaults and a frozen object', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000, host: '0.0.0.0', databaseUrl: 'sqlite:./data/trustbadge.db', adminToken: null,
      cacheMaxBytes: 64 * 1024 * 1024, sqliteMmapBytes: 0, publicUrl: null, seedSampleData: true,
      badgeCacheControl: DEFAULTS.badgeCacheControl,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('refuses PORT=abc and lists every problem at once', () => {
    const problems = problemsOf({ PORT: 'abc', CACHE_MAX_BYTES: 'lots', PUBLIC_URL: 'ftp://x', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^PORT must be a whole number from 0 to 65535/);
  });

  it('never prints the admin token', () => {
    const problems = problemsOf({ ADMIN_TOKEN: 'short-secret' });
    expect(problems).toHaveLength(1);
    expect(problems.join()).not.toContain('short-secret');
  });

  it('reads sizes with binary units and a custom grade scale', () => {
    const config = loadConfig({ CACHE_MAX_BYTES: '128MiB', GRADE_THRESHOLDS: 'A=90,B=75,C=60,D=45', TRUST_THRESHOLD: '75', PUBLIC_URL: 'https://badges.example.org/' });
    expect(config.cacheMaxBytes).toBe(128 * 1024 * 1024);
    expect(config.gradeScale).toEqual({ minScore: { A: 90, B: 75, C: 60, D: 45 }, trustThreshold: 75 });
    expect(config.publicUrl).toBe('https://badges.example.org');
  });

  it('maps no SQLite file unless told, and reads the mapping size like the other sizes', () => {
    expect(loadConfig({ SQLITE_MMAP_BYTES: '4GiB' }).sqliteMmapBytes).toBe(4 * 1024 ** 3);
    expect(loadConfig({ SQLITE_MMAP_BYTES: '0' }).sqliteMmapBytes).toBe(0);
    expect(problemsOf({ SQLITE_MMAP_BYTES: 'all' })).toEqual(['SQLITE_MMAP_BYTES must be a size from 0 to 64GiB (e.g. 67108864 or 64MiB), got "all"']);
  });

  it('refuses a scale that does not decrease', () => {
    expect(problemsOf({ GRADE_THRESHOLDS: 'A=60,B=70,C=60,D=40' })).toHaveLength(1);
    expect(problemsOf({ GRADE_THRESHOLDS: 'A=80' })).toEqual(['GRADE_THRESHOLDS must set each of A, B, C and D']);
  });

  it('bounds connections and imports by default, and reads each bound in whole units', () => {
    expect(loadConfig({})).toMatchObject({
      maxConnections: 4096, maxConnectionsPerClient: 128, headersTimeoutSeconds: 10, idleTimeoutSeconds: 30,
      keepAliveTimeoutSeconds: 5, importMaxSeconds: 900,
    });
    const tuned = loadConfig({
      MAX_CONNECTIONS: '10000', MAX_CONNECTIONS_PER_CLIENT: '0', HEADERS_TIMEOUT_SECONDS: '20', IDLE_TIMEOUT_SECONDS: '60',
      KEEP_ALIVE_TIMEOUT_SECONDS: '65', IMPORT_MAX_SECONDS: '3600',
    });
    expect(tuned).toMatchObject({
      maxConnections: 10_000, maxConnectionsPerClient: 0, headersTimeoutSeconds: 20, idleTimeoutSeconds: 60,
      keepAliveTimeoutSeconds: 65, importMaxSeconds: 3600,
    });
  });

  it('refuses every bad connection or import bound at once, a zero where it would switch a bound off', () => {
    const problems = problemsOf({
      MAX_CONNECTIONS: '0', MAX_CONNECTIONS_PER_CLIENT: '-1', HEADERS_TIMEOUT_SECONDS: '0', IDLE_TIMEOUT_SECONDS: '1.5',
      KEEP_ALIVE_TIMEOUT_SECONDS: 'long', IMPORT_MAX_SECONDS: '0',
    });
    expect(problems).toHaveLength(6);
    expect(problems).toEqual(expect.arrayContaining([
      'IMPORT_MAX_SECONDS must be a whole number from 1 to 86400, got "0"',
      'MAX_CONNECTIONS must be a whole number from 1 to 1000000, got "0"',
      'MAX_CONNECTIONS_PER_CLIENT must be a whole number from 0 to 1000000, got "-1"',
      'HEADERS_TIMEOUT_SECONDS must be a whole number from 1 to 600, got "0"',
      'IDLE_TIMEOUT_SECONDS must be a whole number from 1 to 3600, got "1.5"',
      'KEEP_ALIVE_TIMEOUT_SECONDS must be a whole number from 1 to 600, got "long"',
    ]));
  });
});
