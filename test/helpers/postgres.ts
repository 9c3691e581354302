// PostgreSQL for tests: TEST_DATABASE_URL names the server (required under CI=true, where a missing
// one fails the file instead of skipping it); each test file works in a schema of its own, dropped after.

import pg from 'pg';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';

/** The server to test against, or null (outside CI) to skip with a reason. */
export function testDatabaseUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL;
  if (url !== undefined && url !== '') return url;
  if (process.env.CI === 'true') throw new Error('TEST_DATABASE_URL is required under CI=true (e.g. postgres://postgres@127.0.0.1:5432/test)');
  return null;
}

const SKIP_REASON = 'TEST_DATABASE_URL is not set: PostgreSQL tests skipped';

/** A PostgreSQL suite's title, saying why it is skipped when it is (no TEST_DATABASE_URL, outside CI). */
export function postgresTitle(title: string): string {
  return testDatabaseUrl() === null ? `${title} (${SKIP_REASON})` : title;
}

/** A schema name no other test file (or parallel run) uses. */
export function uniqueSchema(label: string): string {
  return `tb_${label}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Empties a schema's tables between tests (faster than a schema per test). */
export async function truncateStore(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`TRUNCATE ${['entities', 'aliases', 'registries', 'changes', 'score_history', 'catalogue_versions'].map((t) => `${pg.escapeIdentifier(schema)}.${t}`).join(', ')} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
}

export function openTestPostgresStore(url: string, schema: string): Promise<PostgresStore> {
  return openPostgresStore(url, { schema, maxConnections: 4 });
}

/** Polls `check` until it returns true or `deadlineMs` passes; no fixed sleeps. */
export async function eventually(check: () => boolean | Promise<boolean>, deadlineMs: number, stepMs = 10): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
