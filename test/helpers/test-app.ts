// Builds the real app on a real SQLite file in a fresh temp folder, seeded from the shipped
// sample catalogue through the operators' import path.

import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { DEFAULTS, loadConfig, type Config } from '../../src/config.js';
import type { Entity } from '../../src/domain/entity.js';
import { createApp } from '../../src/app.js';
import { connectionRulesFor, createAppServer } from '../../src/http/server.js';
import { watchAnswers } from './openapi-answers.js';
import { loadFonts, type BadgeFont } from '../../src/render/fonts.js';
import { createBadgeRenderer, type RenderBadge } from '../../src/render/render-badge.js';
import { importNdjson } from '../../src/services/import-entities.js';
import { seedSampleCatalogue } from '../../src/services/seed-sample.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

let fonts: readonly BadgeFont[] | null = null;
export function testFonts(): readonly BadgeFont[] {
  fonts ??= loadFonts(DEFAULTS.fontsDir);
  return fonts;
}

export const FIXED_NOW = new Date('2026-11-24T12:00:00Z');

export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'trustbadge-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The sample catalogue alone (one point of history each), or as `npm start` seeds it, after its year of history. */
export async function openSeededStore(dir: string, options: { history?: boolean } = {}): Promise<Store> {
  const store = openSqliteStore(join(dir, 'test.db'));
  if (options.history === true) await seedSampleCatalogue(store, DEFAULTS.sampleDataPath, () => FIXED_NOW);
  else await importNdjson(store, createReadStream(DEFAULTS.sampleDataPath), () => FIXED_NOW);
  return store;
}

/**
 * The real app on a real SQLite store, behind the server factory main.ts uses (its connection rules
 * from the same config): `app` is that server, which supertest listens on when asked.
 * `renderBadge` stands in for the renderer (one that fails, or one the test holds); `logger` for the silent one;
 * `sampleHistory` seeds the sample's year of history first, as `npm start` does; `now` is the app's clock (FIXED_NOW by default).
 */
export async function createTestApp(env: NodeJS.ProcessEnv = {}, extra: Entity[] = [], options: { renderBadge?: RenderBadge; logger?: Logger; sampleHistory?: boolean; now?: () => Date } = {}) {
  const dir = tempDir();
  const store = await openSeededStore(dir.path, { history: options.sampleHistory === true });
  if (extra.length > 0) await store.writeEntities(extra);
  const config: Readonly<Config> = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const built = createApp({
    config,
    store,
    fonts: testFonts(),
    logger: options.logger ?? pino({ level: 'silent' }),
    now: options.now ?? (() => FIXED_NOW),
    ...(options.renderBadge === undefined ? {} : { renderBadge: options.renderBadge }),
  });
  const publicServer = createAppServer(built.handler, connectionRulesFor(config, 'public'));
  const adminServer = built.adminHandler === null ? null : createAppServer(built.adminHandler, connectionRulesFor(config, 'admin'));
  watchAnswers(publicServer.server);
  if (adminServer !== null) watchAnswers(adminServer.server, 'admin');
  return {
    /** The production server (hot path, then Express), as main.ts creates it. */
    app: publicServer.server,
    /** Its drain, as SIGTERM runs it. */
    drain: publicServer.drain,
    /** The request listeners themselves, for a test that makes its own server through the factory. */
    handler: built.handler,
    adminHandler: built.adminHandler,
    /** The admin listener's server when ADMIN_PORT is set, else null. */
    adminApp: adminServer?.server ?? null,
    expressApp: built.app,
    hotPath: built.hotPath,
    renderQueue: built.renderQueue,
    cache: built.cache,
    lookupStats: built.lookupStats,
    store,
    config,
    async close() {
      for (const server of [publicServer.server, adminServer?.server]) {
        server?.closeAllConnections();
        server?.close();
      }
      built.close();
      await store.close();
      dir.remove();
    },
  };
}

export function makeEntity(overrides: Partial<Entity> = {}): Entity {
  return {
    registry: 'npm',
    name: 'left-pad',
    category: 'library',
    score: 74,
    dimensions: {},
    description: null,
    author: null,
    sourceUrl: null,
    aliases: [],
    // After every date of the sample catalogue: history only moves forward, so a test's write over
    // a sample entity must not be dated before it.
    updatedAt: '2026-11-01T00:00:00Z',
    ...overrides,
  };
}

/**
 * The real renderer, but renders wait while the test holds them: a cold badge stays in flight
 * for as long as a test needs a write to land meanwhile.
 */
export function holdableRenderer(): { render: RenderBadge; hold: () => void; release: () => void; waiting: () => number } {
  const real = createBadgeRenderer(testFonts());
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  let waiting = 0;
  return {
    render: async (spec) => {
      while (gate !== null) {
        waiting++;
        await gate;
        waiting--;
      }
      return real(spec);
    },
    hold: () => {
      gate ??= new Promise<void>((resolve) => (open = resolve));
    },
    release: () => {
      gate = null;
      open();
    },
    waiting: () => waiting,
  };
}

/** A logger at `info` whose lines the test reads: `lines` holds each write as it came. */
export function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) });
  return { logger: pino({ level: 'info' }, sink), lines };
}
