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
});
